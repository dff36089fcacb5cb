package io.godwit.config;

import static io.godwit.config.ConfigKeys.CAPTURE_CONNECT_URL;
import static io.godwit.config.ConfigKeys.CAPTURE_MODE;
import static io.godwit.config.ConfigKeys.CONTROL_ALLOWED_HOSTS;
import static io.godwit.config.ConfigKeys.CONTROL_LISTEN;
import static io.godwit.config.ConfigKeys.CONTROL_TLS_CERTIFICATE;
import static io.godwit.config.ConfigKeys.CONTROL_TLS_KEY;
import static io.godwit.config.ConfigKeys.CONTROL_TOKEN;
import static io.godwit.config.ConfigKeys.CUTOVER_FREEZE;
import static io.godwit.config.ConfigKeys.CUTOVER_FREEZE_HOOK;
import static io.godwit.config.ConfigKeys.KAFKA_BOOTSTRAP_SERVERS;
import static io.godwit.config.ConfigKeys.SNAPSHOT_MAX_REPLICA_LAG;
import static io.godwit.config.ConfigKeys.SNAPSHOT_MAX_THREADS_RUNNING;
import static io.godwit.config.ConfigKeys.SNAPSHOT_REPLICA_URL;
import static io.godwit.config.ConfigKeys.SOURCE;
import static io.godwit.config.ConfigKeys.TARGET;

import io.godwit.config.CutoverSettings.Freeze;
import io.godwit.engine.Engine;
import java.util.ArrayList;
import java.util.List;

/** Rules that involve more than one key; each runs only if its keys were read without a problem. */
final class CrossChecks {

  private CrossChecks() {}

  static void check(ConfigValues v, List<ConfigProblem> problems) {
    if (v.has(CUTOVER_FREEZE, CUTOVER_FREEZE_HOOK)) {
      freezeHook(v.get(CUTOVER_FREEZE), v.get(CUTOVER_FREEZE_HOOK), problems);
    }
    if (v.has(SOURCE.url, TARGET.url) && v.get(SOURCE.url).equals(v.get(TARGET.url))) {
      problems.add(
          new ConfigProblem(
              TARGET.url.path(),
              "is the same as source.url",
              "point target.url at the database to migrate to"));
    }
    if (v.has(SOURCE.url, SNAPSHOT_MAX_THREADS_RUNNING)
        && v.get(SNAPSHOT_MAX_THREADS_RUNNING) > 0) {
      Engine source = Engine.fromUrl(v.get(SOURCE.url)).orElseThrow();
      if (!source.countsRunningThreads()) {
        problems.add(
            new ConfigProblem(
                SNAPSHOT_MAX_THREADS_RUNNING.path(),
                "only applies to a MySQL or MariaDB source, but source.url is "
                    + source.displayName(),
                "remove snapshot.max-threads-running (or set it to 0)"));
      }
    }
    problems.addAll(replica(v));
    if (v.has(CAPTURE_MODE, CAPTURE_CONNECT_URL, KAFKA_BOOTSTRAP_SERVERS)
        && v.get(CAPTURE_MODE) == CaptureSettings.Mode.EXTERNAL) {
      problems.addAll(external(v.get(CAPTURE_CONNECT_URL), v.get(KAFKA_BOOTSTRAP_SERVERS)));
    }
    if (v.has(CONTROL_LISTEN, CONTROL_TOKEN)
        && !v.get(CONTROL_LISTEN).isLoopback()
        && v.get(CONTROL_TOKEN).isEmpty()) {
      problems.add(
          new ConfigProblem(
              CONTROL_TOKEN.path(),
              "is empty while control.listen ("
                  + v.get(CONTROL_LISTEN)
                  + ") is reachable from"
                  + " other hosts",
              "set control.token (e.g. ${env:GODWIT_TOKEN}), or listen on 127.0.0.1"));
    }
    if (v.has(CONTROL_TLS_CERTIFICATE, CONTROL_TLS_KEY)
        && v.get(CONTROL_TLS_CERTIFICATE).isEmpty() != v.get(CONTROL_TLS_KEY).isEmpty()) {
      ConfigKey<String> missing =
          v.get(CONTROL_TLS_CERTIFICATE).isEmpty() ? CONTROL_TLS_CERTIFICATE : CONTROL_TLS_KEY;
      problems.add(
          new ConfigProblem(
              missing.path(),
              "is empty while the other of control.tls.certificate and control.tls.key is set",
              "set both (PEM files of the server's certificate chain and its private key), or"
                  + " neither"));
    }
    if (v.has(CONTROL_LISTEN, CONTROL_ALLOWED_HOSTS)) {
      String host = v.get(CONTROL_LISTEN).host();
      if (!HostPort.isIpLiteral(host)
          && !host.equalsIgnoreCase("localhost")
          && v.get(CONTROL_ALLOWED_HOSTS).stream().noneMatch(host::equalsIgnoreCase)) {
        problems.add(
            new ConfigProblem(
                CONTROL_ALLOWED_HOSTS.path(),
                "does not list '"
                    + host
                    + "', the host of control.listen, so `godwit cutover` and every request by"
                    + " that name would be refused with 421",
                "add " + host + " to control.allowed-hosts, or listen on an IP address"));
      }
    }
  }

