package io.godwit.plan;

import io.godwit.config.ControlSettings;
import io.godwit.config.Endpoint;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Finding;
import io.godwit.db.JdbcTls;
import io.godwit.db.Tls;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code plan} says about TLS to the databases: a warning when a connection to a host other
 * than loopback is in plain text or does not check the server's certificate, and, when the change
 * capture is checked, a blocker for each source setting the capture could not use; and a warning
 * when the control API is reachable from other hosts without TLS.
 */
final class TlsFindings {

  private TlsFindings() {}

  static List<Finding> of(MigrationConfig config, boolean checkCapture) {
    List<Finding> findings = new ArrayList<>();
    Tls source = JdbcTls.of(config.source(), "source");
    unverified(config.source(), "source", source).ifPresent(findings::add);
    unverified(config.target(), "target", JdbcTls.of(config.target(), "target"))
        .ifPresent(findings::add);
    ControlSettings control = config.control();
    if (!control.listen().isLoopback() && control.tls().certificate().isEmpty()) {
      findings.add(
          Finding.warning(
              "control API TLS",
              ("the control API listens on %s, reachable from other hosts, in plain HTTP:"
                      + " control.token and the status cross the network in clear text")
                  .formatted(control.listen()),
              "set control.tls.certificate and control.tls.key (and control.tls.ca where"
                  + " `godwit cutover` runs), or listen on 127.0.0.1 and reach it through a"
                  + " tunnel"));
    }
    if (checkCapture) {
      for (String problem : source.untranslatable()) {
        int fix = problem.indexOf("; fix: ");
        findings.add(
            Finding.blocker(
                "source TLS",
                fix < 0 ? problem : problem.substring(0, fix),
                fix < 0 ? "" : problem.substring(fix + "; fix: ".length())));
      }
    }
    return findings;
  }

  /** The host is named as the URL may be shown: masked when it came from a reference. */
  private static java.util.Optional<Finding> unverified(Endpoint endpoint, String side, Tls tls) {
    if (tls.mode().verifies() || tls.loopback()) {
      return java.util.Optional.empty();
    }
    String what =
        switch (tls.mode()) {
          case DISABLE -> "off: rows and passwords cross the network in plain text";
          case ALLOW, PREFER ->
              "optional and unverified: plain text whenever the server does not insist on TLS,"
                  + " and anyone on the path can pose as the server";
          default -> "not verified: anyone on the path can pose as the server";
        };
    return java.util.Optional.of(
        Finding.warning(
            side + " TLS",
            "TLS to the %s %s is %s (%s, %s)"
                .formatted(
                    side,
                    JdbcTls.host(endpoint.shownUrl()),
                    what,
                    tls.mode().name().toLowerCase().replace('_', '-'),
                    tls.modeKey()),
            "set %s in %s.url or %s.properties%s"
                .formatted(
                    JdbcTls.verifyingSettings(endpoint.engine()),
                    side,
                    side,
                    side.equals("source") ? " (change capture uses the same)" : "")));
  }
}
