package io.godwit.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TypeMappingsTest {

  /**
   * source type (as {@link SampleColumns} reads it) | target SQL type | fidelity | back: Y when
   * every target value can be written back to the source type, N when not, MARIADB when only a
   * MariaDB source takes every value back
   */
  private static final String MYSQL_TO_POSTGRES =
      """
      tinyint(1)                            | boolean           | LOSSY | Y
      tinyint(1) unsigned                   | smallint          | WIDENED | N
      tinyint(4)                            | smallint          | WIDENED | N
      tinyint(3) unsigned                   | smallint          | WIDENED | N
      smallint(6)                           | smallint          | EXACT | Y
      smallint(5) unsigned                  | integer           | WIDENED | N
      mediumint(9)                          | integer           | WIDENED | N
      mediumint(8) unsigned                 | integer           | WIDENED | N
      int(11)                               | integer           | EXACT | Y
      int(10) unsigned                      | bigint            | WIDENED | N
      int(10) unsigned auto_increment       | bigint            | WIDENED | N
      bigint(20)                            | bigint            | EXACT | Y
      bigint(20) unsigned                   | numeric(20,0)     | WIDENED | N
      bigint(20) unsigned auto_increment    | bigint            | LOSSY | N
      decimal(12,2)                         | numeric(12,2)     | EXACT | N
      decimal(65,30)                        | numeric(65,30)    | EXACT | N
      decimal(10,0) unsigned                | numeric(10,0)     | WIDENED | N
      float                                 | real              | EXACT | N
      float unsigned                        | real              | WIDENED | N
      double                                | double precision  | EXACT | N
      double unsigned                       | double precision  | WIDENED | N
      bit(1)                                | boolean           | EXACT | Y
      bit(12)                               | bit(12)           | EXACT | Y
      char(2)                               | varchar(2)        | EXACT | N
      varchar(255)                          | varchar(255)      | EXACT | N
      tinytext                              | text              | EXACT | N
      text                                  | text              | EXACT | N
      mediumtext                            | text              | EXACT | N
      longtext                              | text              | EXACT | N
      binary(16)                            | bytea             | EXACT | N
      varbinary(255)                        | bytea             | EXACT | N
      tinyblob                              | bytea             | EXACT | N
      blob                                  | bytea             | EXACT | N
      mediumblob                            | bytea             | EXACT | N
      longblob                              | bytea             | EXACT | Y
      date                                  | date              | EXACT | N
      datetime                              | timestamp(0)      | EXACT | N
      datetime(6)                           | timestamp(6)      | EXACT | N
      timestamp                             | timestamptz(0)    | EXACT | N
      timestamp(3)                          | timestamptz(3)    | EXACT | N
      time                                  | time(0)           | LOSSY | Y
      time(3)                               | time(3)           | LOSSY | Y
      year                                  | smallint          | WIDENED | N
      json                                  | jsonb             | LOSSY | MARIADB
      enum('small','medium','large')        | text              | EXACT | Y
      set('red','green','blue')             | text              | EXACT | N
      geometry                              | bytea             | LOSSY | N
      point                                 | bytea             | LOSSY | N
      linestring                            | bytea             | LOSSY | N
      polygon                               | bytea             | LOSSY | N
      multipoint                            | bytea             | LOSSY | N
      multilinestring                       | bytea             | LOSSY | N
      multipolygon                          | bytea             | LOSSY | N
      geometrycollection                    | bytea             | LOSSY | N
      geomcollection                        | bytea             | LOSSY | N
      uuid                                  | uuid              | EXACT | N
      inet6                                 | inet              | WIDENED | N
      inet4                                 | inet              | WIDENED | N
      char(2) character set utf8mb4         | varchar(2)        | EXACT | N
      varchar(255) character set utf8mb4    | varchar(255)      | EXACT | Y
      varchar(255) character set utf8mb3    | varchar(255)      | EXACT | N
      varchar(255) character set latin1     | varchar(255)      | EXACT | N
      longtext character set utf8mb4        | text              | EXACT | Y
      varchar(20) character set utf8mb4 collate utf8mb4_general_ci | varchar(20) | EXACT | Y
      varchar(20) character set utf8mb4 collate utf8mb4_general_ci primary key | varchar(20) | EXACT | N
      varchar(20) character set utf8mb4 collate utf8mb4_nopad_bin primary key | varchar(20) | EXACT | Y
      varchar(20) character set utf8mb4 collate utf8mb4_0900_ai_ci primary key | varchar(20) | EXACT | N
      varchar(20) character set utf8mb4 collate utf8mb4_bin primary key | varchar(20) | EXACT | N
      """;

  private static final String POSTGRES_TO_MYSQL =
      """
      smallint                              | smallint          | EXACT | Y
      integer                               | int               | EXACT | Y
      bigint                                | bigint            | EXACT | Y
      numeric(12,2)                         | decimal(12,2)     | EXACT | Y
      numeric(65,30)                        | decimal(65,30)    | EXACT | Y
      numeric                               | decimal(65,30)    | LOSSY | Y
      numeric(80,10)                        | decimal(65,10)    | LOSSY | Y
      numeric(40,35)                        | decimal(35,30)    | LOSSY | Y
      numeric(20,40)                        | decimal(30,30)    | LOSSY | N
      numeric(5,-2)                         | decimal(7,0)      | WIDENED | N
      numeric(3,5)                          | decimal(5,5)      | WIDENED | N
      numeric(70,-5)                        | decimal(65,0)     | LOSSY | N
      real                                  | float             | EXACT | Y
      double precision                      | double            | EXACT | Y
      boolean                               | tinyint(1)        | WIDENED | N
      character varying(40)                 | varchar(40)       | EXACT | N
      character varying(16383)              | varchar(16383)    | EXACT | N
      character varying(16384)              | mediumtext        | WIDENED | N
      character varying                     | longtext          | EXACT | N
      character varying(100) primary key    | varchar(100)      | EXACT | N
      character varying(1000) primary key   | varchar(768)      | LOSSY | N
      text                                  | longtext          | EXACT | N
      text primary key                      | varchar(768)      | LOSSY | N
      character(2)                          | char(2)           | EXACT | N
      character(255)                        | char(255)         | EXACT | N
      character(300)                        | varchar(300)      | EXACT | N
      bpchar                                | longtext          | EXACT | N
      bytea                                 | longblob          | EXACT | N
      bytea primary key                     | varbinary(3072)   | LOSSY | Y
      date                                  | date              | LOSSY | N
      timestamp without time zone           | datetime(6)       | LOSSY | N
      timestamp(0) without time zone        | datetime(0)       | LOSSY | N
      timestamp(3) with time zone           | datetime(3)       | LOSSY | N
      time without time zone                | time(6)           | WIDENED | N
      time(2) with time zone                | time(2)           | LOSSY | N
      interval                              | varchar(64)       | LOSSY | N
      json                                  | json              | LOSSY | N
      jsonb                                 | json              | LOSSY | N
      uuid                                  | char(36)          | WIDENED | N
      inet                                  | varchar(43)       | WIDENED | N
      cidr                                  | varchar(43)       | WIDENED | N
      macaddr                               | varchar(17)       | WIDENED | N
      macaddr8                              | varchar(23)       | WIDENED | N
      bit(1)                                | bit(1)            | EXACT | Y
      bit(64)                               | bit(64)           | EXACT | Y
      bit(65)                               | varbinary(9)      | LOSSY | N
      bit varying(12)                       | bit(12)           | LOSSY | Y
      bit varying                           | longblob          | LOSSY | N
      money                                 | decimal(19,2)     | LOSSY | N
      xml                                   | longtext          | WIDENED | N
      oid                                   | int unsigned      | EXACT | Y
      mood('happy','it''s')                 | enum('happy','it''s') | EXACT | Y
      integer[]                             | json              | LOSSY | N
      mood('a','b')[]                       | json              | LOSSY | N
      text[][]                              | json              | LOSSY | N
      """;

  /** Where MariaDB differs from MySQL as a target. */
  private static final String POSTGRES_TO_MARIADB =
      """
      json                                  | json              | EXACT | Y
      jsonb                                 | json              | EXACT | N
      uuid                                  | uuid              | LOSSY | Y
      integer                               | int               | EXACT | Y
      """;

  private static final String POSTGRES_TO_POSTGRES =
      """
      integer                               | integer           | EXACT | Y
      numeric(12,2)                         | numeric(12,2)     | EXACT | Y
      character varying(40)                 | character varying(40) | EXACT | Y
      timestamp(3) with time zone           | timestamp(3) with time zone | EXACT | Y
      time(3) with time zone                | time(3) with time zone | LOSSY | Y
      interval day to second(3)             | interval day to second(3) | EXACT | Y
      integer[]                             | integer[]         | EXACT | Y
      tsvector                              | tsvector          | EXACT | Y
      mood('happy','sad')                   | mood              | EXACT | Y
      mood('happy','sad')[]                 | mood[]            | EXACT | Y
      domain email over text                | text              | WIDENED | N
      domain code over character varying(8) | varchar(8)        | WIDENED | N
      domain amount over numeric(12,2)      | numeric(12,2)     | WIDENED | N
      """;

  private static final String MYSQL_TO_MYSQL =
      """
      int(10) unsigned                      | int(10) unsigned  | EXACT | Y
      json                                  | json              | EXACT | Y
      varchar(100) character set latin1 collate latin1_swedish_ci | varchar(100) CHARACTER SET latin1 COLLATE latin1_swedish_ci | EXACT | Y
      """;

  private static final String MARIADB_TO_MYSQL =
      """
      uuid                                  | char(36)          | WIDENED | N
      inet6                                 | varchar(39)       | WIDENED | N
      inet4                                 | varchar(15)       | WIDENED | N
      json                                  | json              | LOSSY | N
      varchar(9) character set utf8mb4 collate utf8mb4_uca1400_ai_ci | varchar(9) CHARACTER SET utf8mb4 | EXACT | Y
      varchar(9) character set utf8mb4 collate utf8mb4_general_ci | varchar(9) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci | EXACT | Y
      """;

  private static final String MYSQL_TO_MARIADB =
      """
      json                                  | json              | EXACT | N
      varchar(9) character set utf8mb4 collate utf8mb4_0900_ai_ci | varchar(9) CHARACTER SET utf8mb4 | EXACT | Y
      """;

  private static final String MARIADB_TO_MARIADB =
      """
      uuid                                  | uuid              | EXACT | Y
      inet6                                 | inet6             | EXACT | Y
      """;

  /**
   * @param complete the table exercises every rule of the direction, not just its differences
   */
  private record Direction(Engine source, Engine target, String table, boolean complete) {}

  private static final List<Direction> DIRECTIONS =
      List.of(
          new Direction(Engine.MYSQL, Engine.POSTGRESQL, MYSQL_TO_POSTGRES, true),
          new Direction(Engine.MARIADB, Engine.POSTGRESQL, MYSQL_TO_POSTGRES, true),
          new Direction(Engine.POSTGRESQL, Engine.MYSQL, POSTGRES_TO_MYSQL, true),
          new Direction(Engine.POSTGRESQL, Engine.MARIADB, POSTGRES_TO_MARIADB, false),
          new Direction(Engine.POSTGRESQL, Engine.POSTGRESQL, POSTGRES_TO_POSTGRES, true),
          new Direction(Engine.MYSQL, Engine.MYSQL, MYSQL_TO_MYSQL, true),
          new Direction(Engine.MARIADB, Engine.MYSQL, MARIADB_TO_MYSQL, true),
          new Direction(Engine.MYSQL, Engine.MARIADB, MYSQL_TO_MARIADB, true),
          new Direction(Engine.MARIADB, Engine.MARIADB, MARIADB_TO_MARIADB, true));

  private static List<String[]> rows(String table) {
    return table.lines().map(l -> l.split("\\|")).map(TypeMappingsTest::trim).toList();
  }

  private static String[] trim(String[] row) {
    for (int i = 0; i < row.length; i++) {
      row[i] = row[i].trim();
    }
    return row;
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Direction d : DIRECTIONS) {
      for (String[] row : rows(d.table())) {
        boolean back =
            row[3].equals("Y") || row[3].equals("MARIADB") && d.source() == Engine.MARIADB;
        cases.add(
            Arguments.of(d.source(), d.target(), row[0], row[1], Fidelity.valueOf(row[2]), back));
      }
    }
    return cases.stream();
  }

  private static MappedType map(Engine source, Engine target, String type) {
    SampleColumns.Sample sample = SampleColumns.parse(source, type);
    return TypeMappings.between(source, target, TypeOptions.defaults())
        .map(sample.table(), sample.column());
  }

  @ParameterizedTest(name = "{0} → {1}: {2} as {3}, {4}, back {5}")
  @MethodSource("cases")
  void mapsEachTypeOfEachDirection(
      Engine source, Engine target, String type, String sqlType, Fidelity fidelity, boolean back) {
    MappedType mapped = map(source, target, type);
    assertThat(mapped.sqlType()).isEqualTo(sqlType);
    assertThat(mapped.fidelity()).isEqualTo(fidelity);
    if (fidelity != Fidelity.EXACT) {
      assertThat(mapped.note()).as("a %s mapping says why", fidelity).isNotBlank();
    }
    assertThat(mapped.back().reversible()).as("reversible").isEqualTo(back);
    if (!back) {
      assertThat(mapped.back().reason()).as("which values cannot go back").isNotBlank();
    }
    if (fidelity == Fidelity.WIDENED) {
      assertThat(back).as("a target that accepts more cannot give every value back").isFalse();
    }
  }

  @Test
  void anOverrideIsNeverClaimedReversibleUnlessItIsTheRulesOwnType() {
    SampleColumns.Sample sample = SampleColumns.parse(Engine.MARIADB, "int(11)");
    MappedType override =
        TypeMappings.between(
                Engine.MARIADB, Engine.POSTGRESQL, TypeOptions.defaults(), Map.of("t.c", "bigint"))
            .map(sample.table(), sample.column());
    assertThat(override.back().reversible()).isFalse();
    assertThat(override.back().reason()).contains("override");
    MappedType same =
        TypeMappings.between(
                Engine.MARIADB, Engine.POSTGRESQL, TypeOptions.defaults(), Map.of("t.c", "integer"))
            .map(sample.table(), sample.column());
    assertThat(same.back()).isEqualTo(Reversibility.REVERSIBLE);
  }

  @Test
  void optionsDecideReversibilityToo() {
    SampleColumns.Sample tinyint = SampleColumns.parse(Engine.MARIADB, "tinyint(1)");
    assertThat(
            TypeMappings.between(
                    Engine.MARIADB,
                    Engine.POSTGRESQL,
                    new TypeOptions(false, TypeOptions.EnumMapping.CHECK, false))
                .map(tinyint.table(), tinyint.column())
                .back()
                .reason())
        .isEqualTo("values outside -128 to 127");
    SampleColumns.Sample labels = SampleColumns.parse(Engine.MARIADB, "enum('a','b')");
    for (TypeOptions.EnumMapping enums : TypeOptions.EnumMapping.values()) {
      assertThat(
              TypeMappings.between(
                      Engine.MARIADB, Engine.POSTGRESQL, new TypeOptions(true, enums, false))
                  .map(labels.table(), labels.column())
                  .back()
                  .reversible())
          .as("enum as %s", enums)
          .isEqualTo(enums != TypeOptions.EnumMapping.TEXT);
    }
  }

  @Test
  void aReasonIsGivenExactlyWhenTheMappingIsNotReversible() {
    assertThat(Reversibility.not("NaN").reversible()).isFalse();
    assertThatThrownBy(() -> new Reversibility(false, ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Reversibility(true, "NaN"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTablesAboveExerciseEveryRuleAndEveryExample() {
    for (Direction d : DIRECTIONS) {
      RuleSet rules = TypeMappings.rules(d.source(), d.target(), TypeOptions.defaults());
      List<RuleSet.Rule> tested =
          rows(d.table()).stream()
              .map(r -> rules.find(SampleColumns.parse(d.source(), r[0]).column().type()))
              .toList();
      for (RuleSet.Rule rule : rules.rules()) {
        if (d.complete()) {
          assertThat(tested)
              .as("%s → %s rule %s", d.source(), d.target(), rule.names())
              .contains(rule);
        }
        for (String example : rule.examples()) {
          assertThat(rules.find(SampleColumns.parse(d.source(), example).column().type()))
              .as("example %s of %s", example, rule.names())
              .isSameAs(rule);
        }
        for (String name : rule.names()) {
          assertThat(rule.examples().stream().map(e -> SampleColumns.parse(d.source(), e)))
              .as("an example of %s", name)
              .anyMatch(s -> name.startsWith("<") || s.column().type().name().equals(name));
        }
      }
    }
  }
}
