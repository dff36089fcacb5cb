package io.godwit.capture;

import io.godwit.config.Redaction;
import io.godwit.db.Tls;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Collection;

/**
 * The binlog connectors take trusted certificates only as a Java key store, while MariaDB
 * Connector/J also reads them from a PEM file ({@code serverSslCert}): this writes the PEM file's
 * certificates into a PKCS12 trust store of its own, owner-only and deleted when the JVM exits.
 *
 * @param path the trust store
 * @param password its password (the store holds public certificates only)
 */
record PemTrustStore(Path path, String password) {

  /**
   * @param redaction masks values from the migration file's references (the path, say) in messages
   */
  static PemTrustStore of(Tls.Store pem, Redaction redaction) {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(Path.of(pem.path()))) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new GodwitException(
          ErrorCode.CONFIG,
          redaction.apply(
              "%s: cannot read the certificates in %s (%s); fix: name a readable PEM file of the CA's certificate"
                  .formatted(pem.key(), pem.path(), e.getMessage())),
          e);
    }
    if (certificates.isEmpty()) {
      throw new GodwitException(
          ErrorCode.CONFIG,
          redaction.apply(
              "%s: %s holds no certificate; fix: name a PEM file of the CA's certificate"
                  .formatted(pem.key(), pem.path())));
    }
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().encodeToString(random);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      Path file =
          FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
              ? Files.createTempFile(
                  "godwit-capture-trust",
                  ".p12",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : Files.createTempFile("godwit-capture-trust", ".p12");
      file.toFile().deleteOnExit();
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, password.toCharArray());
      }
      return new PemTrustStore(file, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new CaptureException(
          redaction.apply(
              "cannot write a trust store for the certificates of %s: %s; fix: check that the temporary directory (java.io.tmpdir) is writable"
                  .formatted(pem.key(), e.getMessage())),
          e);
    }
  }

  @Override
  public String toString() {
    return "PemTrustStore[" + path + "]";
  }
}
