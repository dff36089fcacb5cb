package io.godwit.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.engine.Engine;
import io.godwit.schema.TypeOptions.EnumMapping;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The MySQL to PostgreSQL options, overrides from the migration file, and unknown types. */
class TypeOptionsAndOverridesTest {

  private static MappedType map(Engine source, Engine target, TypeOptions options, String type) {
    SampleColumns.Sample sample = SampleColumns.parse(source, type);
    return TypeMappings.between(source, target, options).map(sample.table(), sample.column());
  }

  private static MappedType map(Engine source, Engine target, String type) {
    return map(source, target, TypeOptions.defaults(), type);
  }

  @Test
  void tinyint1IsSmallintWhenNotMappedToBoolean() {
    TypeOptions options = new TypeOptions(false, EnumMapping.CHECK, false);
    assertThat(map(Engine.MYSQL, Engine.POSTGRESQL, options, "tinyint(1)"))
        .extracting(MappedType::sqlType, MappedType::fidelity)
        .containsExactly("smallint", Fidelity.WIDENED);
  }

  @Test
  void enumsAsTextWithACheckEscapeTheirLabels() {
    MappedType mapped = map(Engine.MYSQL, Engine.POSTGRESQL, "enum('a','it''s','50%')");
    assertThat(String.format(mapped.check(), "\"c\"")).isEqualTo("\"c\" IN ('a', 'it''s', '50%')");
    assertThat(mapped.enumType()).isNull();
  }

  @Test
  void setsAsTextWithACheckAllowTheEmptySetAndSubsets() {
    MappedType mapped = map(Engine.MYSQL, Engine.POSTGRESQL, "set('x','y')");
    assertThat(String.format(mapped.check(), "\"c\""))
        .isEqualTo("\"c\" = '' OR string_to_array(\"c\", ',') <@ ARRAY['x', 'y']::text[]");
  }

  @Test
  void enumsAsNativeTypesAreNamedAfterTableAndColumn() {
    TypeOptions options = new TypeOptions(true, EnumMapping.NATIVE, false);
    MappedType mapped = map(Engine.MYSQL, Engine.POSTGRESQL, options, "enum('a','b')");
    assertThat(mapped.sqlType()).isEqualTo("t_c");
    assertThat(mapped.fidelity()).isEqualTo(Fidelity.EXACT);
    assertThat(mapped.enumType()).isEqualTo(new MappedType.EnumType("t_c", List.of("a", "b")));
    assertThat(mapped.check()).isNull();
  }

  @Test
  void nativeEnumNamesFitPostgresNames() {
    String longName = "x".repeat(60);
    Column c =
        column(
            longName,
            new ColumnType("enum", "enum('a')", null, null, null, null, false, List.of("a"), 0));
    TypeOptions options = new TypeOptions(true, EnumMapping.NATIVE, false);
    MappedType mapped =
        TypeMappings.between(Engine.MYSQL, Engine.POSTGRESQL, options).map(table(longName, c), c);
    assertThat(mapped.enumType().name()).hasSize(63).isEqualTo(mapped.sqlType());
  }

  @Test
  void enumsAsPlainTextAreWidened() {
    TypeOptions options = new TypeOptions(true, EnumMapping.TEXT, false);
    assertThat(map(Engine.MYSQL, Engine.POSTGRESQL, options, "enum('a','b')"))
        .extracting(MappedType::sqlType, MappedType::fidelity, MappedType::check)
        .containsExactly("text", Fidelity.WIDENED, null);
    assertThat(map(Engine.MYSQL, Engine.POSTGRESQL, options, "set('a','b')").check()).isNull();
  }

  @Test
  void zeroDatesStopTheCopyOrBecomeNull() {
    assertThat(map(Engine.MYSQL, Engine.POSTGRESQL, "datetime").note())
        .contains("zero dates", "stop the copy");
    TypeOptions toNull = new TypeOptions(true, EnumMapping.CHECK, true);
    MappedType nullable = map(Engine.MYSQL, Engine.POSTGRESQL, toNull, "date");
    assertThat(nullable.fidelity()).isEqualTo(Fidelity.LOSSY);
    assertThat(nullable.note()).contains("become NULL").doesNotContain("NOT NULL");
    assertThat(map(Engine.MYSQL, Engine.POSTGRESQL, toNull, "timestamp not null").note())
        .contains("NOT NULL column rejects");
    assertThat(map(Engine.MYSQL, Engine.MYSQL, toNull, "datetime").fidelity())
        .isEqualTo(Fidelity.EXACT);
  }

