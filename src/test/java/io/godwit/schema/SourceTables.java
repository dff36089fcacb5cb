package io.godwit.schema;

import io.godwit.engine.Engine;
import io.godwit.schema.TargetTable.TargetColumn;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Source tables for the translator tests, built from example types. */
final class SourceTables {

  private SourceTables() {}

  static ColumnType type(Engine engine, String type) {
    return SampleColumns.parse(engine, type).column().type();
  }

  static Column col(Engine engine, String name, String type) {
    return new Column(name, 1, type(engine, type), true, null, false, null, null, null, null, null);
  }

  static Column notNull(Column c) {
    return new Column(
        c.name(),
        c.position(),
        c.type(),
        false,
        c.defaultExpression(),
        c.autoIncrement(),
        c.sequence(),
        c.generatedExpression(),
        c.charset(),
        c.collation(),
        null);
  }

  static Column withDefault(Column c, String expression) {
    return new Column(
        c.name(),
        c.position(),
        c.type(),
        c.nullable(),
        expression,
        c.autoIncrement(),
        c.sequence(),
        c.generatedExpression(),
        c.charset(),
        c.collation(),
        null);
  }

  static Column autoIncrement(Column c) {
    return new Column(
        c.name(),
        c.position(),
        c.type(),
        false,
        null,
        true,
        c.sequence(),
        null,
        c.charset(),
        c.collation(),
        null);
  }

  static Column generated(Column c, String expression) {
    return new Column(
        c.name(),
        c.position(),
        c.type(),
        c.nullable(),
        null,
        false,
        null,
        expression,
        c.charset(),
        c.collation(),
        null);
  }

  static Index pk(String... columns) {
    return new Index("PRIMARY", List.of(columns).stream().map(Index.Part::of).toList(), true, true);
  }

  static Index index(String name, boolean unique, Index.Part... parts) {
    return new Index(name, List.of(parts), unique, false);
  }

  static Table table(
      String name, List<Column> columns, Index pk, List<Index> indexes, List<ForeignKey> fks) {
    return new Table("src", name, columns, pk, indexes, fks, 0, 0, null, List.of());
  }

  static Translation translate(Engine source, Engine target, Table... tables) {
    return translate(source, target, Map.of(), tables);
  }

  static Translation translate(
      Engine source, Engine target, Map<String, String> overrides, Table... tables) {
    TypeMapper types = TypeMappings.between(source, target, TypeOptions.defaults(), overrides);
    UnaryOperator<String> rename = n -> n.equals("orders") ? "shop_orders" : n;
    return new SchemaTranslator(source, target, types).translate(List.of(tables), "dst", rename);
  }

  static TargetTable table(Translation t, String name) {
    return t.tables().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
  }

  static TargetColumn column(TargetTable t, String name) {
    return t.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  static final Engine MY = Engine.MYSQL;
  static final Engine PG = Engine.POSTGRESQL;
}
