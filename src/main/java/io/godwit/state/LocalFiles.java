package io.godwit.state;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * What Godwit keeps on local disk (the embedded broker's change events, reports) is for the user
 * running it only: directories {@code rwx------}, files {@code rw-------}, where the file system
 * has POSIX permissions (elsewhere the directory's own access rules apply).
 */
public final class LocalFiles {

  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private LocalFiles() {}

  /**
   * Creates {@code dir} and its missing parents owner-only, and makes {@code dir} itself owner-only
   * if it was there already.
   */
  public static Path ownerOnlyDirectory(Path dir) throws IOException {
    if (!POSIX) {
      return Files.createDirectories(dir);
    }
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
    Files.setPosixFilePermissions(dir, DIRECTORY);
    return dir;
  }

  /** A new empty file next to {@code file}, owner-only, to write and then move into place. */
  public static Path ownerOnlyTempFile(Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    FileAttribute<?>[] attributes =
        POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
            : new FileAttribute<?>[0];
    return Files.createTempFile(
        absolute.getParent(), absolute.getFileName().toString(), ".partial", attributes);
  }
}
