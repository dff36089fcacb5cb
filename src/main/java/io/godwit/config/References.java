package io.godwit.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Replaces secret references in a string value: {@code ${env:NAME}} by the environment variable and
 * {@code ${file:/path}} by the file's contents minus one trailing newline. A reference may be the
 * whole value or part of it; resolved text is not scanned again, and any other {@code ${...}} (a
 * shell variable in a hook, say) is left as written.
 */
final class References {

  private static final String ENV = "${env:";
  private static final String FILE = "${file:";
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Function<String, String> env;

  /**
   * @param env looks up an environment variable, giving null when it is not set
   */
  References(Function<String, String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  /**
   * The text with every reference replaced.
   *
   * @param errors receives one entry per reference that cannot be resolved; the returned text is
   *     then meaningless
   * @param values receives the value of each reference resolved
   */
  String resolve(String text, List<InvalidValueException> errors, Consumer<String> values) {
    return replace(
        text,
        name -> given(fromEnv(name, errors), values),
        path -> given(fromFile(path, errors), values),
        errors);
  }

  private static String given(String value, Consumer<String> values) {
    values.accept(value);
    return value;
  }

  /**
   * The text as it may be shown: every reference replaced by {@link Secret#MASK}, nothing looked
   * up.
   */
  static String masked(String text) {
    return replace(text, name -> Secret.MASK, path -> Secret.MASK, new ArrayList<>());
  }

  static boolean hasReference(String text) {
    return nextReference(text, 0) >= 0;
  }

  /**
   * A shell command whose references the shell expands from the hook's environment, so no secret is
   * on its command line: {@code ${env:NAME}} becomes {@code ${NAME}}, {@code ${file:/path}} {@code
   * ${GODWIT_FILE_1}} (numbered across the migration's hooks). The values go to {@code
   * environment}.
   */
  String forShell(
      String command, Map<String, Secret> environment, List<InvalidValueException> errors) {
    if (!hasReference(command)) {
      return command;
    }
    singleQuoted(command)
        .ifPresent(
            reference ->
                errors.add(
                    new InvalidValueException(
                        reference + " is inside single quotes, where the shell would not expand it",
                        "write it outside single quotes, e.g. \"Bearer " + reference + "\"")));
    return replace(
        command,
        name -> {
          environment.put(name, Secret.of(fromEnv(name, errors)));
          return "${" + name + "}";
        },
        path -> {
          String variable = "GODWIT_FILE_" + (fileVariables(environment) + 1);
          environment.put(variable, Secret.of(fromFile(path, errors)));
          return "${" + variable + "}";
        },
        errors);
  }

  private static long fileVariables(Map<String, Secret> environment) {
    return environment.keySet().stream().filter(name -> name.startsWith("GODWIT_FILE_")).count();
  }

  /** The first reference that sits between single quotes, as the shell reads quotes. */
  private static Optional<String> singleQuoted(String command) {
    boolean single = false;
    boolean dbl = false;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (c == '\\' && !single) {
        i++;
      } else if (c == '\'' && !dbl) {
        single = !single;
      } else if (c == '"' && !single) {
        dbl = !dbl;
      } else if (single && nextReference(command, i) == i) {
        int end = command.indexOf('}', i);
        return Optional.of(command.substring(i, end < 0 ? command.length() : end + 1));
      }
    }
    return Optional.empty();
  }

  private static String replace(
      String text,
      Function<String, String> env,
      Function<String, String> file,
      List<InvalidValueException> errors) {
    if (!text.contains("${")) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    while (true) {
      int start = nextReference(text, from);
      if (start < 0) {
        out.append(text, from, text.length());
        return out.toString();
      }
      out.append(text, from, start);
      int end = text.indexOf('}', start);
      if (end < 0) {
        errors.add(
            new InvalidValueException(
                "the reference starting '" + text.substring(start) + "' has no closing '}'",
                "close it: ${env:NAME} or ${file:/path}"));
        out.append(Secret.MASK);
        return out.toString();
      }
      String reference = text.substring(start, end + 1);
      out.append(
          reference.startsWith(ENV)
              ? env.apply(reference.substring(ENV.length(), reference.length() - 1))
              : file.apply(reference.substring(FILE.length(), reference.length() - 1)));
      from = end + 1;
    }
  }

  /** The node with every scalar in it resolved; {@code values} receives each reference's value. */
  YamlNode resolve(YamlNode node, List<InvalidValueException> errors, Consumer<String> values) {
    return switch (node.kind()) {
      case SCALAR -> YamlNode.scalar(resolve(node.text(), errors, values), node.line());
      case SEQUENCE ->
          YamlNode.sequence(
              node.items().stream().map(item -> resolve(item, errors, values)).toList(),
              node.line());
      case MAPPING -> {
        Map<String, YamlNode> fields = new LinkedHashMap<>();
        node.fields().forEach((name, value) -> fields.put(name, resolve(value, errors, values)));
        yield YamlNode.mapping(Collections.unmodifiableMap(fields), node.line());
      }
      case NULL -> node;
    };
  }

  private static int nextReference(String text, int from) {
    int env = text.indexOf(ENV, from);
    int file = text.indexOf(FILE, from);
    return env < 0 ? file : file < 0 ? env : Math.min(env, file);
  }

  private String fromEnv(String name, List<InvalidValueException> errors) {
    if (!ENV_NAME.matcher(name).matches()) {
      errors.add(
          new InvalidValueException(
              "'" + name + "' in ${env:" + name + "} is not an environment variable name",
              "write ${env:NAME} where NAME has only letters, digits and _"
                  + " (defaults such as ${env:NAME:-x} are not supported)"));
      return "";
    }
    String value = env.apply(name);
    if (value == null) {
      errors.add(
          new InvalidValueException(
              "environment variable " + name + " is not set",
              "export " + name + " before running godwit (export " + name + "= for empty)"));
      return "";
    }
    return value;
  }

  private static String fromFile(String pathText, List<InvalidValueException> errors) {
    String fix = "make " + pathText + " a readable UTF-8 file for the user running godwit";
    if (pathText.isEmpty()) {
      errors.add(new InvalidValueException("${file:} has no path", "write ${file:/path/to/file}"));
      return "";
    }
    String why;
    try {
      return stripOneNewline(TextFiles.read(Path.of(pathText)));
    } catch (InvalidPathException e) {
      why = "is not a valid path";
      fix = "write ${file:/path/to/file}";
    } catch (NoSuchFileException e) {
      why = "does not exist";
    } catch (AccessDeniedException e) {
      why = "is not readable (permission denied)";
    } catch (CharacterCodingException e) {
      why = "is not UTF-8 text";
    } catch (TextFiles.TooLargeException e) {
      why = "is larger than " + TextFiles.MAX_BYTES / 1024 + " KiB";
      fix = "point ${file:} at the file holding only the secret";
    } catch (IOException e) {
      why = Files.isDirectory(Path.of(pathText)) ? "is a directory" : "cannot be read: " + e;
    }
    errors.add(new InvalidValueException("file '" + pathText + "' in ${file:} " + why, fix));
    return "";
  }

  private static String stripOneNewline(String content) {
    if (content.endsWith("\r\n")) {
      return content.substring(0, content.length() - 2);
    }
    return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
  }
}
