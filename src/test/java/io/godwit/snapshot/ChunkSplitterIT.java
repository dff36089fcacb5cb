package io.godwit.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.schema.Table;
import io.godwit.testing.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkSplitterIT {

  /**
   * A PostgreSQL table never analyzed has no row estimate; splitting its key span as if every key
   * value were a row made hundreds of thousands of empty chunks (and a copy that ran for an hour).
   */
  @Test
  void aTableWithoutStatisticsIsSplitByItsCountedRowsNotByItsKeySpan() throws Exception {
    try (TestDatabase db = TestDatabase.postgres("chunk_splitter")) {
      db.execute(
          "CREATE TABLE sparse (id int PRIMARY KEY)",
          "INSERT INTO sparse VALUES (-2147483648), (0), (2147483647)");
      Dialect dialect = Dialect.of(Engine.POSTGRESQL);
      try (Connection c = db.connect()) {
        Table table =
            dialect.catalog().tables(c, db.schema()).stream()
                .filter(t -> t.name().equals("sparse"))
                .findFirst()
                .orElseThrow();
        assertThat(table.estimatedRows()).as("no statistics yet").isLessThanOrEqualTo(0);

        List<Chunk> chunks =
            new ChunkSplitter(dialect, 1000, 64 << 20).plan(c, table, List.of("id"));

        assertThat(chunks).hasSize(1);
      }
    }
  }
}
