package io.godwit.control;

import io.godwit.config.ControlSettings;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The control API's TLS: the server's key and certificate, and the CA its clients trust. */
final class ControlTls {

  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private ControlTls() {}

  /** The server's context, from {@code control.tls.certificate} and {@code control.tls.key}. */
  static SSLContext server(ControlSettings.Tls tls) {
    List<Certificate> chain = certificates("control.tls.certificate", tls.certificate());
    PrivateKey key = privateKey(tls.key());
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("control", key, password, chain.toArray(Certificate[]::new));
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new GodwitException(
          ErrorCode.CONFIG,
          "control.tls.key does not fit control.tls.certificate (%s); fix: name the key of the first certificate in the chain"
              .formatted(e.getMessage()),
          e);
    }
  }

  /** The clients' context: trusting {@code control.tls.ca}, or the JDK's CAs when it is empty. */
  static SSLContext client(ControlSettings.Tls tls) {
    try {
      if (tls.ca().isEmpty()) {
        return SSLContext.getDefault();
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate ca : certificates("control.tls.ca", tls.ca())) {
        store.setCertificateEntry("ca-" + i++, ca);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new GodwitException(
          ErrorCode.CONFIG,
          "cannot set up TLS for the control API client: %s".formatted(e.getMessage()),
          e);
    }
  }

  private static List<Certificate> certificates(String key, String path) {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new GodwitException(
          ErrorCode.CONFIG,
          "%s: cannot read the certificates in %s (%s); fix: name a readable PEM file of certificates"
              .formatted(key, path, e.getMessage()),
          e);
    }
    if (certificates.isEmpty()) {
      throw new GodwitException(
          ErrorCode.CONFIG,
          "%s: %s holds no certificate; fix: name a PEM file of certificates".formatted(key, path));
    }
    return List.copyOf(certificates);
  }

  private static PrivateKey privateKey(String path) {
    String pem;
    try {
      pem = Files.readString(Path.of(path), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new GodwitException(
          ErrorCode.CONFIG,
          "control.tls.key: cannot read %s (%s); fix: name a readable PEM file of the private key"
              .formatted(path, e.getMessage()),
          e);
    }
    Matcher m = PRIVATE_KEY.matcher(pem);
    if (!m.find()) {
      throw new GodwitException(
          ErrorCode.CONFIG,
          ("control.tls.key: %s holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----);"
                  + " fix: convert it with `openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8`")
              .formatted(path));
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
        // not this algorithm: try the next
      }
    }
    throw new GodwitException(
        ErrorCode.CONFIG,
        "control.tls.key: the key in %s is neither RSA, EC nor Ed25519; fix: use one of those"
            .formatted(path));
  }
}
