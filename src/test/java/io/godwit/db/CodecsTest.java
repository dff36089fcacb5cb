package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodecsTest {

  @Test
  void turnsMySqlBitBytesIntoPostgresBitStrings() {
    assertThat(Codecs.bitString(new byte[] {0b101}, 5)).isEqualTo("00101");
    assertThat(Codecs.bitString(new byte[] {0x01, (byte) 0x80}, 16)).isEqualTo("0000000110000000");
    assertThat(Codecs.bitString(new byte[] {1}, 1)).isEqualTo("1");
  }

  @Test
  void turnsPostgresBitStringsIntoMySqlBytes() {
    assertThat(Codecs.bitBytes("00101")).containsExactly(0b101);
    assertThat(Codecs.bitBytes("0000000110000000")).containsExactly(0x01, 0x80);
  }

  @Test
  void bitConversionsRoundTrip() {
    String bits = "1011001110001";
    assertThat(Codecs.bitString(Codecs.bitBytes(bits), bits.length())).isEqualTo(bits);
  }

  @Test
  void takesTheBaseNameOfATargetType() {
    assertThat(Codecs.baseName("numeric(20,0)")).isEqualTo("numeric");
    assertThat(Codecs.baseName("TIMESTAMPTZ(6)")).isEqualTo("timestamptz");
    assertThat(Codecs.baseName("boolean")).isEqualTo("boolean");
  }
}
