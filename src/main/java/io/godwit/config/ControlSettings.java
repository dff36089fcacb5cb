package io.godwit.config;

import java.util.List;
import java.util.Objects;

/**
 * The control API of a running migration.
 *
 * @param listen address the API listens on
 * @param token bearer token callers must present; empty for none (loopback addresses only)
 * @param readToken token reads need (the status page, {@code /api/status}, {@code /api/cutover});
 *     empty: reads need none
 * @param allowedHosts host names, besides IP literals and {@code localhost}, that requests may name
 *     in their {@code Host} header
 * @param tls the server's certificate and key, and the CA its clients trust
 */
public record ControlSettings(
    HostPort listen, Secret token, Secret readToken, List<String> allowedHosts, Tls tls) {

  public ControlSettings {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(readToken, "readToken");
    Objects.requireNonNull(tls, "tls");
    allowedHosts = List.copyOf(allowedHosts);
  }

  /**
   * TLS for the control API: PEM files, each empty when not set.
   *
   * @param certificate the server's certificate chain, its own certificate first
   * @param key the server's unencrypted PKCS#8 private key
   * @param ca the CA certificates clients ({@code godwit cutover}, {@code godwit validate}) trust
   *     the server's certificate by; empty: the JDK's default CAs
   */
  public record Tls(String certificate, String key, String ca) {

    public static final Tls NONE = new Tls("", "", "");

    /** True when the server serves HTTPS, or the clients are told to expect it. */
    public boolean enabled() {
      return !certificate.isEmpty() || !ca.isEmpty();
    }
  }

  /** {@code https} when TLS is configured, else {@code http}. */
  public String scheme() {
    return tls.enabled() ? "https" : "http";
  }
}
