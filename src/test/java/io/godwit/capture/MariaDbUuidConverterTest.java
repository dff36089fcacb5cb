package io.godwit.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MariaDbUuidConverterTest {

  /** What the binlog carries of a uuid: its 16 bytes with the trailing zero bytes cut off. */
  private static byte[] binlog(String uuid) {
    byte[] bytes = HexFormat.of().parseHex(uuid.replace("-", ""));
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    return Arrays.copyOf(bytes, end);
  }

  @Test
  void trailingZeroBytesCutByTheBinlogComeBackAtTheEnd() {
    for (String uuid :
        new String[] {
          "123e4567-e89b-12d3-a456-426614174000",
          "00112233-4455-6677-8899-aabbccddee00",
          "00000000-0000-0000-0000-000000000000",
          "01000000-0000-0000-0000-000000000000",
          "ffffffff-ffff-ffff-ffff-ffffffffffff"
        }) {
      assertThat(MariaDbUuidConverter.text(binlog(uuid))).as(uuid).isEqualTo(uuid);
    }
  }

  @Test
  void randomUuidsRoundTrip() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int i = 0; i < 1000; i++) {
      byte[] bytes = new byte[16];
      random.nextBytes(bytes);
      for (int k = 16 - random.nextInt(4); k < 16; k++) {
        bytes[k] = 0;
      }
      String hex = HexFormat.of().formatHex(bytes);
      String uuid =
          String.join(
              "-",
              hex.substring(0, 8),
              hex.substring(8, 12),
              hex.substring(12, 16),
              hex.substring(16, 20),
              hex.substring(20));
      assertThat(MariaDbUuidConverter.text(binlog(uuid))).as("seed %d", seed).isEqualTo(uuid);
    }
  }

  @Test
  void longerValuesAreRefused() {
    assertThatThrownBy(() -> MariaDbUuidConverter.text(new byte[17]))
        .hasMessageContaining("17 bytes");
  }
}
