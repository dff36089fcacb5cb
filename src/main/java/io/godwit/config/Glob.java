package io.godwit.config;

/** Matches a name against a pattern where {@code *} is any run of characters and {@code ?} one. */
final class Glob {

  private Glob() {}

  static boolean matches(String pattern, String name) {
    int p = 0;
    int n = 0;
    int starAt = -1;
    int starMatched = 0;
    while (n < name.length()) {
      if (p < pattern.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == name.charAt(n))) {
        p++;
        n++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        starAt = p++;
        starMatched = n;
      } else if (starAt >= 0) {
        p = starAt + 1;
        n = ++starMatched;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
