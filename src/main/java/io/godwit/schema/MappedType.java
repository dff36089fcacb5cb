package io.godwit.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * A source column's type on the target.
 *
 * @param sqlType the target type as written in DDL ({@code numeric(20,0)}, {@code timestamp(6)});
 *     for a PostgreSQL enum type its unqualified name
 * @param fidelity how faithfully it holds the source's values
 * @param note what to know about the mapping: why, for a widened or lossy mapping, or a caveat
 *     (shown by {@code plan}); empty when there is nothing to say
 * @param check a CHECK constraint expression keeping the source's domain, with {@code %s} for the
 *     quoted column name ({@code %s IN ('a','b')}); a format string, so a literal {@code %} is
 *     written {@code %%}; null if none
 * @param enumType a PostgreSQL enum type the column needs, created in the target schema before the
 *     table; null if none
 * @param losses for a lossy mapping, which source values it changes or cannot store, for {@code
 *     plan} to count; empty if that cannot be told by a condition (every value changes form, as
 *     JSON normalised)
 * @param back whether the target's values can be written back to the source type (rollback)
 */
public record MappedType(
    String sqlType,
    Fidelity fidelity,
    String note,
    String check,
    EnumType enumType,
    List<Loss> losses,
    Reversibility back) {

  public MappedType {
    losses = List.copyOf(losses);
  }

  public MappedType(
      String sqlType, Fidelity fidelity, String note, String check, Reversibility back) {
    this(sqlType, fidelity, note, check, null, List.of(), back);
  }

  public static MappedType exact(String sqlType) {
    return exact(sqlType, "");
  }

  /** Every value kept; reversible unless {@link #notBack} says which target values are not. */
  public static MappedType exact(String sqlType, String note) {
    return new MappedType(sqlType, Fidelity.EXACT, note, null, Reversibility.REVERSIBLE);
  }

  /**
   * Every value fits, the target accepts more: never reversible.
   *
   * @param back which target values cannot be written back to the source type
   */
  public static MappedType widened(String sqlType, String note, String back) {
    return new MappedType(sqlType, Fidelity.WIDENED, note, null, Reversibility.not(back));
  }

  /** Some values change forward; whether target values go back is decided for each mapping. */
  public static MappedType lossy(String sqlType, String note, Reversibility back) {
    return new MappedType(sqlType, Fidelity.LOSSY, note, null, back);
  }

  /** This mapping, with the target values that cannot be written back to the source type. */
  public MappedType notBack(String values) {
    return new MappedType(
        sqlType, fidelity, note, check, enumType, losses, Reversibility.not(values));
  }

  public MappedType withCheck(String checkExpression) {
    return new MappedType(sqlType, fidelity, note, checkExpression, enumType, losses, back);
  }

  public MappedType withEnumType(EnumType type) {
    return new MappedType(sqlType, fidelity, note, check, type, losses, back);
  }

  /** This mapping with a condition {@code plan} counts the values it changes by. */
  public MappedType withLoss(String predicate, String values, String fix) {
    return with(new Loss(predicate, values, fix, false));
  }

  /** This mapping with a condition {@code plan} counts the values the target refuses by. */
  public MappedType withRejected(String predicate, String values, String fix) {
    return with(new Loss(predicate, values, fix, true));
  }

  private MappedType with(Loss loss) {
    List<Loss> all = new ArrayList<>(losses);
    all.add(loss);
    return new MappedType(sqlType, fidelity, note, check, enumType, all, back);
  }

  /** A PostgreSQL enum type: its name in the target schema and its labels in order. */
  public record EnumType(String name, List<String> labels) {
    public EnumType {
      labels = List.copyOf(labels);
    }
  }
}
