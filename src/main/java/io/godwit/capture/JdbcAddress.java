package io.godwit.capture;

import io.godwit.config.Masking;
import io.godwit.config.Redaction;
import io.godwit.engine.Engine;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server and database a JDBC URL points at, which Debezium wants as separate settings.
 *
 * @param database the URL's database, or null when it names none (allowed on MySQL and MariaDB)
 */
record JdbcAddress(String host, int port, String database) {

  // jdbc:<engine>:[<mode>:]//<hosts>[/<database>][?<params>]
  private static final Pattern HIERARCHICAL =
      Pattern.compile("jdbc:[a-z]+:(?:[a-z]+:)?//([^/?#]*)(?:/([^?#]*))?(?:[?#].*)?");
  // jdbc:postgresql:<database>[?<params>]: localhost on the default port
  private static final Pattern PG_DATABASE_ONLY =
      Pattern.compile("jdbc:postgresql:([^/?#][^?#]*)(?:\\?.*)?");

  static JdbcAddress parse(String url, String key, Redaction redaction) {
    Engine engine =
        Engine.fromUrl(url)
            .orElseThrow(
                () ->
                    invalid(
                        url,
                        key,
                        redaction,
                        "does not start with jdbc:mariadb:, jdbc:mysql: or jdbc:postgresql:"));
    int defaultPort = engine == Engine.POSTGRESQL ? 5432 : 3306;
    Matcher m = HIERARCHICAL.matcher(url);
    if (!m.matches()) {
      Matcher dbOnly = PG_DATABASE_ONLY.matcher(url);
      if (engine == Engine.POSTGRESQL && dbOnly.matches()) {
        return new JdbcAddress("localhost", defaultPort, decode(dbOnly.group(1)));
      }
      throw invalid(url, key, redaction, "is not of the form jdbc:<engine>://host[:port]/database");
    }
    String hosts = m.group(1);
    if (hosts.contains(",") || hosts.contains("(")) {
      throw invalid(
          url,
          key,
          redaction,
          "names several hosts or a host description; change capture reads one server's log,"
              + " so name only the primary");
    }
    String database = m.group(2) == null || m.group(2).isEmpty() ? null : decode(m.group(2));
    if (database == null && engine == Engine.POSTGRESQL) {
      throw invalid(
          url, key, redaction, "names no database; logical decoding works within one database");
    }
    String host;
    String port;
    if (hosts.startsWith("[")) {
      int close = hosts.indexOf(']');
      if (close < 0) {
        throw invalid(url, key, redaction, "has an IPv6 host without its closing ']'");
      }
      host = hosts.substring(1, close);
      String rest = hosts.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw invalid(url, key, redaction, "has text after its IPv6 host");
      }
      port = rest.isEmpty() ? "" : rest.substring(1);
    } else {
      int colon = hosts.indexOf(':');
      host = colon < 0 ? hosts : hosts.substring(0, colon);
      port = colon < 0 ? "" : hosts.substring(colon + 1);
    }
    if (host.isEmpty()) {
      host = "localhost";
    }
    if (port.isEmpty()) {
      return new JdbcAddress(host, defaultPort, database);
    }
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      throw invalid(
          url, key, redaction, "has port '" + port + "', which is not between 1 and 65535");
    }
    return new JdbcAddress(host, Integer.parseInt(port), database);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static GodwitException invalid(String url, String key, Redaction redaction, String why) {
    return new GodwitException(
        ErrorCode.CONFIG,
        redaction.apply(
            "%s '%s' %s; fix: write %s as jdbc:<mariadb|mysql|postgresql>://host[:port]/database"
                .formatted(key, Masking.maskUrl(url), why, key)));
  }
}
