package io.godwit.db;

/**
 * Something {@code plan} found: a blocker stops the migration, a warning is worth reading.
 *
 * @param subject what it is about: a setting, a table, a column or a privilege
 * @param message what must be and what was found ("binlog_format must be ROW, found STATEMENT")
 * @param fix what to do about it
 */
public record Finding(Severity severity, String subject, String message, String fix) {

  public enum Severity {
    BLOCKER,
    WARNING,
    INFO
  }

  public static Finding blocker(String subject, String message, String fix) {
    return new Finding(Severity.BLOCKER, subject, message, fix);
  }

  public static Finding warning(String subject, String message, String fix) {
    return new Finding(Severity.WARNING, subject, message, fix);
  }

  public static Finding info(String subject, String message) {
    return new Finding(Severity.INFO, subject, message, "");
  }

  public boolean isBlocker() {
    return severity == Severity.BLOCKER;
  }

  @Override
  public String toString() {
    return severity + " " + subject + ": " + message + (fix.isEmpty() ? "" : "; fix: " + fix);
  }
}
