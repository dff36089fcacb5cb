package io.godwit.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * The pinned list of dependency versions Godwit must not ship ({@code security/deny-list.tsv}), and
 * the check of a bill of materials against it.
 */
record DenyList(List<Entry> entries) {

  /** A component of the bill of materials. */
  record Component(String group, String name, String version) {
    @Override
    public String toString() {
      return group + ":" + name + ":" + version;
    }
  }

  /**
   * An artifact denied below {@code fixedIn}, or in every version when {@code fixedIn} is empty.
   */
  record Entry(String group, String name, String fixedIn, String advisory, String what) {
    boolean denies(Component c) {
      return c.group().equals(group)
          && c.name().equals(name)
          && (fixedIn.isEmpty()
              || new ComparableVersion(c.version()).compareTo(new ComparableVersion(fixedIn)) < 0);
    }
  }

  static DenyList read(Path file) throws IOException {
    List<Entry> entries = new ArrayList<>();
    int number = 0;
    for (String line : Files.readAllLines(file)) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      String[] coordinates = f[0].split(":");
      if (f.length != 4 || coordinates.length != 2) {
        throw new IllegalArgumentException(
            "%s line %d: expected group:artifact, fixed version (or -), advisory and what, separated by tabs; found: %s"
                .formatted(file, number, line));
      }
      entries.add(
          new Entry(coordinates[0], coordinates[1], f[1].equals("-") ? "" : f[1], f[2], f[3]));
    }
    return new DenyList(entries);
  }

  /** One line per component the list denies, naming the advisory and the fixed version. */
  List<String> violations(List<Component> components) {
    List<String> found = new ArrayList<>();
    for (Component c : components) {
      for (Entry e : entries) {
        if (e.denies(c)) {
          found.add(
              "%s: %s (%s); fix: %s"
                  .formatted(
                      c,
                      e.advisory(),
                      e.what(),
                      e.fixedIn().isEmpty()
                          ? "replace the artifact"
                          : "manage it to " + e.fixedIn() + " or later in pom.xml"));
        }
      }
    }
    return found;
  }
}
