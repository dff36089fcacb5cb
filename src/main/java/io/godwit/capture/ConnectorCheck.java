package io.godwit.capture;

import io.godwit.schema.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks that a connector running on a Kafka Connect cluster writes what Godwit's applier reads:
 * the topics its embedded capture would write, in the same bytes, for every migrated table. A
 * mismatch would make the applier misread values or miss a table's changes, so each one is named
 * with the value Godwit needs.
 */
final class ConnectorCheck {

  /** Settings that decide the topic names and the bytes on them. */
  private static final List<String> SAME =
      List.of(
          "connector.class",
          "topic.prefix",
          "snapshot.mode",
          "decimal.handling.mode",
          "binary.handling.mode",
          "time.precision.mode",
          "interval.handling.mode",
          "tombstones.on.delete",
          "skipped.operations",
          "converters",
          MariaDbUuidConverter.NAME + ".type",
          PostgresVarbitConverter.NAME + ".type",
          "plugin.name",
          "publish.via.partition.root",
          "post.processors",
          "reselector.type",
          "reselector.reselect.unavailable.values",
          "reselector.reselect.null.values",
          "key.converter",
          "key.converter.schemas.enable",
          "value.converter",
          "value.converter.schemas.enable");

  private static final Set<String> VERIFYING =
      Set.of("verify-ca", "verify-full", "verify_ca", "verify_identity");
  private static final Set<String> VERIFYING_HOST = Set.of("verify-full", "verify_identity");

  private ConnectorCheck() {}

  /**
   * @param actual the connector's configuration, as Connect's REST API returns it
   * @param embedded what Godwit's embedded capture would run with ({@link CaptureProperties#of})
   * @param tables the migrated source tables
   * @return one line per problem, empty when the connector fits
   */
  static List<String> problems(
      Map<String, String> actual, Properties embedded, List<Table> tables) {
    List<String> problems = new ArrayList<>();
    for (String key : SAME) {
      String needed = embedded.getProperty(key);
      if (needed == null) {
        continue;
      }
      String found = actual.get(key);
      if (found == null) {
        problems.add(
            "%s is not set; set it to %s in the connector's own configuration (a worker default cannot be checked)"
                .formatted(key, needed));
      } else if (!found.trim().equalsIgnoreCase(needed)) {
        problems.add("%s is %s; Godwit's applier needs %s".formatted(key, found, needed));
      }
    }
    // the connector's own default: PostgreSQL's names by schema, the binlog connectors' by database
    String defaultNaming =
        actual.getOrDefault("connector.class", "").contains(".postgresql.")
            ? "io.debezium.schema.SchemaTopicNamingStrategy"
            : "io.debezium.schema.DefaultTopicNamingStrategy";
    String naming = actual.getOrDefault("topic.naming.strategy", defaultNaming).trim();
    if (!naming.equals(defaultNaming) && !naming.equals(TopicNaming.class.getName())) {
      problems.add(
          "topic.naming.strategy is %s; Godwit reads the topics the connector's default names, so remove it or set %s"
              .formatted(naming, defaultNaming));
    }
    String delimiter = actual.getOrDefault("topic.delimiter", ".");
    if (!delimiter.equals(".")) {
      problems.add(
          "topic.delimiter is %s; Godwit reads topics named with the default \".\", so remove it"
              .formatted(delimiter));
    }
    String heartbeat = actual.getOrDefault("heartbeat.interval.ms", "0").trim();
    if (!heartbeat.matches("[1-9][0-9]*")) {
      problems.add(
          "heartbeat.interval.ms is %s; set it to 1000 so an idle source's position still moves and lag can be proven"
              .formatted(heartbeat));
    }
    tlsWeakerThanTheSource(actual, embedded).ifPresent(problems::add);
    problems.addAll(uncaptured(actual.getOrDefault("table.include.list", ""), tables));
    return problems;
  }

  /**
   * When the source's JDBC settings verify the server, the connector must verify it too: its trust
   * store lives on the Connect workers, so only the mode can be checked here.
   */
  private static Optional<String> tlsWeakerThanTheSource(
      Map<String, String> actual, Properties embedded) {
    String key =
        embedded.containsKey("database.sslmode") ? "database.sslmode" : "database.ssl.mode";
    String needed = embedded.getProperty(key, "");
    if (!VERIFYING.contains(needed)) {
      return Optional.empty();
    }
    String found = actual.getOrDefault(key, "").trim().toLowerCase(Locale.ROOT);
    Set<String> enough = VERIFYING_HOST.contains(needed) ? VERIFYING_HOST : VERIFYING;
    if (enough.contains(found)) {
      return Optional.empty();
    }
    return Optional.of(
        ("%s is %s; the source's JDBC settings verify the server's certificate%s, so the change"
                + " stream must too: set %s to %s and the connector's trust store on the workers")
            .formatted(
                key,
                found.isEmpty() ? "not set" : found,
                enough == VERIFYING_HOST ? " and host name" : "",
                key,
                needed));
  }

  /** The migrated tables that {@code includeList} does not capture. */
  private static List<String> uncaptured(String includeList, List<Table> tables) {
    List<Pattern> patterns = new ArrayList<>();
    try {
      for (String regex : includeList.split(",")) {
        if (!regex.isBlank()) {
          patterns.add(Pattern.compile(regex.trim(), Pattern.CASE_INSENSITIVE));
        }
      }
    } catch (PatternSyntaxException e) {
      return List.of("table.include.list is not a list of regular expressions: " + e.getMessage());
    }
    if (patterns.isEmpty()) {
      return List.of(
          "table.include.list is empty; list exactly the migrated tables, e.g. "
              + CaptureProperties.includeList(tables));
    }
    String[] missing =
        tables.stream()
            .map(t -> t.schema() + "." + t.name())
            .filter(name -> patterns.stream().noneMatch(p -> p.matcher(name).matches()))
            .toArray(String[]::new);
    return missing.length == 0
        ? List.of()
        : List.of(
            "table.include.list does not capture %s; add them, e.g. %s"
                .formatted(Arrays.toString(missing), CaptureProperties.includeList(tables)));
  }
}
