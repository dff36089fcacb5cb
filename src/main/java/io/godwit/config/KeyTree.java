package io.godwit.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches the keys written in a file against the declared ones: sections ({@code snapshot}) must be
 * mappings, declared keys are collected, anything else is an unknown key with a suggestion.
 */
final class KeyTree {

  private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();

  /** Section path ("" for the root) to the names directly under it, in declaration order. */
  private final Map<String, Set<String>> children = new HashMap<>();

  KeyTree(List<ConfigKey<?>> declared) {
    for (ConfigKey<?> key : declared) {
      keys.put(key.path(), key);
      String path = key.path();
      int dot = path.lastIndexOf('.');
      while (true) {
        String parent = dot < 0 ? "" : path.substring(0, dot);
        children.computeIfAbsent(parent, p -> new LinkedHashSet<>()).add(path.substring(dot + 1));
        if (dot < 0) {
          break;
        }
        path = parent;
        dot = path.lastIndexOf('.');
      }
    }
  }

  /**
   * The node given for each declared key found under {@code root}.
   *
   * @param problems receives unknown keys and sections that are not mappings
   */
  Map<ConfigKey<?>, YamlNode> collect(YamlNode root, List<ConfigProblem> problems) {
    Map<ConfigKey<?>, YamlNode> given = new HashMap<>();
    walk(root, "", given, problems);
    return given;
  }

  private void walk(
      YamlNode mapping,
      String section,
      Map<ConfigKey<?>, YamlNode> given,
      List<ConfigProblem> problems) {
    for (Map.Entry<String, YamlNode> field : mapping.fields().entrySet()) {
      String path = join(section, field.getKey());
      YamlNode node = field.getValue();
      if (keys.containsKey(path)) {
        given.put(keys.get(path), node);
      } else if (children.containsKey(path)) {
        if (node.kind() == YamlNode.Kind.MAPPING) {
          walk(node, path, given, problems);
        } else if (!node.isNull()) {
          problems.add(
              new ConfigProblem(
                  path,
                  "must be a mapping of keys, found "
                      + node.describe()
                      + " (line "
                      + node.line()
                      + ")",
                  "write it as a mapping with keys such as "
                      + String.join(", ", children.get(path))));
        }
      } else {
        problems.add(unknown(section, field.getKey(), node.line()));
      }
    }
  }

  private ConfigProblem unknown(String section, String name, int line) {
    String path = join(section, name);
    List<String> suggestions = suggest(section, name);
    if (suggestions.isEmpty()) {
      String where = section.isEmpty() ? "top-level keys are" : "keys under " + section + " are";
      return new ConfigProblem(
          path,
          "unknown key (line " + line + ")",
          "remove it; " + where + ": " + String.join(", ", children.get(section)));
    }
    String options = String.join(" or ", suggestions);
    boolean sibling = suggestions.stream().allMatch(s -> parent(s).equals(section));
    return new ConfigProblem(
        path,
        "unknown key (line " + line + "); did you mean " + options + "?",
        (sibling ? "rename it to " : "move it to ") + options);
  }

  /** Close sibling names first, then close full paths, then the same name in another section. */
  private List<String> suggest(String section, String name) {
    Optional<String> sibling = DidYouMean.closest(name, children.get(section));
    if (sibling.isPresent()) {
      return List.of(join(section, sibling.get()));
    }
    Set<String> allPaths = new LinkedHashSet<>(keys.keySet());
    allPaths.addAll(children.keySet());
    allPaths.remove("");
    Optional<String> path = DidYouMean.closest(join(section, name), allPaths);
    if (path.isPresent()) {
      return List.of(path.get());
    }
    List<String> elsewhere = new ArrayList<>();
    for (String candidate : allPaths) {
      String last = candidate.substring(candidate.lastIndexOf('.') + 1);
      if (DidYouMean.closest(name, List.of(last)).isPresent()) {
        elsewhere.add(candidate);
      }
    }
    return elsewhere.size() <= 3 ? elsewhere : List.of();
  }

  private static String parent(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  private static String join(String section, String name) {
    return section.isEmpty() ? name : section + "." + name;
  }
}
