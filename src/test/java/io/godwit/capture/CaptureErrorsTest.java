package io.godwit.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.config.Redaction;
import java.io.IOException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class CaptureErrorsTest {

  static String explain(String message, Throwable error) {
    return CaptureErrors.explain(
            "jdbc:mariadb://db/shop", "capture", message, error, Redaction.NONE)
        .getMessage();
  }

  @Test
  void aMissingReplicationPrivilegeNamesTheGrant() {
    Throwable error =
        new RuntimeException(
            "Error reading binlog",
            new SQLException(
                "Access denied; you need (at least one of) the REPLICATION SLAVE privilege(s) for"
                    + " this operation Error code: 1227"));
    assertThat(explain("Error while running the connector", error))
        .startsWith("change capture from jdbc:mariadb://db/shop stopped: Error while running")
        .contains("REPLICATION SLAVE privilege(s)")
        .endsWith("fix: grant it: GRANT REPLICATION SLAVE ON *.* TO capture");
  }

  /**
   * Seen in the fault matrix: the engine gave up on a PostgreSQL task whose slot creation waited
   * behind a transaction open elsewhere on the server.
   */
  @Test
  void aTaskThatDidNotStartNamesTheTransactionsASlotWaitsFor() {
    Throwable error = new InterruptedException("Time out while waiting for source task to start.");
    assertThat(explain(null, error))
        .contains("Time out while waiting for source task to start")
        .contains("fix: the connector did not start in time")
        .contains("WHERE backend_xid IS NOT NULL");
  }

  @Test
  void knownServerAndPostgresCausesGetTheirFix() {
    assertThat(
            explain(
                null,
                new SQLException(
                    "Access denied; you need (at least one of) the SUPER, BINLOG MONITOR"
                        + " privilege(s) for this operation")))
        .contains("GRANT BINLOG MONITOR ON *.* TO capture");
    assertThat(
            explain(
                null,
                new SQLException(
                    "ERROR: must be superuser or replication role to start walsender")))
        .endsWith("ALTER ROLE capture REPLICATION");
    assertThat(
            explain(
                null,
                new SQLException("ERROR: replication slot \"godwit_shop\" is active for PID 4242")))
        .contains("another capture of this migration is running");
    assertThat(
            explain(
                null, new SQLException("ERROR: logical decoding requires wal_level >= logical")))
        .contains("wal_level = logical");
    assertThat(
            explain(
                null,
                new IllegalStateException(
                    "Encountered change event for table shop.order_lines whose schema isn't known"
                        + " to this connector")))
        .contains("shop.order_lines", "leave the table out of tables.include");
  }

  @Test
  void anUnknownCauseKeepsEveryMessageOfTheChainOnce() {
    Throwable error = new IllegalStateException("outer", new RuntimeException("inner"));
    assertThat(explain("outer", error))
        .isEqualTo(
            "change capture from jdbc:mariadb://db/shop stopped: outer: inner; fix: read the"
                + " causes above and the log; the capture resumes where it stopped");
  }

  @Test
  void aLostConnectionIsToldFromACauseThatNeedsAFix() {
    assertThat(
            CaptureErrors.lostConnection(
                new ConnectException(
                    "An exception occurred in the change event producer.",
                    new RuntimeException(
                        new SQLNonTransientConnectionException("Connection is closed")))))
        .isTrue();
    assertThat(
            CaptureErrors.lostConnection(
                new ConnectException("stopped", new SocketException("Connection reset"))))
        .isTrue();
    assertThat(CaptureErrors.lostConnection(new SQLException("gone", "08006"))).isTrue();
    assertThat(
            CaptureErrors.lostConnection(
                new SQLInvalidAuthorizationSpecException("Access denied for user", "28000")))
        .isFalse();
    assertThat(
            CaptureErrors.lostConnection(
                new ConnectException(
                    "stopped",
                    new IOException(
                        "Could not find first log file name in binary log index file Error code:"
                            + " 1236"))))
        .isFalse();
  }

  @Test
  void aConnectionNotBackInTimeNamesWhatKafkaHasAndTheFix() {
    String message =
        CaptureErrors.notReconnected(
                "jdbc:mariadb://db/shop",
                Duration.ofSeconds(60),
                10,
                Map.of("gtids", "0-1-42"),
                null,
                new SocketException("Connection refused"),
                Redaction.NONE)
            .getMessage();
    assertThat(message)
        .startsWith(
            "change capture from jdbc:mariadb://db/shop lost its connection to the source and did"
                + " not get it back within 60 s (10 attempts): Connection refused;")
        .contains("changes after source offset {gtids=0-1-42} are not in Kafka yet")
        .contains("fix: check that the source server is running");
  }

  @Test
  void tlsFailuresNameTlsAndTheCaSettings() {
    assertThat(
            explain(
                null,
                new SQLException(
                    "Could not connect: PKIX path building failed: unable to find valid"
                        + " certification path to requested target")))
        .contains("fix: TLS: the source's certificate is not signed by the CA")
        .contains("serverSslCert");
    assertThat(
            explain(
                "Unable to connect",
                new SQLException(
                    "SSL error: PKIX path validation failed: Path does not chain with any of the"
                        + " trust anchors")))
        .contains("fix: TLS: the source's certificate is not signed by the CA")
        .contains("sslrootcert");
    assertThat(explain(null, new SQLException("No subject alternative names matching IP address")))
        .endsWith(
            "fix: TLS: the source's certificate does not name the host in source.url; connect by"
                + " a name the certificate holds");
  }
}
