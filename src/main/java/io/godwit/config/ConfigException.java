package io.godwit.config;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.util.List;

/** A migration file could not be read or is invalid; carries every problem found, not the first. */
public final class ConfigException extends GodwitException {

  private static final long serialVersionUID = 1L;

  private final String sourceName;
  private final transient List<ConfigProblem> problems;

  public ConfigException(String sourceName, List<ConfigProblem> problems) {
    super(ErrorCode.CONFIG, render(sourceName, problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.sourceName = sourceName;
    this.problems = List.copyOf(problems);
  }

  /** The file name (or other label) the configuration was read from. */
  public String sourceName() {
    return sourceName;
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String render(String sourceName, List<ConfigProblem> problems) {
    StringBuilder out = new StringBuilder("Migration file ").append(sourceName).append(" has ");
    out.append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
    for (ConfigProblem problem : problems) {
      out.append("\n  - ").append(problem);
    }
    return out.toString();
  }
}
