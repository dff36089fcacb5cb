package io.godwit.cli;

/** Says honestly that a command is not built yet, and where it is tracked. */
final class NotImplemented {

  private NotImplemented() {}

  static int report(String command, int issue) {
    System.err.printf("godwit %s: not implemented yet (tracked in issue #%d)%n", command, issue);
    return Main.FAILURE;
  }
}
