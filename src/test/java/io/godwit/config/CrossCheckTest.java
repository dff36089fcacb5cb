package io.godwit.config;

import static io.godwit.config.Fixtures.MINIMAL;
import static io.godwit.config.Fixtures.load;
import static io.godwit.config.Fixtures.loadMinimalWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CrossCheckTest {

  @Test
  void hookFreezeNeedsAFreezeHook() {
    assertThatThrownBy(() -> loadMinimalWith("cutover: { freeze: hook }\n"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .extracting(ConfigProblem::keyPath)
                    .isEqualTo("cutover.freeze-hook"))
        .hasMessageContaining("cutover.freeze-hook: is required when cutover.freeze is hook");
  }

  @Test
  void hookFreezeWithAHookIsAccepted() {
    assertThat(
            loadMinimalWith("cutover: { freeze: hook, freeze-hook: ./stop-app.sh }\n")
                .cutover()
                .freezeHook())
        .isEqualTo("./stop-app.sh");
  }

  @Test
  void freezeHookThatWouldNeverRunIsAProblem() {
    assertThatThrownBy(() -> loadMinimalWith("cutover: { freeze-hook: ./stop-app.sh }\n"))
        .hasMessageContaining(
            "cutover.freeze-hook: is set but cutover.freeze is read-only, so it would never run");
  }

  @Test
  void crossChecksAreReportedAlongsideOtherProblems() {
    assertThatThrownBy(
            () -> loadMinimalWith("cutover: { freeze: hook }\nsnapshot: { workers: 0 }\n"))
        .hasMessageStartingWith("Migration file shop.yaml has 2 problems:");
  }

  @Test
  void externalCaptureNeedsConnectAndAKafkaClusterConnectCanReach() {
    assertThatThrownBy(() -> loadMinimalWith("capture: { mode: external }\n"))
        .hasMessageContaining("capture.connect-url: is required when capture.mode is external")
        .hasMessageContaining("kafka.bootstrap-servers: is empty, but external capture");
  }

  @Test
  void externalCaptureWithConnectAndAClusterIsAccepted() {
    MigrationConfig config =
        loadMinimalWith(
            "capture: { mode: external, connect-url: \"http://connect:8083\" }\n"
                + "kafka: { bootstrap-servers: \"kafka:9092\" }\n");
    assertThat(config.capture())
        .isEqualTo(
            new CaptureSettings(
                CaptureSettings.Mode.EXTERNAL, "http://connect:8083", "godwit-shop"));
  }

  @Test
  void runCaptureFlagChecksWhatTheFileGives() {
    MigrationConfig embedded = loadMinimalWith("");
    assertThatThrownBy(() -> embedded.withCaptureMode(CaptureSettings.Mode.EXTERNAL))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("capture.connect-url: is required");
    assertThat(embedded.withCaptureMode(CaptureSettings.Mode.EMBEDDED).capture().mode())
        .isEqualTo(CaptureSettings.Mode.EMBEDDED);
  }

  @Test
  void sourceAndTargetMustDiffer() {
    String same =
        MINIMAL.replace(
            "jdbc:mariadb://127.0.0.1:3306/shop", "jdbc:postgresql://127.0.0.1:5432/shop");

    assertThatThrownBy(() -> load(same))
        .hasMessageContaining("target.url: is the same as source.url");
  }

  @Test
  void threadsRunningThrottleNeedsAMySqlFamilySource() {
    String pgSource =
        MINIMAL.replace("jdbc:mariadb://127.0.0.1:3306/shop", "jdbc:postgresql://old:5432/shop")
            + "snapshot: { max-threads-running: 10 }\n";

    assertThatThrownBy(() -> load(pgSource))
        .hasMessageContaining(
            "snapshot.max-threads-running: only applies to a MySQL or MariaDB source");
    assertThat(
            loadMinimalWith("snapshot: { max-threads-running: 10 }\n")
                .snapshot()
                .maxThreadsRunning())
        .isEqualTo(10);
  }

  @Test
  void replicaLagThrottleNeedsBothKeysAndAMySqlFamilySource() {
    assertThatThrownBy(() -> loadMinimalWith("snapshot: { max-replica-lag: 30s }\n"))
        .hasMessageContaining(
            "snapshot.replica-url: is empty while snapshot.max-replica-lag is set");
    assertThatThrownBy(
            () -> loadMinimalWith("snapshot: { replica-url: \"jdbc:mariadb://replica1/shop\" }\n"))
        .hasMessageContaining("snapshot.max-replica-lag: is 0 (off) while snapshot.replica-url");
    assertThatThrownBy(() -> loadMinimalWith("snapshot: { max-replica-lag: 1500ms }\n"))
        .hasMessageContaining("snapshot.max-replica-lag: must be 0 or whole seconds");
    assertThatThrownBy(
            () -> loadMinimalWith("snapshot: { replica-url: \"jdbc:postgresql://r/shop\" }\n"))
        .hasMessageContaining("snapshot.replica-url: must be empty or a jdbc:mysql: or");
    String pgSource =
        MINIMAL.replace("jdbc:mariadb://127.0.0.1:3306/shop", "jdbc:postgresql://old:5432/shop")
            + "snapshot: { replica-url: \"jdbc:mysql://r/shop\", max-replica-lag: 30s }\n";
    assertThatThrownBy(() -> load(pgSource))
        .hasMessageContaining("snapshot.replica-url: only applies to a MySQL or MariaDB source");

    SnapshotSettings settings =
        loadMinimalWith(
                "snapshot: { replica-url: \"jdbc:mariadb://replica1:3306/shop\","
                    + " max-replica-lag: 30s }\n")
            .snapshot();
    assertThat(settings.replicaUrl()).isEqualTo("jdbc:mariadb://replica1:3306/shop");
    assertThat(settings.maxReplicaLag()).isEqualTo(java.time.Duration.ofSeconds(30));
  }

  @Test
  void aControlListenNameMustBeAnAllowedHost() {
    assertThatThrownBy(() -> loadMinimalWith("control: { listen: \"godwit.internal:7878\" }\n"))
        .hasMessageContaining(
            "control.allowed-hosts: does not list 'godwit.internal', the host of control.listen");
    assertThat(
            loadMinimalWith(
                    "control: { listen: \"godwit.internal:7878\", allowed-hosts: [Godwit.Internal],"
                        + " token: 0123456789abcdef }\n")
                .control()
                .allowedHosts())
        .containsExactly("Godwit.Internal");
    assertThat(loadMinimalWith("control: { listen: \"localhost:7878\" }\n").control().listen())
        .isEqualTo(new HostPort("localhost", 7878));
  }

  @Test
  void aNameThatOnlyLooksLikeLoopbackNeedsAToken() {
    assertThatThrownBy(
            () ->
                loadMinimalWith(
                    "control: { listen: \"127.attacker.example:7878\","
                        + " allowed-hosts: [127.attacker.example] }\n"))
        .hasMessageContaining(
            "control.token: is empty while control.listen (127.attacker.example:7878)");
    assertThat(new HostPort("127.0.0.2", 1).isLoopback()).isTrue();
    assertThat(new HostPort("::1", 1).isLoopback()).isTrue();
    assertThat(new HostPort("localhost", 1).isLoopback()).isTrue();
    assertThat(new HostPort("0.0.0.0", 1).isLoopback()).isFalse();
  }

  @Test
  void aTokenHasAtLeastSixteenCharacters() {
    assertThatThrownBy(() -> loadMinimalWith("control: { token: s3cret-short }\n"))
        .hasMessageContaining("control.token: is 12 characters long")
        .hasMessageContaining("at least 16")
        .hasMessageNotContaining("s3cret-short");
    assertThat(loadMinimalWith("control: { token: 0123456789abcdef }\n").control().token().reveal())
        .hasSize(16);
  }

  @Test
  void controlApiBeyondLoopbackNeedsAToken() {
    assertThatThrownBy(() -> loadMinimalWith("control: { listen: \"0.0.0.0:7878\" }\n"))
        .hasMessageContaining("control.token: is empty while control.listen (0.0.0.0:7878)");
    assertThat(
            loadMinimalWith("control: { listen: \"0.0.0.0:7878\", token: 0123456789abcdef }\n")
                .control()
                .token()
                .isEmpty())
        .isFalse();
  }

  @Test
  void controlTlsNeedsBothCertificateAndKeyAndTheReadTokenItsLength() {
    assertThatThrownBy(() -> loadMinimalWith("control: { tls: { certificate: /etc/c.pem } }\n"))
        .hasMessageContaining("control.tls.key: is empty while the other");
    assertThatThrownBy(() -> loadMinimalWith("control: { tls: { key: /etc/k.pem } }\n"))
        .hasMessageContaining("control.tls.certificate: is empty while the other");
    ControlSettings control =
        loadMinimalWith(
                "control: { read-token: 0123456789abcdef, tls: { certificate: /c.pem, key: /k.pem"
                    + " } }\n")
            .control();
    assertThat(control.scheme()).isEqualTo("https");
    assertThat(control.readToken().reveal()).hasSize(16);
    assertThat(loadMinimalWith("control: { tls: { ca: /ca.pem } }\n").control().scheme())
        .as("a client told only the CA expects HTTPS")
        .isEqualTo("https");
    assertThatThrownBy(() -> loadMinimalWith("control: { read-token: short }\n"))
        .hasMessageContaining("control.read-token");
  }
}
