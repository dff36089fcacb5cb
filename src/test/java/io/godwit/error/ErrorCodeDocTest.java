package io.godwit.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/errors.md lists every error code with the exit code it really has, and nothing else. */
class ErrorCodeDocTest {

  @Test
  void theDocsTableMatchesTheCodes() throws Exception {
    List<String> documented =
        Pattern.compile("(?m)^\\| `([A-Z_]+)` \\| (\\d) \\|")
            .matcher(Files.readString(Path.of("docs/errors.md")))
            .results()
            .map(m -> m.group(1) + "=" + m.group(2))
            .toList();
    assertThat(documented)
        .containsExactlyElementsOf(
            Arrays.stream(ErrorCode.values()).map(c -> c + "=" + c.exitCode()).toList());
  }
}
