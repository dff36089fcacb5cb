package io.godwit.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TypeMappingsTest {

  /** source type (as {@link SampleColumns} reads it) | target SQL type | fidelity */
  private static final String MYSQL_TO_POSTGRES =
      """
      tinyint(1)                            | boolean           | LOSSY
      tinyint(1) unsigned                   | smallint          | WIDENED
      tinyint(4)                            | smallint          | WIDENED
      tinyint(3) unsigned                   | smallint          | WIDENED
      smallint(6)                           | smallint          | EXACT
      smallint(5) unsigned                  | integer           | WIDENED
      mediumint(9)                          | integer           | WIDENED
      mediumint(8) unsigned                 | integer           | WIDENED
      int(11)                               | integer           | EXACT
      int(10) unsigned                      | bigint            | WIDENED
      int(10) unsigned auto_increment       | bigint            | WIDENED
      bigint(20)                            | bigint            | EXACT
      bigint(20) unsigned                   | numeric(20,0)     | WIDENED
      bigint(20) unsigned auto_increment    | bigint            | LOSSY
      decimal(12,2)                         | numeric(12,2)     | EXACT
      decimal(65,30)                        | numeric(65,30)    | EXACT
      decimal(10,0) unsigned                | numeric(10,0)     | WIDENED
      float                                 | real              | EXACT
      float unsigned                        | real              | WIDENED
      double                                | double precision  | EXACT
      double unsigned                       | double precision  | WIDENED
      bit(1)                                | boolean           | EXACT
      bit(12)                               | bit(12)           | EXACT
      char(2)                               | varchar(2)        | EXACT
      varchar(255)                          | varchar(255)      | EXACT
      tinytext                              | text              | EXACT
      text                                  | text              | EXACT
      mediumtext                            | text              | EXACT
      longtext                              | text              | EXACT
      binary(16)                            | bytea             | EXACT
      varbinary(255)                        | bytea             | EXACT
      tinyblob                              | bytea             | EXACT
      blob                                  | bytea             | EXACT
      mediumblob                            | bytea             | EXACT
      longblob                              | bytea             | EXACT
      date                                  | date              | EXACT
      datetime                              | timestamp(0)      | EXACT
      datetime(6)                           | timestamp(6)      | EXACT
      timestamp                             | timestamptz(0)    | EXACT
      timestamp(3)                          | timestamptz(3)    | EXACT
      time                                  | time(0)           | LOSSY
      time(3)                               | time(3)           | LOSSY
      year                                  | smallint          | WIDENED
      json                                  | jsonb             | LOSSY
      enum('small','medium','large')        | text              | EXACT
      set('red','green','blue')             | text              | EXACT
      geometry                              | bytea             | LOSSY
      point                                 | bytea             | LOSSY
      linestring                            | bytea             | LOSSY
      polygon                               | bytea             | LOSSY
      multipoint                            | bytea             | LOSSY
      multilinestring                       | bytea             | LOSSY
      multipolygon                          | bytea             | LOSSY
      geometrycollection                    | bytea             | LOSSY
      geomcollection                        | bytea             | LOSSY
      uuid                                  | uuid              | EXACT
      inet6                                 | inet              | WIDENED
      inet4                                 | inet              | WIDENED
      """;

  private static final String POSTGRES_TO_MYSQL =
      """
      smallint                              | smallint          | EXACT
      integer                               | int               | EXACT
      bigint                                | bigint            | EXACT
      numeric(12,2)                         | decimal(12,2)     | EXACT
      numeric(65,30)                        | decimal(65,30)    | EXACT
      numeric                               | decimal(65,30)    | LOSSY
      numeric(80,10)                        | decimal(65,10)    | LOSSY
      numeric(40,35)                        | decimal(35,30)    | LOSSY
      numeric(20,40)                        | decimal(30,30)    | LOSSY
      real                                  | float             | EXACT
      double precision                      | double            | EXACT
      boolean                               | tinyint(1)        | WIDENED
      character varying(40)                 | varchar(40)       | EXACT
      character varying(16383)              | varchar(16383)    | EXACT
      character varying(16384)              | mediumtext        | WIDENED
      character varying                     | longtext          | EXACT
      character varying(100) primary key    | varchar(100)      | EXACT
      character varying(1000) primary key   | varchar(768)      | LOSSY
      text                                  | longtext          | EXACT
      text primary key                      | varchar(768)      | LOSSY
      character(2)                          | char(2)           | EXACT
      character(255)                        | char(255)         | EXACT
      character(300)                        | varchar(300)      | EXACT
      bpchar                                | longtext          | EXACT
      bytea                                 | longblob          | EXACT
      bytea primary key                     | varbinary(3072)   | LOSSY
      date                                  | date              | LOSSY
      timestamp without time zone           | datetime(6)       | LOSSY
      timestamp(0) without time zone        | datetime(0)       | LOSSY
      timestamp(3) with time zone           | datetime(3)       | LOSSY
      time without time zone                | time(6)           | WIDENED
      time(2) with time zone                | time(2)           | LOSSY
      interval                              | varchar(64)       | LOSSY
      json                                  | json              | LOSSY
      jsonb                                 | json              | LOSSY
      uuid                                  | char(36)          | WIDENED
      inet                                  | varchar(43)       | WIDENED
      cidr                                  | varchar(43)       | WIDENED
      macaddr                               | varchar(17)       | WIDENED
      macaddr8                              | varchar(23)       | WIDENED
      bit(1)                                | bit(1)            | EXACT
      bit(64)                               | bit(64)           | EXACT
      bit(65)                               | varbinary(9)      | LOSSY
      bit varying(12)                       | bit(12)           | LOSSY
      bit varying                           | longblob          | LOSSY
      money                                 | decimal(19,2)     | LOSSY
      xml                                   | longtext          | WIDENED
      oid                                   | int unsigned      | EXACT
      mood('happy','it''s')                 | enum('happy','it''s') | EXACT
      integer[]                             | json              | LOSSY
      mood('a','b')[]                       | json              | LOSSY
      text[][]                              | json              | LOSSY
      """;

  /** Where MariaDB differs from MySQL as a target. */
  private static final String POSTGRES_TO_MARIADB =
      """
      json                                  | json              | EXACT
      jsonb                                 | json              | EXACT
      uuid                                  | uuid              | EXACT
      integer                               | int               | EXACT
      """;

  private static final String POSTGRES_TO_POSTGRES =
      """
      integer                               | integer           | EXACT
      numeric(12,2)                         | numeric(12,2)     | EXACT
      character varying(40)                 | character varying(40) | EXACT
      timestamp(3) with time zone           | timestamp(3) with time zone | EXACT
      time(3) with time zone                | time(3) with time zone | LOSSY
      interval day to second(3)             | interval day to second(3) | EXACT
      integer[]                             | integer[]         | EXACT
      tsvector                              | tsvector          | EXACT
      mood('happy','sad')                   | mood              | EXACT
      mood('happy','sad')[]                 | mood[]            | EXACT
      domain email over text                | text              | WIDENED
      domain code over character varying(8) | varchar(8)        | WIDENED
      domain amount over numeric(12,2)      | numeric(12,2)     | WIDENED
      """;

  private static final String MYSQL_TO_MYSQL =
      """
      int(10) unsigned                      | int(10) unsigned  | EXACT
      json                                  | json              | EXACT
      varchar(100) character set latin1 collate latin1_swedish_ci | varchar(100) CHARACTER SET latin1 COLLATE latin1_swedish_ci | EXACT
      """;

  private static final String MARIADB_TO_MYSQL =
      """
      uuid                                  | char(36)          | WIDENED
      inet6                                 | varchar(39)       | WIDENED
      inet4                                 | varchar(15)       | WIDENED
      json                                  | json              | LOSSY
      varchar(9) character set utf8mb4 collate utf8mb4_uca1400_ai_ci | varchar(9) CHARACTER SET utf8mb4 | EXACT
      varchar(9) character set utf8mb4 collate utf8mb4_general_ci | varchar(9) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci | EXACT
      """;

  private static final String MYSQL_TO_MARIADB =
      """
      json                                  | json              | EXACT
      varchar(9) character set utf8mb4 collate utf8mb4_0900_ai_ci | varchar(9) CHARACTER SET utf8mb4 | EXACT
      """;

  private static final String MARIADB_TO_MARIADB =
      """
      uuid                                  | uuid              | EXACT
      inet6                                 | inet6             | EXACT
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
        cases.add(Arguments.of(d.source(), d.target(), row[0], row[1], Fidelity.valueOf(row[2])));
      }
    }
    return cases.stream();
  }

  private static MappedType map(Engine source, Engine target, String type) {
    SampleColumns.Sample sample = SampleColumns.parse(source, type);
    return TypeMappings.between(source, target, TypeOptions.defaults())
        .map(sample.table(), sample.column());
  }

  @ParameterizedTest(name = "{0} → {1}: {2} as {3}, {4}")
  @MethodSource("cases")
  void mapsEachTypeOfEachDirection(
      Engine source, Engine target, String type, String sqlType, Fidelity fidelity) {
    MappedType mapped = map(source, target, type);
    assertThat(mapped.sqlType()).isEqualTo(sqlType);
    assertThat(mapped.fidelity()).isEqualTo(fidelity);
    if (fidelity != Fidelity.EXACT) {
      assertThat(mapped.note()).as("a %s mapping says why", fidelity).isNotBlank();
    }
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
