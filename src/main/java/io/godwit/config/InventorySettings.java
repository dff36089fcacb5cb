package io.godwit.config;

import io.godwit.schema.SourceObject.Kind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the migration does with the source's objects besides its tables.
 *
 * @param skip the kinds of object not to carry to a target of the same engine family, as the file
 *     names them ({@link #KINDS})
 */
public record InventorySettings(List<String> skip) {

  /** The kinds {@code inventory.skip} may name, as the file spells them. */
  public static final Map<String, Kind> KINDS = kinds();

  public InventorySettings {
    skip = List.copyOf(skip);
  }

  /** Whether the file leaves objects of this kind to the operator. */
  public boolean skips(Kind kind) {
    return skip.stream().anyMatch(s -> KINDS.get(s) == kind);
  }

  private static Map<String, Kind> kinds() {
    Map<String, Kind> kinds = new LinkedHashMap<>();
    for (Kind kind :
        List.of(Kind.VIEW, Kind.ROUTINE, Kind.TRIGGER, Kind.EVENT, Kind.SEQUENCE, Kind.GRANT)) {
      kinds.put(kind.name().toLowerCase(Locale.ROOT) + "s", kind);
    }
    return Collections.unmodifiableMap(kinds);
  }
}
