package io.godwit.cli;

import io.godwit.Godwit;
import io.godwit.report.Report;
import io.godwit.state.LocalFiles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "report",
    description = {
      "Write the migration report for the change board: source and target, the effective"
          + " configuration (secrets masked), plan findings and lossy mappings, per-table snapshot"
          + " timings, lag over the run, every validation, the cutover timeline with its downtime"
          + " and the source position at cutover (for rollback).",
      "Reads the target's state store, so it works during and after the migration."
    })
final class ReportCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Option(
      names = "--format",
      paramLabel = "md|html",
      defaultValue = "md",
      description = "Markdown (default) or a self-contained HTML page.")
  String format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to FILE instead of standard output; replaced only once complete.")
  Path output;

  @Override
  public Integer call() throws Exception {
    Report.Format chosen = Report.Format.parse(format);
    String version = new Version().getVersion()[0];
    String text =
        new Godwit(config.load(), new SimpleMeterRegistry()).report(version).render(chosen);
    if (output == null) {
      System.out.print(text);
      return 0;
    }
    write(output, text);
    System.err.printf("godwit report: wrote %s%n", output);
    return 0;
  }

  /**
   * Writes next to the file and moves it into place, so a failure never leaves half a report; the
   * report is readable by its owner only.
   */
  private static void write(Path file, String text) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path partial = LocalFiles.ownerOnlyTempFile(absolute);
    try {
      Files.writeString(partial, text, StandardCharsets.UTF_8);
      Files.move(
          partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
