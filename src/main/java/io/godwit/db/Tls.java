package io.godwit.db;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The TLS a JDBC connection uses, read from its URL parameters and driver properties by {@link
 * JdbcTls}: how far the server is checked, and which files hold the trusted certificates and the
 * client's own key. Change capture hands the same to its connector, so the snapshot, the applier
 * and the log reader connect alike.
 *
 * @param mode how far TLS is used and the server checked
 * @param host the server the URL names (the first one), to tell loopback from the network
 * @param modeKey the key (and where it was set) that decided the mode, or the driver's default
 * @param trust the certificates the server's certificate must chain to, when set
 * @param clientKey the client's certificate and key, when set
 * @param sslFactory PostgreSQL's {@code sslfactory} class, or null
 * @param untranslatable settings the change capture cannot be given, each with its fix
 */
public record Tls(
    Mode mode,
    String host,
    String modeKey,
    Optional<Store> trust,
    Optional<Store> clientKey,
    String sslFactory,
    List<String> untranslatable) {

  /** How TLS is used, in the order of the protection it gives (PostgreSQL's names). */
  public enum Mode {
    /** Plain text. */
    DISABLE,
    /** Plain text first, TLS only if the server insists (PostgreSQL only). */
    ALLOW,
    /** TLS if the server offers it, else plain text; the server is not checked. */
    PREFER,
    /** TLS always; the server's certificate is not checked. */
    REQUIRE,
    /** TLS; the certificate must chain to a trusted CA, any host name. */
    VERIFY_CA,
    /** TLS; the certificate must chain to a trusted CA and name the host. */
    VERIFY_FULL;

    /** True when the server's certificate is checked against a trusted CA. */
    public boolean verifies() {
      return this == VERIFY_CA || this == VERIFY_FULL;
    }
  }

  /**
   * A file of certificates or keys.
   *
   * @param key the setting that named it, e.g. {@code source.properties.trustStore}
   * @param path a local file path
   * @param format {@code PEM} (certificates or keys as text files) or a Java key store type ({@code
   *     JKS}, {@code PKCS12})
   * @param password the store's or key's password, or null
   * @param keyPath PostgreSQL's client key file beside the certificate in {@code path}, or null
   */
  public record Store(String key, String path, String format, String password, String keyPath) {

    public boolean isPem() {
      return format.equals("PEM");
    }

    @Override
    public String toString() {
      return "Store[%s=%s, %s%s]"
          .formatted(key, path, format, password == null ? "" : ", password=******");
    }
  }

  /** True when the host is this machine: {@code localhost}, 127.0.0.0/8 or {@code ::1}. */
  public boolean loopback() {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.matches("127(\\.\\d{1,3}){3}")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }
}
