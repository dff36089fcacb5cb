package io.godwit.control;

import java.util.List;

/**
 * What {@code POST /api/tables/{t}/resnapshot} answers: the tables whose re-copy is asked for and
 * not yet begun after the call, and where to follow it.
 */
public record Resnapshots(List<String> requested, String follow) {

  /** The answer for the tables asked for now. */
  public static Resnapshots of(List<String> requested) {
    return new Resnapshots(
        List.copyOf(requested),
        "GET /api/status (or `godwit status`) shows each table's phase and copy progress;"
            + " streaming again means its new copy is done and its changes are replayed over it");
  }
}
