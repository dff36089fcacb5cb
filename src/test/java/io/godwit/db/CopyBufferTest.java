package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyBufferTest {

  private static String encode(Object value) {
    PostgresCopyWriter.Buffer buffer = new PostgresCopyWriter.Buffer();
    buffer.value(value);
    return new String(buffer.bytes, 0, buffer.size, StandardCharsets.UTF_8);
  }

  @Test
  void escapesCopyControlCharacters() {
    assertThat(encode("a\\b\tc\nd\re")).isEqualTo("a\\\\b\\tc\\nd\\re");
  }

  @Test
  void writesNullAsBackslashN() {
    assertThat(encode(null)).isEqualTo("\\N");
    assertThat(encode("\\N")).isEqualTo("\\\\N");
  }

  @Test
  void encodesUnicodeAndEmojiAsUtf8() {
    assertThat(encode("ünïcödé € 😀")).isEqualTo("ünïcödé € 😀");
  }

  @Test
  void writesBinaryAsEscapedHex() {
    assertThat(encode(new byte[] {0, (byte) 0xff, 0x10})).isEqualTo("\\\\x00ff10");
  }

  @Test
  void growsPastItsInitialSize() {
    String big = "x".repeat(200_000);
    assertThat(encode(big)).hasSize(200_000);
  }
}
