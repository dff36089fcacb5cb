package io.godwit.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the small text files a migration names (the migration file, {@code ${file:}} secrets) with
 * a size cap, so that a wrong path such as {@code /dev/zero} or a multi-gigabyte log is refused
 * with a message instead of filling the heap.
 */
final class TextFiles {

  /** Far above any migration file or secret; far below a heap. */
  static final int MAX_BYTES = 1 << 20;

  /** The file is larger than {@link #MAX_BYTES} (or endless, like a device). */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(Path file) {
      super(file + " is larger than " + MAX_BYTES / 1024 + " KiB");
    }
  }

  private TextFiles() {}

  /**
   * The file's text, decoded as strict UTF-8.
   *
   * @throws TooLargeException when the file holds more than {@link #MAX_BYTES}
   * @throws java.nio.charset.CharacterCodingException when it is not UTF-8
   */
  static String read(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES) {
      throw new TooLargeException(file);
    }
    return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
  }
}