  /** What external capture needs: a Connect REST API, and a Kafka cluster Connect can reach. */
  static List<ConfigProblem> external(String connectUrl, String bootstrapServers) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (connectUrl.isEmpty()) {
      problems.add(
          new ConfigProblem(
              CAPTURE_CONNECT_URL.path(),
              "is required when capture.mode is external",
              "set it to the Kafka Connect REST API that runs the connector, e.g."
                  + " http://connect:8083"));
    }
    if (bootstrapServers.isEmpty()) {
      problems.add(
          new ConfigProblem(
              KAFKA_BOOTSTRAP_SERVERS.path(),
              "is empty, but external capture writes through a Kafka Connect cluster, which"
                  + " cannot reach Godwit's embedded broker",
              "set kafka.bootstrap-servers to the cluster Kafka Connect writes to"));
    }
    return problems;
  }

  private static void freezeHook(Freeze freeze, String hook, List<ConfigProblem> problems) {
    if (freeze == Freeze.HOOK && hook.isEmpty()) {
      problems.add(
          new ConfigProblem(
              CUTOVER_FREEZE_HOOK.path(),
              "is required when cutover.freeze is hook",
              "set cutover.freeze-hook to the command that stops the application's writes,"
                  + " or choose cutover.freeze: read-only or manual"));
    } else if (freeze != Freeze.HOOK && !hook.isEmpty()) {
      problems.add(
          new ConfigProblem(
              CUTOVER_FREEZE_HOOK.path(),
              "is set but cutover.freeze is " + freeze.yamlName() + ", so it would never run",
              "set cutover.freeze: hook to use it, or remove cutover.freeze-hook"));
    }
  }

  /** The replica lag watch needs both of its keys and a MySQL or MariaDB source. */
  private static List<ConfigProblem> replica(ConfigValues v) {
    if (!v.has(SOURCE.url, SNAPSHOT_REPLICA_URL, SNAPSHOT_MAX_REPLICA_LAG)) {
      return List.of();
    }
    boolean url = !v.get(SNAPSHOT_REPLICA_URL).isEmpty();
    boolean limit = !v.get(SNAPSHOT_MAX_REPLICA_LAG).isZero();
    if (limit && !url) {
      return List.of(
          new ConfigProblem(
              SNAPSHOT_REPLICA_URL.path(),
              "is empty while snapshot.max-replica-lag is set",
              "set snapshot.replica-url to a replica of the source, e.g."
                  + " jdbc:mariadb://replica1:3306/shop (or set snapshot.max-replica-lag to 0)"));
    }
    if (url && !limit) {
      return List.of(
          new ConfigProblem(
              SNAPSHOT_MAX_REPLICA_LAG.path(),
              "is 0 (off) while snapshot.replica-url is set, so the replica would not be watched",
              "set snapshot.max-replica-lag, e.g. 30s (or remove snapshot.replica-url)"));
    }
    Engine source = Engine.fromUrl(v.get(SOURCE.url)).orElseThrow();
    if (url && !source.reportsReplicaLag()) {
      return List.of(
          new ConfigProblem(
              SNAPSHOT_REPLICA_URL.path(),
              "only applies to a MySQL or MariaDB source, but source.url is "
                  + source.displayName(),
              "remove snapshot.replica-url and snapshot.max-replica-lag"));
    }
    return List.of();
  }
}
