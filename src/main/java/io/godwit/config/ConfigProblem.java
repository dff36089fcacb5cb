package io.godwit.config;

import java.util.Objects;

/**
 * One thing wrong with a migration file.
 *
 * @param keyPath the dotted key the problem is about, e.g. {@code snapshot.workers}; empty when it
 *     concerns the whole file (unreadable, malformed YAML)
 * @param message what is wrong, including the offending value and line where known
 * @param fix what to do about it
 */
public record ConfigProblem(String keyPath, String message, String fix) {

  public ConfigProblem {
    Objects.requireNonNull(keyPath, "keyPath");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(fix, "fix");
  }

  /** {@code keyPath: message; fix: fix}, without the key path when the problem is file-wide. */
  @Override
  public String toString() {
    String where = keyPath.isEmpty() ? "" : keyPath + ": ";
    return where + message + "; fix: " + fix;
  }
}
