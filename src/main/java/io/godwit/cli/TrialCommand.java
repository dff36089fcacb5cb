package io.godwit.cli;

import io.godwit.BlockedException;
import io.godwit.Godwit;
import io.godwit.config.MigrationConfig;
import io.godwit.observe.Metrics;
import io.godwit.plan.PlanText;
import io.godwit.trial.SampleSize;
import io.godwit.trial.TrialConfig;
import io.godwit.trial.TrialResult;
import io.godwit.trial.TrialText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "trial",
    description = {
      "A rehearsal on a key-range sample of every table against a staging target: plan, snapshot,"
          + " streaming under the source's live changes, validation and a cutover --dry-run, under"
          + " the migration's name with _trial (its own slot, publication, topics and state).",
      "Prints and writes the projected full snapshot time, whether catch-up converges, the"
          + " projected cutover downtime and every plan finding. Removes its slot, publication"
          + " and topics on exit; leaves the sample's tables on the staging target.",
      "Exits 1 when the staging target differs from the source's sample or the applier was"
          + " measured slower than the source's changes (catch-up never converges)."
    })
final class TrialCommand implements Callable<Integer> {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h)");

  @Mixin ConfigOption config;

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true)
  Size size;

  static final class Size {
    @Option(
        names = "--sample",
        paramLabel = "PCT",
        description = "Copy this percentage of each table's rows, the first by key. Default: 10.")
    Double percent;

    @Option(
        names = "--rows",
        paramLabel = "N",
        description = "Copy the first N rows by key of each table.")
    Long rows;
  }

  @Option(
      names = "--target",
      paramLabel = "URL",
      description =
          "JDBC URL of the staging target (same user, password and schema as the file's target)."
              + " Default: the file's target, which must then be a staging database: the trial"
              + " refuses a target that holds the migration's own state.")
  String target;

  @Option(
      names = "--duration",
      paramLabel = "D",
      defaultValue = "60s",
      description =
          "How long to stream under the source's changes: 90s, 5m, 1h. Default: 60s. Half of it"
              + " streams, a quarter the applier is paused to measure its capacity on the backlog.")
  String duration;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Where to write the trial's report (Markdown). Default: godwit-trial-NAME.md.")
  Path report;

  @Override
  public Integer call() throws Exception {
    MigrationConfig migration = config.load();
    Duration window = window();
    SampleSize sample = sampleSize();
    TrialResult result;
    try {
      result =
          new Godwit(migration, Metrics.registry())
              .trial(sample, Optional.ofNullable(target), window);
    } catch (BlockedException e) {
      System.out.print(PlanText.render(e.plan()));
      spec.commandLine().getErr().println("godwit trial: " + e.getMessage());
      return Main.FAILURE;
    }
    String text = TrialText.render(result);
    System.out.print(config.json ? Json.render(result) + "\n" : text);
    Path file =
        report != null
            ? report
            : Path.of("godwit-trial-" + TrialConfig.name(migration.name()) + ".md");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    System.err.println("godwit trial: report written to " + file);
    boolean ok = result.validation().clean() && !result.streaming().diverges();
    return ok ? 0 : Main.FAILURE;
  }

  private SampleSize sampleSize() {
    try {
      if (size != null && size.rows != null) {
        return SampleSize.rows(size.rows);
      }
      return SampleSize.percent(size != null && size.percent != null ? size.percent : 10);
    } catch (RuntimeException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private Duration window() {
    Matcher m = DURATION.matcher(duration);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--duration must be a whole number of seconds, minutes or hours above 0 (90s, 5m, 1h),"
              + " found '"
              + duration
              + "'");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }
}
