package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CopyCodecsTest {

  @Test
  void turnsMySqlBitBytesIntoPostgresBitStrings() {
    assertThat(CopyCodecs.bitString(new byte[] {0b101}, 5)).isEqualTo("00101");
    assertThat(CopyCodecs.bitString(new byte[] {0x01, (byte) 0x80}, 16))
        .isEqualTo("0000000110000000");
    assertThat(CopyCodecs.bitString(new byte[] {1}, 1)).isEqualTo("1");
  }

  @Test
  void turnsPostgresBitStringsIntoMySqlBytes() {
    assertThat(CopyCodecs.bitBytes("00101")).containsExactly(0b101);
    assertThat(CopyCodecs.bitBytes("0000000110000000")).containsExactly(0x01, 0x80);
  }

  @Test
  void bitConversionsRoundTrip() {
    String bits = "1011001110001";
    assertThat(CopyCodecs.bitString(CopyCodecs.bitBytes(bits), bits.length())).isEqualTo(bits);
  }

  @Test
  void takesTheBaseNameOfATargetType() {
    assertThat(CopyCodecs.baseName("numeric(20,0)")).isEqualTo("numeric");
    assertThat(CopyCodecs.baseName("TIMESTAMPTZ(6)")).isEqualTo("timestamptz");
    assertThat(CopyCodecs.baseName("boolean")).isEqualTo("boolean");
  }
}
