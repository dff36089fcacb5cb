package io.godwit.config;

import static io.godwit.config.Fixtures.loader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactionTest {

  @TempDir Path dir;

  @Test
  void everyReferenceValueOfTheFileIsMaskedInForeignText() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca-path"), "/etc/m4rker-ca/ca.pem\n");
    MigrationConfig config =
        loader(Map.of("DB_HOST", "db-m4rker.internal", "MODE", "verify-full", "TOKEN", "t0ken42"))
            .load(
                """
                name: shop
                source:
                  url: "jdbc:mariadb://${env:DB_HOST}:3306/shop?sslMode=${env:MODE}"
                  user: root
                  properties: { serverSslCert: "${file:%s}" }
                target: { url: "jdbc:postgresql://127.0.0.1:5432/shop", user: postgres }
                cutover: { freeze: hook, freeze-hook: "curl -H \\"X: ${env:TOKEN}\\" http://h" }
                """
                    .formatted(ca),
                "shop.yaml");

    Redaction redaction = config.provenance().redaction();
    String driverSays =
        "Socket fail to connect to address=(host=db-m4rker.internal)(port=3306):"
            + " Failed to find serverSslCert file. serverSslCert=/etc/m4rker-ca/ca.pem"
            + " (sslMode verify-full); hook sent t0ken42";
    assertThat(redaction.apply(driverSays))
        .isEqualTo(
            "Socket fail to connect to address=(host=******)(port=3306):"
                + " Failed to find serverSslCert file. serverSslCert=******"
                + " (sslMode ******); hook sent ******");
    assertThat(config.source().redaction()).isEqualTo(redaction);
    assertThat(Redaction.loaded().apply(driverSays)).doesNotContain("m4rker", "t0ken42");
  }

  @Test
  void theLogAndTheCliMaskTheFileLoadedLastEvenWhenItHasProblems() {
    String yaml =
        """
        name: shop
        source: { url: "jdbc:mariadb://${env:DB_HOST}:3306/shop", user: root }
        target: { url: "jdbc:postgresql://127.0.0.1:5432/shop", user: postgres }
        snapshot: { workers: 0 }
        """;
    assertThatThrownBy(() -> loader(Map.of("DB_HOST", "db-m4rker")).load(yaml, "shop.yaml"))
        .isInstanceOf(ConfigException.class);
    assertThat(Redaction.loaded().apply("unknown host db-m4rker")).isEqualTo("unknown host ******");

    Fixtures.load(Fixtures.MINIMAL);
    assertThat(Redaction.loaded()).isEqualTo(Redaction.NONE);
  }

  @Test
  void aFileWithoutReferencesMasksNothing() {
    MigrationConfig config = Fixtures.load(Fixtures.MINIMAL);
    assertThat(config.provenance().redaction()).isEqualTo(Redaction.NONE);
    assertThat(config.source().redaction().apply("root@127.0.0.1:3306"))
        .isEqualTo("root@127.0.0.1:3306");
  }

  @Test
  void longerValuesAreMaskedFirstInAnyCaseAndShortOnesAreLeftAlone() {
    Redaction redaction = Redaction.of(List.of("db.internal", "inte", "7", "", "    ", "abcd"));
    assertThat(redaction.apply("host DB.Internal, db.inter; port 5437 or 7; xABCDx"))
        .isEqualTo("host ******, db.******r; port 5437 or 7; x******x");
    assertThat(redaction.apply(null)).isNull();
    assertThat(redaction.apply("")).isEmpty();
    assertThat(redaction.apply("abcd")).isEqualTo("******");
    assertThat(Redaction.of(List.of("7", "db"))).isEqualTo(Redaction.NONE);
    assertThat(Redaction.NONE.apply("db.internal")).isEqualTo("db.internal");
  }

  @Test
  void randomValuesNeverSurviveInRandomText() {
    long seed = System.nanoTime();
    System.out.println("RedactionTest seed " + seed);
    Random random = new Random(seed);
    String alphabet = "abcXYZ019-._/:=@ ()\n";
    for (int round = 0; round < 500; round++) {
      List<String> values =
          random
              .ints(1 + random.nextInt(4), Redaction.SHORT, 24)
              .mapToObj(length -> text(random, length, alphabet))
              .filter(value -> value.strip().length() >= Redaction.SHORT)
              .toList();
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        text.append(text(random, random.nextInt(8), alphabet));
        if (!values.isEmpty()) {
          text.append(values.get(random.nextInt(values.size())));
        }
      }
      String masked = Redaction.of(values).apply(text.toString());
      for (String value : values) {
        assertThat(masked.toLowerCase(java.util.Locale.ROOT))
            .as("seed %d, values %s", seed, values)
            .doesNotContain(value.toLowerCase(java.util.Locale.ROOT));
      }
    }
  }

  private static String text(Random random, int length, String alphabet) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
