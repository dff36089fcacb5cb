package io.godwit.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes docs/reliability.md from the results {@link FaultMatrixIT} wrote: the fault x direction
 * matrix of outcomes, what each outcome means, and every case with its detail. ops/reliability.sh
 * calls it after a full run. With {@value #KEEP_EARLIER}, a case the results lack keeps the row the
 * doc holds from an earlier run: for a run of some cases only ({@code -Dfaults.only=...}).
 */
public final class ReliabilityDoc {

  /** The columns of results.tsv. */
  static final String HEADER = "case\tfault\tdirection\toutcome\tseconds\tdetail";

  static final Path DOC = Path.of("docs", "reliability.md");

  /** The option that keeps the doc's earlier results of the cases this run lacks. */
  static final String KEEP_EARLIER = "--keep-earlier";

  private static final Pattern CASE_ROW = Pattern.compile("^\\| `([^`]+)` \\|");

  /** A case's row with a result: id, outcome, seconds, detail (its {@code |} escaped). */
  private static final Pattern RESULT_ROW =
      Pattern.compile("^\\| `([^`]+)` \\| ([A-Z_]+) \\| (\\d*) \\| (.*) \\|$");

  private ReliabilityDoc() {}

  /** One line of results.tsv. */
  record Result(String id, String outcome, String seconds, String detail) {}

  /**
   * Arguments: results.tsv, the doc to write, the command that produced the results, and optionally
   * {@value #KEEP_EARLIER}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 3 || args.length > 4 || (args.length == 4 && !args[3].equals(KEEP_EARLIER))) {
      throw new IllegalArgumentException(
          ("usage: ReliabilityDoc RESULTS.tsv DOC.md COMMAND [%s], not %s; fix: name the results,"
                  + " the doc and the command that produced the results")
              .formatted(KEEP_EARLIER, List.of(args)));
    }
    Path results = Path.of(args[0]);
    Path doc = Path.of(args[1]);
    String date =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .format(Files.getLastModifiedTime(results).toInstant().atOffset(ZoneOffset.UTC));
    Map<String, Result> earlier =
        args.length == 4 ? earlierResults(Files.readString(doc)) : Map.of();
    Files.writeString(doc, render(read(results), earlier, date, args[2]));
  }

  static Map<String, Result> read(Path results) throws IOException {
    Map<String, Result> byId = new LinkedHashMap<>();
    for (String line : Files.readAllLines(results)) {
      if (line.isBlank() || line.equals(HEADER)) {
        continue;
      }
      String[] f = line.split("\t", -1);
      byId.put(f[0], new Result(f[0], f[3], f[4], f[5]));
    }
    return byId;
  }

  /** The results a doc records, by case: its rows with an outcome. */
  static Map<String, Result> earlierResults(String doc) {
    Map<String, Result> byId = new LinkedHashMap<>();
    for (String line : doc.split("\n")) {
      Matcher m = RESULT_ROW.matcher(line);
      if (m.matches()) {
        byId.put(
            m.group(1),
            new Result(m.group(1), m.group(2), m.group(3), m.group(4).replace("\\|", "|")));
      }
    }
    return byId;
  }

  /**
   * The doc: the cases of this run from {@code run}, every other case from {@code earlier} where it
   * has one.
   */
  static String render(
      Map<String, Result> run, Map<String, Result> earlier, String date, String command) {
    List<FaultCase> cases = FaultCase.all();
    Map<String, Result> results = new LinkedHashMap<>();
    for (FaultCase c : cases) {
      Result r = run.containsKey(c.id()) ? run.get(c.id()) : earlier.get(c.id());
      if (r != null) {
        results.put(c.id(), r);
      }
    }
    long kept = results.keySet().stream().filter(id -> !run.containsKey(id)).count();
    long failed = results.values().stream().filter(r -> r.outcome().equals("FAIL")).count();
    StringBuilder s = new StringBuilder();
    s.append("# Reliability: the fault matrix\n\n")
        .append(
            "Each case injects a fault into `godwit run` while a write workload runs on the"
                + " source, and a comparison of every row and column written independently of"
                + " Godwit's validator (`IndependentComparison`) gives the verdict. The kill faults"
                + " and the second run stop a run in a child process, in the manner of Ghostferry's"
                + " interrupt/resume tests: a new run resumes the migration, the workload stops,"
                + " the run drains. Faults at cutover points stop the workload before the cutover"
                + " starts; the resumed run recovers the cutover as the product does (rolls the"
                + " attempt back and unfreezes the source). The broker data wipe stops a run in the"
                + " suite's process, deletes the embedded broker's data while the workload writes"
                + " on, and the new run must refuse by name. The other faults strike one streaming"
                + " run, on a Kafka broker or database server of the case's own: the workload"
                + " stops and that run drains, or, when it stopped with a named error, a new run"
                + " resumes and must not differ silently.\n\n")
        .append("Generated by `ReliabilityDoc` from `target/reliability/results.tsv`")
        .append(" (`ops/reliability.sh`); do not edit by hand.\n\n")
        .append(
            "**Last run:** %s, `%s`: %d of %d cases run%s, %d failed.\n\n"
                .formatted(
                    date,
                    command,
                    results.size(),
                    cases.size(),
                    kept == 0
                        ? ""
                        : " (%d by that command, %d kept from the earlier runs this doc recorded)"
                            .formatted(results.size() - kept, kept),
                    failed))
        .append("## Outcomes\n\n");
    for (FaultCase.Outcome o : FaultCase.Outcome.values()) {
      s.append("- **%s**: %s.\n".formatted(o.name(), o.meaning()));
    }
    s.append("- **not run**: the last run did not include the case (CI runs a subset).\n\n")
        .append("## Matrix\n\n| fault |");
    for (Direction d : Direction.values()) {
      s.append(" %s |".formatted(d.label()));
    }
    s.append("\n|---|").append("---|".repeat(Direction.values().length)).append('\n');
    for (FaultCase.Fault fault : FaultCase.FAULTS) {
      s.append("| %s |".formatted(fault.name()));
      for (Direction d : Direction.values()) {
        Result r = results.get(new FaultCase(fault, d).id());
        s.append(" %s |".formatted(r == null ? "not run" : r.outcome()));
      }
      s.append('\n');
    }
    s.append("\n## Faults\n\n| fault | injected |\n|---|---|\n");
    for (FaultCase.Fault fault : FaultCase.FAULTS) {
      s.append("| %s | %s |\n".formatted(fault.name(), fault.meaning()));
    }
    s.append("\n## Cases\n\n| case | outcome | seconds | detail |\n|---|---|---|---|\n");
    for (FaultCase c : cases) {
      Result r = results.get(c.id());
      s.append(
          r == null
              ? "| `%s` | not run | | |\n".formatted(c.id())
              : "| `%s` | %s | %s | %s |\n"
                  .formatted(c.id(), r.outcome(), r.seconds(), r.detail().replace("|", "\\|")));
    }
    return s.toString();
  }

  /** The case ids the doc lists, in its order. */
  static List<String> caseIds(String doc) {
    List<String> ids = new ArrayList<>();
    for (String line : doc.split("\n")) {
      Matcher m = CASE_ROW.matcher(line);
      if (m.find()) {
        ids.add(m.group(1));
      }
    }
    return ids;
  }
}
