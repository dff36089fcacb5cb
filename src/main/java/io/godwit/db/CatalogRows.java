package io.godwit.db;

import io.godwit.schema.Column;
import io.godwit.schema.ForeignKey;
import io.godwit.schema.Index;
import io.godwit.schema.Table;
import java.util.ArrayList;
import java.util.List;

/** What the catalogs share: a table whose parts are being read. */
final class CatalogRows {

  private CatalogRows() {}

  /** A table while its parts are read. */
  static final class TableParts {
    final long rows;
    final long bytes;
    final List<Column> columns = new ArrayList<>();
    final List<Index> indexes = new ArrayList<>();
    final List<ForeignKey> foreignKeys = new ArrayList<>();
    final List<String> skippedIndexes = new ArrayList<>();
    Index primaryKey;

    TableParts(long rows, long bytes) {
      this.rows = rows;
      this.bytes = bytes;
    }

    Table toTable(String schema, String name, String replicaIdentity) {
      return new Table(
          schema,
          name,
          columns,
          primaryKey,
          indexes,
          foreignKeys,
          rows,
          bytes,
          replicaIdentity,
          skippedIndexes);
    }
  }
}
