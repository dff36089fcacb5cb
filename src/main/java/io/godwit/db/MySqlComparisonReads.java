package io.godwit.db;

import java.util.Optional;

/** How validation reads MySQL and MariaDB values. */
final class MySqlComparisonReads implements ComparisonReads {

  @Override
  public boolean serverText() {
    return false;
  }

  @Override
  public boolean paddedChar(String typeName) {
    return false;
  }

  @Override
  public boolean integerReportedAsOther(String typeName) {
    return typeName.equals("boolean") || typeName.equals("year");
  }

  @Override
  public boolean keepsNegativeZero() {
    return false;
  }

  @Override
  public boolean keepsBitLength() {
    return false;
  }

  @Override
  public Optional<String> realAsDouble(String quoted) {
    return Optional.of("CAST(" + quoted + " AS DOUBLE)");
  }

  @Override
  public boolean hasZeroDates() {
    return true;
  }

  @Override
  public String sha256Hex(String quoted) {
    return "SHA2(CONVERT(" + quoted + " USING utf8mb4), 256)";
  }

  @Override
  public String zeroDateAsNull(String quoted) {
    return "CASE WHEN YEAR(%1$s) = 0 OR MONTH(%1$s) = 0 OR DAYOFMONTH(%1$s) = 0 THEN NULL ELSE %1$s END"
        .formatted(quoted);
  }

  @Override
  public Optional<String> asDecimal(String quoted, String typeName) {
    return Optional.empty();
  }

  @Override
  public String hashed(String quoted, String typeName, String selected) {
    return selected;
  }

  @Override
  public boolean sortsUnlikeItsText(String typeName) {
    return typeName.equalsIgnoreCase("uuid");
  }

  @Override
  public boolean textKeysMatchByCollation() {
    return true;
  }

  @Override
  public boolean readsJsonAsJsonb() {
    return false;
  }
}
