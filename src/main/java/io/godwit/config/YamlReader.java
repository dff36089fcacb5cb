package io.godwit.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link YamlNode} tree with Jackson's streaming YAML parser. Syntax errors
 * and aliases stop the read; a repeated key is recorded as a problem and its first value kept.
 */
final class YamlReader {

  private static final YAMLFactory FACTORY = new YAMLFactory();
  private static final String SYNTAX_FIX =
      "correct the YAML syntax there (indent with spaces, quote values containing ': ' or '#')";

  private final List<ConfigProblem> problems;
  private YAMLParser parser;

  private YamlReader(List<ConfigProblem> problems) {
    this.problems = problems;
  }

  /**
   * The document's root node, or empty for an empty document.
   *
   * @param problems receives non-fatal problems such as repeated keys
   * @throws InvalidValueException for malformed YAML, with line and column in the message
   */
  static Optional<YamlNode> read(String yaml, List<ConfigProblem> problems)
      throws InvalidValueException {
    YamlReader reader = new YamlReader(problems);
    try (YAMLParser parser = FACTORY.createParser(yaml)) {
      reader.parser = parser;
      if (parser.nextToken() == null) {
        return Optional.empty();
      }
      YamlNode root = reader.readValue("");
      if (parser.nextToken() != null) {
        throw new InvalidValueException(
            "a second YAML document starts at line " + line(parser.currentTokenLocation()),
            "keep one document per migration file (remove the '---' separator)");
      }
      return Optional.of(root);
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    } catch (IOException e) {
      throw new InvalidValueException("cannot be parsed: " + e.getMessage(), SYNTAX_FIX);
    }
  }

  private YamlNode readValue(String path) throws IOException, InvalidValueException {
    JsonToken token = parser.currentToken();
    int line = line(parser.currentTokenLocation());
    if (parser.isCurrentAlias()) {
      throw new InvalidValueException(
          "the YAML alias *" + parser.getText() + " at line " + line + " is not supported",
          "write the value out instead of referring to an anchor");
    }
    return switch (token) {
      case START_OBJECT -> readMapping(path, line);
      case START_ARRAY -> readSequence(path, line);
      case VALUE_NULL -> YamlNode.nothing(line);
      default -> YamlNode.scalar(parser.getText(), line);
    };
  }

  private YamlNode readMapping(String path, int line) throws IOException, InvalidValueException {
    Map<String, YamlNode> fields = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      String childPath = path.isEmpty() ? name : path + "." + name;
      YamlNode value = readValue(childPath);
      YamlNode earlier = fields.putIfAbsent(name, value);
      if (earlier != null) {
        problems.add(
            new ConfigProblem(
                childPath,
                "is given twice, at lines " + earlier.line() + " and " + value.line(),
                "keep only one of them"));
      }
    }
    return YamlNode.mapping(Collections.unmodifiableMap(fields), line);
  }

  private YamlNode readSequence(String path, int line) throws IOException, InvalidValueException {
    List<YamlNode> items = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      items.add(readValue(path + "[" + items.size() + "]"));
    }
    return YamlNode.sequence(List.copyOf(items), line);
  }

  private static InvalidValueException syntaxError(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      StringBuilder message = new StringBuilder("malformed YAML at ");
      message.append(at(yaml.getProblemMark())).append(": ").append(yaml.getProblem());
      if (yaml.getContext() != null && yaml.getContextMark() != null) {
        message.append(" (").append(yaml.getContext()).append(" at ");
        message.append(at(yaml.getContextMark())).append(')');
      }
      return new InvalidValueException(message.toString(), SYNTAX_FIX);
    }
    JsonLocation where = e.getLocation();
    String at =
        where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    return new InvalidValueException(
        "malformed YAML" + at + ": " + e.getOriginalMessage(), SYNTAX_FIX);
  }

  private static String at(Mark mark) {
    return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  private static int line(JsonLocation location) {
    return location == null ? 0 : location.getLineNr();
  }
}
