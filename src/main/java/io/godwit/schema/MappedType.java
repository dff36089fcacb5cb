package io.godwit.schema;

/**
 * A source column's type on the target.
 *
 * @param sqlType the target type as written in DDL ({@code numeric(20,0)}, {@code timestamp(6)})
 * @param fidelity how faithfully it holds the source's values
 * @param note why, for a widened or lossy mapping (shown by {@code plan}); empty when exact
 * @param check a CHECK constraint expression keeping the source's domain, with {@code %s} for the
 *     quoted column name ({@code %s IN ('a','b')}); null if none
 */
public record MappedType(String sqlType, Fidelity fidelity, String note, String check) {

  public static MappedType exact(String sqlType) {
    return new MappedType(sqlType, Fidelity.EXACT, "", null);
  }

  public static MappedType widened(String sqlType, String note) {
    return new MappedType(sqlType, Fidelity.WIDENED, note, null);
  }

  public static MappedType lossy(String sqlType, String note) {
    return new MappedType(sqlType, Fidelity.LOSSY, note, null);
  }

  public MappedType withCheck(String checkExpression) {
    return new MappedType(sqlType, fidelity, note, checkExpression);
  }
}
