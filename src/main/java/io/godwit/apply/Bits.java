package io.godwit.apply;

/**
 * Debezium sends {@code BIT(n)} and {@code BIT VARYING} values as little-endian bytes: byte 0 holds
 * the lowest eight bits ({@code JdbcValueConverters.convertBits}). The snapshot writes PostgreSQL
 * bit strings as text of 0s and 1s and MySQL {@code BIT} values as big-endian bytes.
 */
final class Bits {

  private Bits() {}

  /** The lowest {@code length} bits as text, highest first, as PostgreSQL prints a bit string. */
  static String text(byte[] littleEndian, int length) {
    StringBuilder bits = new StringBuilder(length);
    for (int i = length - 1; i >= 0; i--) {
      bits.append(isSet(littleEndian, i) ? '1' : '0');
    }
    return bits.toString();
  }

  /** How many bits are needed up to the highest set one; 0 when none is set. */
  static int significant(byte[] littleEndian) {
    for (int i = littleEndian.length * 8 - 1; i >= 0; i--) {
      if (isSet(littleEndian, i)) {
        return i + 1;
      }
    }
    return 0;
  }

  /** The value as {@code bytes} big-endian bytes, as MySQL reads and writes {@code BIT}. */
  static byte[] bigEndian(byte[] littleEndian, int bytes) {
    byte[] result = new byte[bytes];
    for (int i = 0; i < Math.min(bytes, littleEndian.length); i++) {
      result[bytes - 1 - i] = littleEndian[i];
    }
    return result;
  }

  static int bytesFor(int bits) {
    return Math.max(1, (bits + 7) / 8);
  }

  private static boolean isSet(byte[] littleEndian, int bit) {
    int index = bit / 8;
    return index < littleEndian.length && (littleEndian[index] >> (bit % 8) & 1) == 1;
  }
}
