package io.godwit.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a migration file into a {@link MigrationConfig}, or throws a {@link ConfigException}
 * listing every problem in it.
 *
 * <pre>{@code
 * MigrationConfig config = new ConfigLoader().load(Path.of("shop.yaml"));
 * }</pre>
 */
public final class ConfigLoader {

  private static final KeyTree KEYS = new KeyTree(ConfigKeys.ALL);

  private final References references;

  /** Resolves {@code ${env:NAME}} from the process environment. */
  public ConfigLoader() {
    this(System::getenv);
  }

  /**
   * @param env looks up environment variables for {@code ${env:NAME}}, giving null when unset
   */
  public ConfigLoader(Function<String, String> env) {
    this.references = new References(Objects.requireNonNull(env, "env"));
  }

  /** Reads and validates the migration file at {@code file}. */
  public MigrationConfig load(Path file) {
    String sourceName = file.toString();
    String yaml;
    try {
      yaml = TextFiles.read(file);
    } catch (NoSuchFileException e) {
      throw fileProblem(
          sourceName,
          "no file at " + file.toAbsolutePath(),
          "check the path, or start from one of the files in examples/");
    } catch (CharacterCodingException e) {
      throw fileProblem(sourceName, "is not UTF-8 text", "save it as UTF-8");
    } catch (TextFiles.TooLargeException e) {
      throw fileProblem(
          sourceName, e.getMessage(), "give the path of the migration's YAML file, not of data");
    } catch (IOException e) {
      String why = Files.isDirectory(file) ? "is a directory" : "cannot be read: " + e;
      throw fileProblem(
          sourceName, file.toAbsolutePath() + " " + why, "give the path of a readable YAML file");
    }
    return load(yaml, sourceName);
  }

  /**
   * Reads and validates migration YAML.
   *
   * @param sourceName names the YAML in problem reports, e.g. its file name
   */
  public MigrationConfig load(String yaml, String sourceName) {
    Redaction.remember(Redaction.NONE);
    List<ConfigProblem> problems = new ArrayList<>();
    Optional<YamlNode> root;
    try {
      root = YamlReader.read(yaml, problems);
    } catch (InvalidValueException e) {
      problems.add(new ConfigProblem("", e.getMessage(), e.fix()));
      throw new ConfigException(sourceName, problems);
    }
    YamlNode mapping = root.filter(node -> !node.isNull()).orElse(YamlNode.mapping(Map.of(), 1));
    if (mapping.kind() != YamlNode.Kind.MAPPING) {
      problems.add(
          new ConfigProblem(
              "",
              "the file must be a mapping of keys (name, source, target, ...), found "
                  + mapping.describe(),
              "start from one of the files in examples/"));
      throw new ConfigException(sourceName, problems);
    }
    Map<ConfigKey<?>, YamlNode> given = KEYS.collect(mapping, problems);
    ConfigValues values = new ConfigValues();
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      read(key, given.get(key), values, problems);
    }
    // the log and the CLI mask this file's reference values from here on, also in the problems
    Redaction.remember(values.provenance().redaction());
    CrossChecks.check(values, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(sourceName, problems);
    }
    return ConfigBinder.bind(values);
  }

  private <T> void read(
      ConfigKey<T> key, YamlNode node, ConfigValues values, List<ConfigProblem> problems) {
    if (node == null || node.isNull()) {
      if (key.isRequired()) {
        problems.add(missing(key, node));
      } else {
        values.put(key, key.defaultFor(values.get(ConfigKeys.NAME)));
      }
      return;
    }
    List<InvalidValueException> errors = new ArrayList<>();
    YamlNode resolved = references.resolve(node, errors, values::referenceValue);
    if (errors.isEmpty() && key.secrecy() == ConfigKey.Secrecy.COMMAND && isShell(resolved)) {
      resolved =
          YamlNode.scalar(
              references.forShell(node.text(), values.hookEnvironment(), errors), node.line());
    } else if (Provenance.hasReference(node)) {
      values.referenced(key, node);
    }
    for (InvalidValueException error : errors) {
      problems.add(problem(key, error, node));
    }
    if (!errors.isEmpty()) {
      return;
    }
    try {
      values.put(key, key.parse(resolved));
    } catch (InvalidValueException e) {
      problems.add(problem(key, withoutSecrets(e, node, resolved), node));
    }
  }

  /** The problem with each scalar that came from a reference shown as written, masked. */
  private static InvalidValueException withoutSecrets(
      InvalidValueException e, YamlNode written, YamlNode resolved) {
    String message = e.getMessage();
    for (Map.Entry<String, String> scalar : referencedScalars(written, resolved).entrySet()) {
      message = message.replace(scalar.getKey(), scalar.getValue());
    }
    return message.equals(e.getMessage()) ? e : new InvalidValueException(message, e.fix());
  }

  /** Resolved text to masked text, for every non-empty scalar that holds a reference. */
  private static Map<String, String> referencedScalars(YamlNode written, YamlNode resolved) {
    Map<String, String> scalars = new LinkedHashMap<>();
    switch (written.kind()) {
      case SCALAR -> {
        if (References.hasReference(written.text()) && !resolved.text().isEmpty()) {
          scalars.put(resolved.text(), References.masked(written.text()));
        }
      }
      case SEQUENCE -> {
        for (int i = 0; i < written.items().size(); i++) {
          scalars.putAll(referencedScalars(written.items().get(i), resolved.items().get(i)));
        }
      }
      case MAPPING ->
          written
              .fields()
              .forEach(
                  (name, field) ->
                      scalars.putAll(referencedScalars(field, resolved.fields().get(name))));
      case NULL -> {}
    }
    return scalars;
  }

  /** A hook that is a shell command rather than a URL. */
  private static boolean isShell(YamlNode hook) {
    return hook.kind() == YamlNode.Kind.SCALAR
        && !hook.text().startsWith("http://")
        && !hook.text().startsWith("https://");
  }

  private static ConfigProblem problem(ConfigKey<?> key, InvalidValueException e, YamlNode node) {
    return new ConfigProblem(key.path(), e.getMessage() + " (line " + node.line() + ")", e.fix());
  }

  private static ConfigProblem missing(ConfigKey<?> key, YamlNode node) {
    String path = key.path();
    int dot = path.lastIndexOf('.');
    String example = path.substring(dot + 1) + ": " + key.requiredExample();
    String fix =
        dot < 0
            ? "add " + example
            : "add it under "
                + path.substring(0, dot)
                + ":, e.g. "
                + path.substring(0, dot)
                + ": { "
                + example
                + " }";
    String message =
        node == null ? "is required" : "is required but empty (line " + node.line() + ")";
    return new ConfigProblem(path, message, fix);
  }

  private static ConfigException fileProblem(String sourceName, String message, String fix) {
    return new ConfigException(sourceName, List.of(new ConfigProblem("", message, fix)));
  }
}
