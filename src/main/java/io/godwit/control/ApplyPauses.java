package io.godwit.control;

import java.util.Map;

/**
 * What {@code POST /api/apply/pause} and {@code /api/apply/resume} answer: the tables whose applier
 * is paused after the call, each with the time it was paused (ISO-8601), and how to undo it.
 */
public record ApplyPauses(Map<String, String> paused, String resume) {

  /** The answer for the tables paused now. */
  public static ApplyPauses of(Map<String, String> paused) {
    return new ApplyPauses(
        paused,
        paused.isEmpty()
            ? null
            : "POST /api/apply/resume with {\"tables\": [...]} or {\"all\": true}");
  }
}
