package io.godwit.schema;

/**
 * Whether every value the target column can hold can be written back to the source column and read
 * there as the same value: what a reverse stream after cutover (rollback) would need. Decided per
 * mapping from the two engines' value ranges and precision, independently of {@link Fidelity},
 * which is about the forward direction: {@code tinyint(1) -> boolean} loses values forward but
 * every boolean goes back; {@code int unsigned -> bigint} keeps every value forward but a bigint
 * above 4294967295 does not go back.
 *
 * @param reversible every target value round-trips target -> source
 * @param reason for an irreversible mapping, which target values cannot be written back (completes
 *     "not reversible: ..."); empty for a reversible one
 */
public record Reversibility(boolean reversible, String reason) {

  /** Every target value goes back unchanged. */
  public static final Reversibility REVERSIBLE = new Reversibility(true, "");

  public Reversibility {
    if (reversible != reason.isEmpty()) {
      throw new IllegalArgumentException(
          "a reversible mapping has no reason, an irreversible one needs one: " + reason);
    }
  }

  /** Some target values cannot be written back: {@code values} says which. */
  public static Reversibility not(String values) {
    return new Reversibility(false, values);
  }
}
