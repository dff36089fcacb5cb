package io.godwit.db;

import io.godwit.config.Endpoint;
import io.godwit.config.Masking;
import io.godwit.config.Redaction;
import io.godwit.engine.Engine;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the TLS settings of an endpoint as its JDBC driver reads them: URL parameters and {@code
 * properties}, with the driver's own names, legacy forms and defaults (pgjdbc {@code prefer},
 * MariaDB Connector/J {@code disable}, MySQL Connector/J {@code PREFERRED}). A setting given in
 * both places with different values is refused: the drivers disagree on which one wins.
 */
public final class JdbcTls {

  private static final Pattern AUTHORITY = Pattern.compile("jdbc:[a-z]+:(?:[a-z]+:)?//([^/?#]*)");

  /** pgjdbc settings the capture's connector takes (as {@code database.<name>}). */
  private static final Set<String> PG_KNOWN =
      Set.of("ssl", "sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword", "sslfactory");

  /** Lower-cased MariaDB/MySQL settings about TLS that cannot be handed to the capture as such. */
  private static final Set<String> BINLOG_OTHER_TLS =
      Set.of(
          "enabledsslciphersuites",
          "enabledsslprotocolsuites",
          "tlsversions",
          "enabledtlsprotocols",
          "tlsciphersuites",
          "keypassword",
          "fallbacktosystemtruststore",
          "fallbacktosystemkeystore");

  private final String side;
  private final Redaction redaction;
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final Map<String, String> origin = new LinkedHashMap<>();

  private JdbcTls(String side, Redaction redaction) {
    this.side = side;
    this.redaction = redaction;
  }

  /**
   * @param side {@code source} or {@code target}, for the keys named in messages
   * @throws GodwitException CONFIG when a setting is given twice with different values, or a mode
   *     is not one the driver knows
   */
  public static Tls of(Endpoint endpoint, String side) {
    JdbcTls reader = new JdbcTls(side, endpoint.redaction());
    reader.read(endpoint);
    Engine engine = endpoint.engine();
    String host = host(endpoint.url());
    return switch (engine) {
      case POSTGRESQL -> reader.postgres(host);
      case MARIADB -> reader.mariadb(host);
      case MYSQL -> reader.mysql(host);
    };
  }

  private void read(Endpoint endpoint) {
    String url = endpoint.url();
    int q = url.indexOf('?');
    if (q >= 0) {
      for (String pair : url.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        settings.put(key, value);
        origin.put(key, side + ".url");
      }
    }
    endpoint
        .properties()
        .forEach(
            (key, value) -> {
              String before = settings.get(key);
              if (before != null && !before.equals(value) && isTls(key)) {
                throw new GodwitException(
                    ErrorCode.CONFIG,
                    redaction.apply(
                        ("%s.properties.%s is %s but %s.url sets it to %s; the drivers disagree on"
                                + " which wins; fix: set %s in one place only")
                            .formatted(
                                side, key, shown(key, value), side, shown(key, before), key)));
              }
              settings.put(key, value);
              origin.put(key, side + ".properties." + key);
            });
  }

  private static boolean isTls(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("ssl")
        || k.contains("tls")
        || k.contains("trust")
        || k.contains("keystore")
        || k.equals("keypassword");
  }

  private static String shown(String key, String value) {
    return Masking.isSecretProperty(key) ? "******" : "'" + value + "'";
  }

  /** Where a key was set: {@code source.url} (parameter) or {@code source.properties.<key>}. */
  private String where(String key) {
    String o = origin.get(key);
    return o.endsWith(".url") ? o + " parameter " + key : o;
  }

  // --- PostgreSQL (pgjdbc) ---

  private Tls postgres(String host) {
    List<String> untranslatable = new ArrayList<>();
    for (String key : settings.keySet()) {
      if (key.toLowerCase(Locale.ROOT).startsWith("ssl") && !PG_KNOWN.contains(key)) {
        untranslatable.add(
            "%s cannot be handed to change capture; fix: remove it, or use sslmode, sslrootcert,"
                    .formatted(where(key))
                + " sslcert, sslkey, sslpassword or sslfactory");
      }
    }
    Tls.Mode mode;
    String modeKey;
    if (settings.containsKey("sslmode")) {
      modeKey = where("sslmode");
      mode = pgMode(settings.get("sslmode"), modeKey);
    } else if (settings.containsKey("ssl")) {
      // pgjdbc: "ssl" alone or "ssl=true" means verify-full; "ssl=false" leaves the default
      modeKey = where("ssl");
      String ssl = settings.get("ssl");
      mode = ssl.isEmpty() || ssl.equalsIgnoreCase("true") ? Tls.Mode.VERIFY_FULL : Tls.Mode.PREFER;
    } else {
      modeKey = "pgjdbc's default";
      mode = Tls.Mode.PREFER;
    }
    Optional<Tls.Store> trust =
        Optional.ofNullable(settings.get("sslrootcert"))
            .map(path -> new Tls.Store(where("sslrootcert"), path, "PEM", null, null));
    Optional<Tls.Store> client =
        Optional.ofNullable(settings.get("sslcert"))
            .map(
                path ->
                    new Tls.Store(
                        where("sslcert"),
                        path,
                        "PEM",
                        settings.get("sslpassword"),
                        settings.get("sslkey")));
    if (client.isEmpty() && settings.containsKey("sslkey")) {
      untranslatable.add(
          "%s is set without sslcert; fix: set sslcert to the client certificate beside it"
              .formatted(where("sslkey")));
    }
    return new Tls(
        mode, host, modeKey, trust, client, settings.get("sslfactory"), shown(untranslatable));
  }

