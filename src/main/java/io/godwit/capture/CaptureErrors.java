package io.godwit.capture;

import io.godwit.config.Redaction;
import io.godwit.db.TransientFailure;
import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Explains why the Debezium engine stopped: known causes (missing privileges, server settings, a
 * slot in use, a purged log) get the fix that ends them.
 */
final class CaptureErrors {

  private record Known(String needle, Function<String, String> fix) {}

  private static final String UNTRUSTED =
      "TLS: the source's certificate is not signed by the CA in source.url or source.properties"
          + " (serverSslCert, trustStore, sslrootcert, trustCertificateKeyStoreUrl); point it at"
          + " the CA that signed the server's certificate";

  private static final List<Known> KNOWN =
      List.of(
          new Known(
              "replication slave", user -> "grant it: GRANT REPLICATION SLAVE ON *.* TO " + user),
          new Known(
              "binlog monitor",
              user ->
                  "grant it: GRANT BINLOG MONITOR ON *.* TO "
                      + user
                      + " (MySQL: GRANT REPLICATION CLIENT ON *.* TO "
                      + user
                      + ")"),
          new Known(
              "replication client", user -> "grant it: GRANT REPLICATION CLIENT ON *.* TO " + user),
          new Known(
              "must be superuser or replication role",
              user ->
                  "give the user the REPLICATION attribute: ALTER ROLE " + user + " REPLICATION"),
          new Known(
              "permission denied to start wal sender",
              user ->
                  "give the user the REPLICATION attribute: ALTER ROLE " + user + " REPLICATION"),
          new Known(
              "must be owner of table",
              user ->
                  "only a table's owner may create the publication; run the capture as the"
                      + " tables' owner, or have the owner create it"),
          new Known(
              "wal_level",
              user -> "set wal_level = logical in postgresql.conf and restart PostgreSQL"),
          new Known(
              "all replication slots are in use",
              user -> "raise max_replication_slots, or drop unused slots (pg_replication_slots)"),
          new Known(
              "time out while waiting for source task to start",
              user ->
                  "the connector did not start in time; on a PostgreSQL source, creating the"
                      + " migration's replication slot waits for every transaction open on the"
                      + " server: find them (SELECT pid, state, xact_start FROM pg_stat_activity"
                      + " WHERE backend_xid IS NOT NULL), end them or let them finish, then run"
                      + " again"),
          new Known(
              "is active for pid",
              user ->
                  "another capture of this migration is running; stop it before starting this"
                      + " one"),
          new Known(
              "whose schema isn't known to this connector",
              user ->
                  "the capture's schema history has no definition of that table: a migration"
                      + " whose capture first ran before Godwit kept every table's DDL in the"
                      + " history cannot add tables; leave the table out of tables.include (the"
                      + " other tables stream on), or start the migration afresh to include it"),
          new Known(
              "no longer available on the server",
              user ->
                  "the source purged the log position the capture had reached; keep binlogs"
                      + " longer (binlog_expire_logs_seconds) and restart the migration from a new"
                      + " snapshot"),
          new Known(
              "insecure transport",
              user ->
                  "the source accepts TLS connections only: set a verifying TLS mode in source.url"
                      + " or source.properties (change capture uses the same TLS settings)"),
          new Known("certification path", user -> UNTRUSTED),
          new Known("pkix", user -> UNTRUSTED),
          new Known(
              "no subject alternative",
              user ->
                  "TLS: the source's certificate does not name the host in source.url; connect"
                      + " by a name the certificate holds"),
          new Known("access denied for user", user -> "check source.user and source.password"),
          new Known("fatal: role", user -> "check source.user and source.password"),
          new Known(
              "password authentication failed", user -> "check source.user and source.password"),
          new Known(
              "connection refused",
              user -> "check the host and port in source.url, and that the server is running"));

  private CaptureErrors() {}

  /**
   * @param source names the source for the message, e.g. its masked URL
   * @param message the engine's own message, may be null
   * @param redaction masks the values of the migration file's references in the engine's words
   */
  static CaptureException explain(
      String source, String user, String message, Throwable error, Redaction redaction) {
    String causes = redaction.apply(causes(message, error));
    String lower = causes.toLowerCase(Locale.ROOT);
    String fix =
        KNOWN.stream()
            .filter(k -> lower.contains(k.needle()))
            .findFirst()
            .map(k -> k.fix().apply(user))
            .orElse("read the causes above and the log; the capture resumes where it stopped");
    return new CaptureException(
        "change capture from %s stopped: %s; fix: %s".formatted(source, causes, fix), error);
  }

  /**
   * True when the engine stopped because a connection to the source was lost or refused: a
   * transient SQL failure (connection exception, server shutting down) or a network error of the
   * binlog reader. A refused login or a purged log is not.
   */
  static boolean lostConnection(Throwable error) {
    if (TransientFailure.is(error)) {
      return true;
    }
    for (Throwable t = error; t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof SocketException
          || t instanceof SocketTimeoutException
          || t instanceof EOFException) {
        return true;
      }
    }
    return false;
  }

  /** The capture lost its source connection and did not get it back within the window. */
  static CaptureException notReconnected(
      String source,
      Duration window,
      int attempts,
      Map<String, ?> lastOffset,
      String message,
      Throwable error,
      Redaction redaction) {
    return new CaptureException(
        ("change capture from %s lost its connection to the source and did not get it back within"
                + " %d s (%d attempts): %s; changes after source offset %s are not in Kafka yet;"
                + " fix: check that the source server is running and reachable from this host,"
                + " then start `godwit run` again: the capture resumes from that offset")
            .formatted(
                source,
                window.toSeconds(),
                attempts,
                redaction.apply(causes(message, error)),
                lastOffset.isEmpty()
                    ? "(none yet: the capture had not started streaming)"
                    : lastOffset),
        error);
  }

  /** The engine's message and every distinct message down the cause chain, joined by ": ". */
  static String causes(String message, Throwable error) {
    List<String> parts = new ArrayList<>();
    if (message != null && !message.isBlank()) {
      parts.add(message.strip());
    }
    for (Throwable t = error; t != null && t != t.getCause(); t = t.getCause()) {
      String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
      if (parts.stream().noneMatch(p -> p.contains(text))) {
        parts.add(text);
      }
    }
    return parts.isEmpty() ? "no reason given" : String.join(": ", parts);
  }
}
