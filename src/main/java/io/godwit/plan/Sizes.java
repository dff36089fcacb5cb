package io.godwit.plan;

/** Byte counts for people. */
final class Sizes {

  private Sizes() {}

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return "%.1f %s".formatted(value, units[unit]);
  }
}
