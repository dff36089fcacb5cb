package io.godwit.schema;

/** How faithfully a target type holds every value of the source type. */
public enum Fidelity {
  /** Every source value round-trips unchanged. */
  EXACT,
  /** Every source value fits, but the target accepts more (e.g. {@code int unsigned} to bigint). */
  WIDENED,
  /** Some source values change or do not fit; the plan lists each such column. */
  LOSSY
}
