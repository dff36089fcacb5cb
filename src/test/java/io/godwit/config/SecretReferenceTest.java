package io.godwit.config;

import static io.godwit.config.Fixtures.MINIMAL;
import static io.godwit.config.Fixtures.loader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretReferenceTest {

  private static final String TARGET_LINE =
      "target: { url: \"jdbc:postgresql://127.0.0.1:5432/shop\", user: postgres }";

  private static String withTarget(String target) {
    return MINIMAL.replace(TARGET_LINE, target);
  }

  @Test
  void wholeValueComesFromTheEnvironment() {
    MigrationConfig config =
        loader(Map.of("PGPASSWORD", "s3cret"))
            .load(
                withTarget(
                    "target: { url: \"jdbc:postgresql://h/shop\", user: postgres,"
                        + " password: \"${env:PGPASSWORD}\" }"),
                "shop.yaml");

    assertThat(config.target().password().reveal()).isEqualTo("s3cret");
  }

  @Test
  void referenceEmbeddedInAUrlIsReplacedInPlace() {
    MigrationConfig config =
        loader(Map.of("PGPASSWORD", "s3cret", "PGHOST", "db"))
            .load(
                withTarget(
                    "target: { url: \"jdbc:postgresql://${env:PGHOST}/shop?password=${env:PGPASSWORD}\","
                        + " user: postgres }"),
                "shop.yaml");

    assertThat(config.target().url()).isEqualTo("jdbc:postgresql://db/shop?password=s3cret");
  }

  @Test
  void emptyEnvironmentVariableIsAValue() {
    MigrationConfig config =
        loader(Map.of("PGPASSWORD", ""))
            .load(
                withTarget(
                    "target: { url: \"jdbc:postgresql://h/shop\", user: postgres,"
                        + " password: \"${env:PGPASSWORD}\" }"),
                "shop.yaml");

    assertThat(config.target().password().isEmpty()).isTrue();
  }

  @Test
  void everyMissingVariableIsReportedWithItsKeyPath() {
    String yaml =
        withTarget(
                "target: { url: \"jdbc:postgresql://${env:PGHOST}/shop\", user: postgres,"
                    + " password: \"${env:PGPASSWORD}\" }")
            + "kafka: { properties: { sasl.jaas.config: \"${env:JAAS}\" } }\n";

    assertThatThrownBy(() -> loader(Map.of()).load(yaml, "shop.yaml"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::keyPath)
                    .containsExactly("target.url", "target.password", "kafka.properties"))
        .hasMessageContaining(
            "target.password: environment variable PGPASSWORD is not set (line 3);"
                + " fix: export PGPASSWORD before running godwit")
        .hasMessageContaining("target.url: environment variable PGHOST is not set")
        .hasMessageContaining("kafka.properties: environment variable JAAS is not set");
  }

  @Test
  void defaultValueSyntaxIsNotInventedButReported() {
    String yaml =
        withTarget(
            "target: { url: \"jdbc:postgresql://h/shop\", user: postgres,"
                + " password: \"${env:PGPASSWORD:-}\" }");

    assertThatThrownBy(() -> loader(Map.of("PGPASSWORD", "x")).load(yaml, "shop.yaml"))
        .hasMessageContaining(
            "target.password: 'PGPASSWORD:-' in ${env:PGPASSWORD:-} is not an environment"
                + " variable name");
  }

  @Test
  void unterminatedReferenceIsReported() {
    String yaml = MINIMAL + "control: { token: \"${env:TOKEN\" }\n";

    assertThatThrownBy(() -> loader(Map.of("TOKEN", "x")).load(yaml, "shop.yaml"))
        .hasMessageContaining(
            "control.token: the reference starting '${env:TOKEN' has no closing '}'");
  }

  @Test
  void fileReferenceReadsTheFileWithoutItsTrailingNewline(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("pw"), "line one\nline two\n");
    String yaml =
        withTarget(
            "target: { url: \"jdbc:postgresql://h/shop\", user: postgres,"
                + " password: \"${file:"
                + secret
                + "}\" }");

    MigrationConfig config = loader(Map.of()).load(yaml, "shop.yaml");

    assertThat(config.target().password().reveal()).isEqualTo("line one\nline two");
  }

  @Test
  void unreadableFileIsReportedWithKeyAndPath(@TempDir Path dir) {
    Path missing = dir.resolve("no-such-secret");
    String yaml = MINIMAL + "control: { token: \"${file:" + missing + "}\" }\n";

    assertThatThrownBy(() -> loader(Map.of()).load(yaml, "shop.yaml"))
        .hasMessageContaining("control.token: file '" + missing + "' in ${file:} does not exist");
  }

  @Test
  void directoryIsNotASecretFile(@TempDir Path dir) {
    String yaml = MINIMAL + "control: { token: \"${file:" + dir + "}\" }\n";

    assertThatThrownBy(() -> loader(Map.of()).load(yaml, "shop.yaml"))
        .hasMessageContaining("in ${file:} is a directory");
  }

  @Test
  void otherDollarBracesAreLeftForTheShell() {
    MigrationConfig config =
        loader(Map.of())
            .load(MINIMAL + "cutover: { done-hook: \"notify ${HOSTNAME} $USER\" }\n", "shop.yaml");

    assertThat(config.cutover().doneHook()).isEqualTo("notify ${HOSTNAME} $USER");
  }

  @Test
  void referencesWorkInListsAndNonStringKeys() {
    MigrationConfig config =
        loader(Map.of("ROLE", "app", "WORKERS", "8"))
            .load(
                MINIMAL
                    + "cutover: { app-roles: [\"${env:ROLE}\"] }\n"
                    + "snapshot: { workers: \"${env:WORKERS}\" }\n",
                "shop.yaml");

    assertThat(config.cutover().appRoles()).containsExactly("app");
    assertThat(config.snapshot().workers()).isEqualTo(8);
  }

  /**
   * A hook's command line holds no secret: the shell expands the references from its environment.
   */
  @Test
  void shellHookReferencesBecomeVariablesOfTheHooksEnvironment(@TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "file-secret\n");
    MigrationConfig config =
        loader(Map.of("TOKEN", "env-secret"))
            .load(
                MINIMAL
                    + "cutover:\n"
                    + "  freeze: hook\n"
                    + "  freeze-hook: \"curl -H \\\"Authorization: Bearer ${env:TOKEN}\\\" x\"\n"
                    + "  unfreeze-hook: \"thaw --key ${file:"
                    + token
                    + "} $HOME\"\n",
                "shop.yaml");

    assertThat(config.cutover().freezeHook())
        .isEqualTo("curl -H \"Authorization: Bearer ${TOKEN}\" x");
    assertThat(config.cutover().unfreezeHook()).isEqualTo("thaw --key ${GODWIT_FILE_1} $HOME");
    assertThat(config.cutover().hookEnvironment())
        .isEqualTo(
            Map.of("TOKEN", Secret.of("env-secret"), "GODWIT_FILE_1", Secret.of("file-secret")));
    assertThat(String.join("\n", EffectiveConfig.describe(config)))
        .contains("cutover.freeze-hook = curl -H \"Authorization: Bearer ${TOKEN}\" x")
        .doesNotContain("secret");
  }

  @Test
  void aReferenceInsideSingleQuotesOfAShellHookIsRefused() {
    String yaml = MINIMAL + "cutover: { done-hook: \"notify 'Bearer ${env:TOKEN}'\" }\n";

    assertThatThrownBy(() -> loader(Map.of("TOKEN", "x")).load(yaml, "shop.yaml"))
        .hasMessageContaining(
            "cutover.done-hook: ${env:TOKEN} is inside single quotes, where the shell would not"
                + " expand it");
  }

  @Test
  void aBadValueFromAReferenceIsReportedWithoutTheValue() {
    String yaml =
        MINIMAL
            + "snapshot: { workers: \"${env:N}\" }\n"
            + "capture: { connect-url: \"${env:URL}\" }\n";

    assertThatThrownBy(
            () -> loader(Map.of("N", "s3cr3t-n", "URL", "ftp://s3cr3t-u")).load(yaml, "shop.yaml"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::keyPath)
                    .containsExactly("snapshot.workers", "capture.connect-url"))
        .hasMessageContaining("'******'")
        .message()
        .doesNotContain("s3cr3t");
  }
}
