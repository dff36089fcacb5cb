package io.godwit.fidelity;

import java.util.function.UnaryOperator;

/**
 * One source type of a direction's harness.
 *
 * @param type the column's type on the source, as written in its DDL
 * @param note what a lossy mapping does to the values, in words; empty where they are unchanged
 * @param source how the source engine prints the value
 * @param target how the target engine prints what arrived
 * @param values the values to send
 * @param change what a lossy mapping does to a value (source's normalised text to the target's), or
 *     {@code null} where the value must arrive unchanged
 */
record Case(
    String type, String note, Kind source, Kind target, Gen values, UnaryOperator<String> change) {

  /** Arrives unchanged and reads back the same way on both engines. */
  static Case exact(String type, Kind kind, Gen values) {
    return new Case(type, "", kind, kind, values, null);
  }

  /** Arrives unchanged, read back differently on the target's type. */
  static Case exact(String type, Kind source, Kind target, Gen values) {
    return new Case(type, "", source, target, values, null);
  }

  /** Changes as the mapping says: {@code change} from the source's text to the target's. */
  static Case lossy(
      String type,
      String note,
      Kind source,
      Kind target,
      Gen values,
      UnaryOperator<String> change) {
    return new Case(type, note, source, target, values, change);
  }

  String expected(String sourceText) {
    return change == null ? sourceText : change.apply(sourceText);
  }
}