  @Test
  void postgresKeysInUniqueIndexesFitInnoDbKeys() {
    Column c =
        column("code", new ColumnType("text", "text", null, null, null, null, false, List.of(), 0));
    Table t =
        new Table(
            "public",
            "t",
            List.of(c),
            null,
            List.of(new Index("t_code_key", List.of(Index.Part.of("code")), true, false)),
            List.of(),
            0,
            0,
            null,
            List.of());
    assertThat(
            TypeMappings.between(Engine.POSTGRESQL, Engine.MYSQL, TypeOptions.defaults())
                .map(t, c)
                .sqlType())
        .isEqualTo("varchar(768)");
  }

  @Test
  void anOverrideWinsAndIsMarkedWidened() {
    SampleColumns.Sample s = SampleColumns.parse(Engine.MYSQL, "bigint(20) unsigned");
    TypeMapper mapper =
        TypeMappings.between(
            Engine.MYSQL,
            Engine.POSTGRESQL,
            TypeOptions.defaults(),
            Map.of("t.c", "bigint", "t.other", "text"));
    assertThat(mapper.map(s.table(), s.column()))
        .isEqualTo(
            MappedType.widened("bigint", TypeMappings.OVERRIDE_NOTE, TypeMappings.OVERRIDE_BACK));
  }

  @Test
  void anOverrideEqualToTheRuleKeepsTheRulesFidelity() {
    SampleColumns.Sample s = SampleColumns.parse(Engine.MYSQL, "int(11)");
    TypeMapper mapper =
        TypeMappings.between(
            Engine.MYSQL, Engine.POSTGRESQL, TypeOptions.defaults(), Map.of("t.c", "INTEGER"));
    assertThat(mapper.map(s.table(), s.column())).isEqualTo(MappedType.exact("integer"));
  }

  @Test
  void anOverrideMapsATypeWithoutRule() {
    SampleColumns.Sample s = SampleColumns.parse(Engine.POSTGRESQL, "tsvector");
    TypeMapper mapper =
        TypeMappings.between(
            Engine.POSTGRESQL, Engine.MYSQL, TypeOptions.defaults(), Map.of("t.c", "longtext"));
    assertThat(mapper.map(s.table(), s.column()).sqlType()).isEqualTo("longtext");
  }

  @Test
  void overridesMustBePlainTypes() {
    for (String ok :
        List.of(
            "numeric(20,0)",
            "timestamp(3) with time zone",
            "enum('a','it''s')",
            "text[]",
            "double precision")) {
      TypeMappings.between(
          Engine.MYSQL, Engine.POSTGRESQL, TypeOptions.defaults(), Map.of("t.c", ok));
    }
    for (String bad :
        List.of(
            "int; DROP TABLE t", "text -- x", "int default 5", "text not null", "int /* */", "")) {
      assertThatThrownBy(
              () ->
                  TypeMappings.between(
                      Engine.MYSQL, Engine.POSTGRESQL, TypeOptions.defaults(), Map.of("t.c", bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tables.column-types.\"t.c\"");
    }
    assertThatThrownBy(
            () ->
                TypeMappings.between(
                    Engine.MYSQL, Engine.POSTGRESQL, TypeOptions.defaults(), Map.of("c", "int")))
        .hasMessageContaining("table.column");
  }

  @Test
  void anUnknownTypeNamesTheColumnAndTheFix() {
    SampleColumns.Sample s = SampleColumns.parse(Engine.POSTGRESQL, "tsvector");
    TypeMapper mapper =
        TypeMappings.between(Engine.POSTGRESQL, Engine.MYSQL, TypeOptions.defaults());
    assertThatThrownBy(() -> mapper.map(s.table(), s.column()))
        .isInstanceOf(UnsupportedTypeException.class)
        .hasMessage(
            "t.c has type tsvector, which has no mapping to MySQL; fix: set"
                + " tables.column-types.\"t.c\" to a MySQL type");
    SampleColumns.Sample vector = SampleColumns.parse(Engine.MARIADB, "vector(3)");
    assertThatThrownBy(
            () ->
                TypeMappings.between(Engine.MARIADB, Engine.POSTGRESQL, TypeOptions.defaults())
                    .map(vector.table(), vector.column()))
        .hasMessageContaining("to a PostgreSQL type");
  }

  private static Column column(String name, ColumnType type) {
    return new Column(name, 1, type, true, null, false, null, null, null, null, null);
  }

  private static Table table(String name, Column... columns) {
    return new Table(
        "src", name, List.of(columns), null, List.of(), List.of(), 0, 0, null, List.of());
  }
}
