package io.godwit.cli;

import picocli.CommandLine;

/** Prints the version recorded in the jar's manifest. */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"godwit " + (version == null ? "(development build)" : version)};
  }
}
