package io.godwit.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The declaration of one key of the migration file: path, type, default, checks and description.
 * Immutable; built in the style of Debezium's {@code Field}:
 *
 * <pre>{@code
 * ConfigKey.create("snapshot.workers", ValueType.INT)
 *     .withDefault(2)
 *     .withValidation(Checks.between(1, 64))
 *     .withDescription("Tables copied in parallel.")
 *     .readFrom(c -> c.snapshot().workers());
 * }</pre>
 *
 * <p>Every key is declared once, in {@link ConfigKeys}.
 */
public final class ConfigKey<T> {

  /** How a key's value is shown in the effective configuration. */
  enum Secrecy {
    /** Shown as is. */
    PLAIN,
    /** Always masked. */
    SECRET,
    /** A map whose entries with password-like keys are masked. */
    SECRET_ENTRIES,
    /** A URL whose password parameters and user-info password are masked. */
    URL,
    /**
     * A hook: a URL, masked as {@link #URL}, or a shell command whose references reach the shell as
     * variables (see {@link References#forShell}).
     */
    COMMAND
  }

  private final String path;
  private final ValueType<T> type;
  private final String description;
  private final String requiredExample;
  private final Function<String, T> defaultForName;
  private final String defaultText;
  private final Secrecy secrecy;
  private final List<Check<? super T>> checks;
  private final Function<MigrationConfig, T> accessor;

  private ConfigKey(
      String path,
      ValueType<T> type,
      String description,
      String requiredExample,
      Function<String, T> defaultForName,
      String defaultText,
      Secrecy secrecy,
      List<Check<? super T>> checks,
      Function<MigrationConfig, T> accessor) {
    this.path = path;
    this.type = type;
    this.description = description;
    this.requiredExample = requiredExample;
    this.defaultForName = defaultForName;
    this.defaultText = defaultText;
    this.secrecy = secrecy;
    this.checks = List.copyOf(checks);
    this.accessor = accessor;
  }

  /** A copy of this key with the given parts; path and type stay. */
  private ConfigKey<T> with(
      String newDescription,
      String newExample,
      Function<String, T> newDefault,
      String newDefaultText,
      Secrecy newSecrecy,
      List<Check<? super T>> newChecks,
      Function<MigrationConfig, T> newAccessor) {
    return new ConfigKey<>(
        path,
        type,
        newDescription,
        newExample,
        newDefault,
        newDefaultText,
        newSecrecy,
        newChecks,
        newAccessor);
  }

  static <T> ConfigKey<T> create(String path, ValueType<T> type) {
    return new ConfigKey<>(path, type, "", null, null, "", Secrecy.PLAIN, List.of(), c -> null);
  }

  ConfigKey<T> withDescription(String text) {
    return with(text, requiredExample, defaultForName, defaultText, secrecy, checks, accessor);
  }

  /** Makes the key required; {@code example} is a valid value, shown in the fix when missing. */
  ConfigKey<T> required(String example) {
    return with(description, example, null, "", secrecy, checks, accessor);
  }

  ConfigKey<T> withDefault(T value) {
    return with(description, null, name -> value, type.format(value), secrecy, checks, accessor);
  }

  /** A default computed from the migration's {@code name}; {@code text} documents it. */
  ConfigKey<T> withDefault(String text, Function<String, T> fromName) {
    Function<String, T> guarded = name -> name == null ? null : fromName.apply(name);
    return with(description, null, guarded, text, secrecy, checks, accessor);
  }

  /** Absent by default: the value is null and is worked out later (documented by {@code text}). */
  ConfigKey<T> withNoDefault(String text) {
    return withDefault(text, name -> null);
  }

  @SafeVarargs
  final ConfigKey<T> withValidation(Check<? super T>... more) {
    List<Check<? super T>> all = new ArrayList<>(checks);
    for (Check<? super T> check : more) {
      all.add(check);
    }
    return with(description, requiredExample, defaultForName, defaultText, secrecy, all, accessor);
  }

  ConfigKey<T> withSecrecy(Secrecy value) {
    return with(description, requiredExample, defaultForName, defaultText, value, checks, accessor);
  }

  /** Where the value lives in a {@link MigrationConfig}, for the effective configuration. */
  ConfigKey<T> readFrom(Function<MigrationConfig, T> getter) {
    return with(description, requiredExample, defaultForName, defaultText, secrecy, checks, getter);
  }

  /** Dotted path in the file, e.g. {@code snapshot.chunk-bytes}. */
  public String path() {
    return path;
  }

  /** The type as written in the reference, e.g. {@code duration}. */
  public String typeName() {
    return type.name();
  }

  public String description() {
    return description;
  }

  public boolean isRequired() {
    return requiredExample != null;
  }

  /**
   * The default as documented, e.g. {@code 64MB} or {@code godwit-work/<name>}; empty if required.
   */
  public String defaultText() {
    return defaultText;
  }

  /** An example value for a required key, e.g. {@code shop}. */
  String requiredExample() {
    return requiredExample;
  }

  Secrecy secrecy() {
    return secrecy;
  }

  /** Parses the node and runs every check. */
  T parse(YamlNode node) throws InvalidValueException {
    T value = type.parse(node);
    for (Check<? super T> check : checks) {
      check.check(value);
    }
    return value;
  }

  /** The default for a migration called {@code name}; null if it depends on a null name. */
  T defaultFor(String name) {
    return defaultForName.apply(name);
  }

  T read(MigrationConfig config) {
    return accessor.apply(config);
  }

  String format(T value) {
    return type.format(value);
  }

  @Override
  public String toString() {
    return path;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConfigKey<?> that && path.equals(that.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path);
  }
}