  private Tls.Mode pgMode(String value, String key) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "disable" -> Tls.Mode.DISABLE;
      case "allow" -> Tls.Mode.ALLOW;
      case "prefer" -> Tls.Mode.PREFER;
      case "require" -> Tls.Mode.REQUIRE;
      case "verify-ca" -> Tls.Mode.VERIFY_CA;
      case "verify-full" -> Tls.Mode.VERIFY_FULL;
      default ->
          throw badMode(key, value, "disable, allow, prefer, require, verify-ca or verify-full");
    };
  }

  // --- MariaDB Connector/J 3 ---

  private static final Map<String, Tls.Mode> MARIADB_MODES =
      Map.ofEntries(
          Map.entry("disable", Tls.Mode.DISABLE),
          Map.entry("disabled", Tls.Mode.DISABLE),
          Map.entry("0", Tls.Mode.DISABLE),
          Map.entry("false", Tls.Mode.DISABLE),
          Map.entry("trust", Tls.Mode.REQUIRE),
          Map.entry("required", Tls.Mode.REQUIRE),
          Map.entry("verify-ca", Tls.Mode.VERIFY_CA),
          Map.entry("verify_ca", Tls.Mode.VERIFY_CA),
          Map.entry("verify-full", Tls.Mode.VERIFY_FULL),
          Map.entry("verify_identity", Tls.Mode.VERIFY_FULL),
          Map.entry("1", Tls.Mode.VERIFY_FULL),
          Map.entry("true", Tls.Mode.VERIFY_FULL));

  private Tls mariadb(String host) {
    Map<String, String> lower = lowerCased();
    List<String> untranslatable = binlogOthers(lower);
    ModeSetting mode =
        sslMode(lower, MARIADB_MODES, "disable, trust, verify-ca or verify-full")
            .orElseGet(() -> mariadbLegacyMode(lower));
    Optional<Tls.Store> trust;
    if (lower.containsKey("serversslcert")) {
      String cert = lower.get("serversslcert");
      String key = whereLower("serversslcert");
      if (cert.startsWith("-----") || cert.startsWith("classpath:")) {
        untranslatable.add(
            ("%s holds the certificate itself or a class-path resource; change capture reads"
                    + " files only; fix: write it to a file and set serverSslCert to its path")
                .formatted(key));
        trust = Optional.empty();
      } else {
        trust = Optional.of(new Tls.Store(key, stripFile(cert), "PEM", null, null));
      }
    } else {
      trust =
          store(
              lower,
              "truststore",
              "trustcertificatekeystoreurl",
              "truststorepassword",
              "trustcertificatekeystorepassword",
              "truststoretype",
              "trustcertificatekeystoretype",
              untranslatable);
    }
    Optional<Tls.Store> client =
        store(
            lower,
            "keystore",
            "clientcertificatekeystoreurl",
            "keystorepassword",
            "clientcertificatekeystorepassword",
            "keystoretype",
            "clientcertificatekeystoretype",
            untranslatable);
    return new Tls(mode.mode(), host, mode.key(), trust, client, null, shown(untranslatable));
  }

  private ModeSetting mariadbLegacyMode(Map<String, String> lower) {
    if (!isTrue(lower.get("usessl"))) {
      return new ModeSetting(Tls.Mode.DISABLE, "MariaDB Connector/J's default");
    }
    // the driver's legacy settings: useSsl with trustServerCertificate or
    // disableSslHostnameVerification
    return new ModeSetting(
        isTrue(lower.get("trustservercertificate"))
            ? Tls.Mode.REQUIRE
            : isTrue(lower.get("disablesslhostnameverification"))
                ? Tls.Mode.VERIFY_CA
                : Tls.Mode.VERIFY_FULL,
        whereLower("usessl"));
  }

  // --- MySQL Connector/J ---

  private static final Map<String, Tls.Mode> MYSQL_MODES =
      Map.of(
          "disabled", Tls.Mode.DISABLE,
          "preferred", Tls.Mode.PREFER,
          "required", Tls.Mode.REQUIRE,
          "verify_ca", Tls.Mode.VERIFY_CA,
          "verify_identity", Tls.Mode.VERIFY_FULL);

  private Tls mysql(String host) {
    Map<String, String> lower = lowerCased();
    List<String> untranslatable = binlogOthers(lower);
    ModeSetting mode =
        sslMode(lower, MYSQL_MODES, "DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY")
            .orElseGet(() -> mysqlLegacyMode(lower));
    Optional<Tls.Store> trust =
        store(
            lower,
            "trustcertificatekeystoreurl",
            null,
            "trustcertificatekeystorepassword",
            null,
            "trustcertificatekeystoretype",
            null,
            untranslatable);
    Optional<Tls.Store> client =
        store(
            lower,
            "clientcertificatekeystoreurl",
            null,
            "clientcertificatekeystorepassword",
            null,
            "clientcertificatekeystoretype",
            null,
            untranslatable);
    if (lower.containsKey("serversslcert")) {
      untranslatable.add(
          "%s is not a MySQL Connector/J setting; fix: import the CA into a key store and set"
                  .formatted(whereLower("serversslcert"))
              + " trustCertificateKeyStoreUrl and trustCertificateKeyStorePassword");
    }
    return new Tls(mode.mode(), host, mode.key(), trust, client, null, shown(untranslatable));
  }

  /** Connector/J's legacy settings, read only when sslMode is not set. */
  private ModeSetting mysqlLegacyMode(Map<String, String> lower) {
    if (!lower.containsKey("usessl")
        && !lower.containsKey("requiressl")
        && !lower.containsKey("verifyservercertificate")) {
      return new ModeSetting(Tls.Mode.PREFER, "MySQL Connector/J's default");
    }
    String key =
        whereLower(
            lower.containsKey("usessl")
                ? "usessl"
                : lower.containsKey("verifyservercertificate")
                    ? "verifyservercertificate"
                    : "requiressl");
    if (lower.containsKey("usessl") && !isTrue(lower.get("usessl"))) {
      return new ModeSetting(Tls.Mode.DISABLE, key);
    } else if (isTrue(lower.get("verifyservercertificate"))) {
      return new ModeSetting(Tls.Mode.VERIFY_CA, key);
    } else if (isTrue(lower.get("requiressl"))) {
      return new ModeSetting(Tls.Mode.REQUIRE, key);
    }
    return new ModeSetting(Tls.Mode.PREFER, key);
  }

  /** A TLS mode and the setting (or default) it came from. */
  private record ModeSetting(Tls.Mode mode, String key) {}

  /**
   * {@code sslMode} as a MySQL-family driver reads it, in any case, by the driver's own {@code
   * spellings} (lower-cased); empty when it is not set, refused when it names no mode.
   */
  private Optional<ModeSetting> sslMode(
      Map<String, String> lower, Map<String, Tls.Mode> spellings, String allowed) {
    if (!lower.containsKey("sslmode")) {
      return Optional.empty();
    }
    String key = whereLower("sslmode");
    String value = lower.get("sslmode");
    Tls.Mode mode = spellings.get(value.toLowerCase(Locale.ROOT));
    if (mode == null) {
      throw badMode(key, value, allowed);
    }
    return Optional.of(new ModeSetting(mode, key));
  }

  // --- MySQL family helpers ---

  private Map<String, String> lowerCased() {
    Map<String, String> lower = new LinkedHashMap<>();
    settings.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return lower;
  }

  private String whereLower(String lowerKey) {
    return settings.keySet().stream()
        .filter(k -> k.toLowerCase(Locale.ROOT).equals(lowerKey))
        .reduce((a, b) -> b)
        .map(this::where)
        .orElse(lowerKey);
  }

  private List<String> binlogOthers(Map<String, String> lower) {
    List<String> untranslatable = new ArrayList<>();
    for (String key : lower.keySet()) {
      if (BINLOG_OTHER_TLS.contains(key)
          && !(key.startsWith("fallbacktosystem") && isTrue(lower.get(key)))) {
        untranslatable.add(
            ("%s cannot be handed to change capture, which uses the JVM's TLS versions and"
                    + " cipher suites and the stores' own passwords; fix: remove it")
                .formatted(whereLower(key)));
      }
    }
    return untranslatable;
  }

  /**
   * A key store given by path, password and type, each under its name or the alias (null when the
   * driver has none).
   */
  private Optional<Tls.Store> store(
      Map<String, String> lower,
      String pathKey,
      String pathAlias,
      String passwordKey,
      String passwordAlias,
      String typeKey,
      String typeAlias,
      List<String> untranslatable) {
    String pathName = lower.containsKey(pathKey) ? pathKey : pathAlias;
    String path = lower.get(pathName);
    if (path == null) {
      return Optional.empty();
    }
    String password = lower.getOrDefault(passwordKey, lower.get(passwordAlias));
    String typeName = lower.containsKey(typeKey) ? typeKey : typeAlias;
    String type = lower.getOrDefault(typeName, "PKCS12").toUpperCase(Locale.ROOT);
    if (!type.equals("PKCS12") && !type.equals("JKS")) {
      untranslatable.add(
          "%s is %s; change capture reads JKS and PKCS12 key stores only; fix: convert it with keytool -importkeystore"
              .formatted(whereLower(typeName), type));
    }
    if (!path.startsWith("file:") && path.matches("[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
      untranslatable.add(
          "%s is a %s URL; change capture reads local files only; fix: copy it to a file and name its path"
              .formatted(whereLower(pathName), path.substring(0, path.indexOf(':'))));
      return Optional.empty();
    }
    return Optional.of(new Tls.Store(whereLower(pathName), stripFile(path), type, password, null));
  }

  private static String stripFile(String path) {
    if (path.startsWith("file://")) {
      return path.substring("file://".length());
    }
    return path.startsWith("file:") ? path.substring("file:".length()) : path;
  }

  private static boolean isTrue(String value) {
    return value != null
        && (value.isEmpty() || value.equalsIgnoreCase("true") || value.equals("1"));
  }

  private GodwitException badMode(String key, String value, String allowed) {
    return new GodwitException(
        ErrorCode.CONFIG,
        redaction.apply(
            "%s is '%s', which the JDBC driver does not know; fix: set it to %s"
                .formatted(key, value, allowed)));
  }

  /** The fixes for settings the capture cannot be given, with reference values masked. */
  private List<String> shown(List<String> untranslatable) {
    return untranslatable.stream().map(redaction::apply).toList();
  }

  /**
   * The fix for a connection that failed over TLS, when {@code cause} is a TLS failure: a
   * certificate the configured CA did not sign (or that names another host), or a server that
   * accepts TLS connections only.
   */
  public static Optional<String> failureFix(Endpoint endpoint, String side, Throwable cause) {
    StringBuilder text = new StringBuilder();
    boolean handshake = false;
    for (Throwable t = cause; t != null && t != t.getCause(); t = t.getCause()) {
      handshake |= t instanceof javax.net.ssl.SSLException;
      text.append(' ').append(t.getMessage());
    }
    String lower = text.toString().toLowerCase(Locale.ROOT);
    String verifying = verifyingSettings(endpoint.engine());
    if (lower.contains("insecure transport")
        || lower.contains("no encryption")
        || lower.contains("does not support ssl")) {
      return Optional.of(
          ("TLS is required by the %s server but not used; fix: set %s in %s.url or"
                  + " %s.properties (change capture uses the same)")
              .formatted(side, verifying, side, side));
    }
    if (handshake
        || lower.contains("pkix")
        || lower.contains("certification path")
        || lower.contains("certificate")) {
      String caKey;
      try {
        caKey =
            of(endpoint, side)
                .trust()
                .map(Tls.Store::key)
                .orElse("the CA setting (" + verifying + ")");
      } catch (GodwitException e) {
        caKey = "the CA setting (" + verifying + ")";
      }
      return Optional.of(
          ("TLS to the %s failed: its certificate is not signed by the CA Godwit was given, or"
                  + " does not name the host; fix: point %s at the certificate of the CA that"
                  + " signed the server's certificate, and name the host the certificate names")
              .formatted(side, caKey));
    }
    return Optional.empty();
  }

  /** The driver settings of a verifying mode, as a fix names them. */
  public static String verifyingSettings(Engine engine) {
    return switch (engine) {
      case POSTGRESQL -> "sslmode=verify-full and sslrootcert=<CA file>";
      case MARIADB -> "sslMode=verify-full and serverSslCert=<CA file>";
      case MYSQL -> "sslMode=VERIFY_IDENTITY and trustCertificateKeyStoreUrl=file:<trust store>";
    };
  }

  /** The first host the URL names; {@code localhost} when it names none. */
  public static String host(String url) {
    Matcher m = AUTHORITY.matcher(url);
    if (!m.lookingAt()) {
      return "localhost";
    }
    String hosts = m.group(1);
    int at = hosts.lastIndexOf('@');
    String first = hosts.substring(at + 1).split(",", 2)[0];
    if (first.startsWith("[")) {
      int close = first.indexOf(']');
      return close < 0 ? first.substring(1) : first.substring(1, close);
    }
    int colon = first.indexOf(':');
    String host = colon < 0 ? first : first.substring(0, colon);
    return host.isEmpty() ? "localhost" : host;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
