package io.godwit.apply;

import io.godwit.engine.Engine;
import io.godwit.schema.Column;
import io.godwit.schema.ExampleTypes;
import io.godwit.schema.Index;
import io.godwit.schema.SchemaTranslator;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.schema.Translation;
import io.godwit.schema.TypeMappings;
import io.godwit.schema.TypeOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Source tables from example types, translated for a target as {@code plan} would. */
public final class TestTables {

  private TestTables() {}

  /**
   * @param key the row key's column names
   * @param columns column names and types in pairs: {@code "id", "int(11)", "c", "datetime(6)"}
   */
  public static TargetTable table(
      Engine source,
      Engine target,
      String schema,
      String name,
      List<String> key,
      String... columns) {
    List<Column> cols = new ArrayList<>();
    for (int i = 0; i < columns.length; i += 2) {
      String column = columns[i];
      cols.add(
          new Column(
              column,
              i / 2 + 1,
              ExampleTypes.parse(source, columns[i + 1]),
              !key.contains(column),
              null,
              false,
              null,
              null,
              null,
              null,
              null));
    }
    Index pk = new Index("PRIMARY", key.stream().map(Index.Part::of).toList(), true, true);
    Table table = new Table("src", name, cols, pk, List.of(), List.of(), 0, 0, null, List.of());
    Translation translation =
        new SchemaTranslator(
                source, target, TypeMappings.between(source, target, TypeOptions.defaults()))
            .translate(List.of(table), schema, UnaryOperator.identity());
    if (!translation.errors().isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", translation.errors()));
    }
    return translation.tables().get(0);
  }
}
