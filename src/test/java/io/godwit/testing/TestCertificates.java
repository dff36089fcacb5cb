package io.godwit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A test CA and a server certificate it signed for {@code 127.0.0.1} and {@code localhost}, made
 * with the {@code openssl} command line; and a second CA that signed nothing, for "wrong CA" cases.
 *
 * @param ca the CA's certificate (PEM)
 * @param serverCert the server's certificate (PEM), signed by {@code ca}
 * @param serverKey the server's unencrypted private key (PEM)
 * @param otherCa a CA certificate that did not sign {@code serverCert}
 */
public record TestCertificates(Path ca, Path serverCert, Path serverKey, Path otherCa) {

  public static TestCertificates create(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path san =
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    selfSignedCa(dir, "ca", "godwit-test-ca");
    selfSignedCa(dir, "other-ca", "godwit-other-ca");
    openssl(
        dir,
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost");
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        san.toString());
    return new TestCertificates(
        dir.resolve("ca.pem"),
        dir.resolve("server.pem"),
        dir.resolve("server.key"),
        dir.resolve("other-ca.pem"));
  }

  /** Writes {@code <name>.key} and the self-signed {@code <name>.pem} of a CA named {@code cn}. */
  private static void selfSignedCa(Path dir, String name, String cn)
      throws IOException, InterruptedException {
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".pem",
        "-days",
        "2",
        "-subj",
        "/CN=" + cn);
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
  }
}
