package io.godwit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

  private static final Path DOCS = Path.of("docs", "configuration.md");

  /** Regenerate with {@code mvn -o -q test -Dtest=ConfigDocsTest -Dgodwit.writeDocs=true}. */
  @Test
  void docsFileMatchesTheKeyDeclarations() throws Exception {
    if (Boolean.getBoolean("godwit.writeDocs")) {
      Files.writeString(DOCS, ConfigKeys.markdown());
    }

    assertThat(Files.readString(DOCS))
        .as("docs/configuration.md is out of date; regenerate it with -Dgodwit.writeDocs=true")
        .isEqualTo(ConfigKeys.markdown());
  }

  @Test
  void everyKeyIsDescribedAndListedOnce() {
    assertThat(ConfigKeys.ALL).extracting(ConfigKey::path).doesNotHaveDuplicates();
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      assertThat(key.description()).as(key.path()).isNotBlank().endsWith(".");
      assertThat(ConfigKeys.markdown()).contains("| `" + key.path() + "` |");
      assertThat(ConfigKeys.find(key.path())).contains(key);
    }
  }
}
