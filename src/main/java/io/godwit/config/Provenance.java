package io.godwit.config;

import java.util.Map;
import java.util.Optional;

/**
 * Which values of the migration file came, wholly or partly, from {@code ${env:}} or {@code
 * ${file:}} references. Such a value is a secret wherever it is printed, stored or served: text is
 * shown with each reference as {@code ******} ({@code jdbc:postgresql://******:5432/shop}), any
 * other value ({@code snapshot.workers: ${env:N}}) as {@code ******}. Hook commands for the shell
 * are not here: their references reach the shell as variables, so the command as Godwit keeps it
 * holds no secret.
 */
public final class Provenance {

  static final Provenance NONE = new Provenance(Map.of(), Redaction.NONE);

  /** Key path to the node as written, for keys whose node holds a reference. */
  private final Map<String, YamlNode> written;

  private final Redaction redaction;

  Provenance(Map<String, YamlNode> written, Redaction redaction) {
    this.written = Map.copyOf(written);
    this.redaction = redaction;
  }

  /** Masks the values the references were resolved to in text Godwit did not write itself. */
  public Redaction redaction() {
    return redaction;
  }

  /** True when the key's value came, wholly or partly, from a reference. */
  public boolean isReferenced(ConfigKey<?> key) {
    return written.containsKey(key.path());
  }

  /**
   * The key's text as it may be shown: {@code value} unless it came from a reference, then the text
   * as written with each reference masked.
   */
  String text(ConfigKey<?> key, String value) {
    YamlNode node = written.get(key.path());
    if (node == null) {
      return value;
    }
    return node.kind() == YamlNode.Kind.SCALAR ? References.masked(node.text()) : Secret.MASK;
  }

  /**
   * How one entry of a map-valued key may be shown, if it came from a reference; empty when the
   * entry was written plainly.
   */
  Optional<String> entry(ConfigKey<?> key, String name) {
    YamlNode node = written.get(key.path());
    if (node == null) {
      return Optional.empty();
    }
    YamlNode entry = node.fields().get(name);
    if (entry == null) {
      return node.kind() == YamlNode.Kind.MAPPING ? Optional.empty() : Optional.of(Secret.MASK);
    }
    if (!hasReference(entry)) {
      return Optional.empty();
    }
    return Optional.of(
        entry.kind() == YamlNode.Kind.SCALAR ? References.masked(entry.text()) : Secret.MASK);
  }

  static boolean hasReference(YamlNode node) {
    return switch (node.kind()) {
      case SCALAR -> References.hasReference(node.text());
      case SEQUENCE -> node.items().stream().anyMatch(Provenance::hasReference);
      case MAPPING -> node.fields().values().stream().anyMatch(Provenance::hasReference);
      case NULL -> false;
    };
  }
}
