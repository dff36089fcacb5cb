package io.godwit.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesTest {

  @TempDir Path dir;

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void newDirectoriesAndTheirNewParentsAreOwnerOnly() throws Exception {
    Path kafka = LocalFiles.ownerOnlyDirectory(dir.resolve("godwit-work/shop/kafka"));

    assertThat(permissions(kafka)).isEqualTo("rwx------");
    assertThat(permissions(kafka.getParent())).isEqualTo("rwx------");
    assertThat(permissions(dir.resolve("godwit-work"))).isEqualTo("rwx------");
  }

  @Test
  void anExistingDirectoryIsMadeOwnerOnly() throws Exception {
    Path kafka =
        Files.createDirectory(
            dir.resolve("kafka"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

    LocalFiles.ownerOnlyDirectory(kafka);

    assertThat(permissions(kafka)).isEqualTo("rwx------");
  }

  @Test
  void aReportIsWrittenOwnerOnly() throws Exception {
    Path partial = LocalFiles.ownerOnlyTempFile(dir.resolve("report.md"));

    assertThat(partial.getParent()).isEqualTo(dir);
    assertThat(permissions(partial)).isEqualTo("rw-------");
  }
}
