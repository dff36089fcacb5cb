package io.godwit.db;

import java.util.Locale;
import java.util.Optional;

/** How validation reads PostgreSQL values. */
final class PostgresComparisonReads implements ComparisonReads {

  @Override
  public boolean serverText() {
    return true;
  }

  @Override
  public boolean paddedChar(String typeName) {
    return typeName.equals("bpchar");
  }

  @Override
  public boolean integerReportedAsOther(String typeName) {
    return false;
  }

  @Override
  public boolean keepsNegativeZero() {
    return true;
  }

  @Override
  public boolean keepsBitLength() {
    return true;
  }

  @Override
  public Optional<String> realAsDouble(String quoted) {
    return Optional.empty();
  }

  @Override
  public boolean hasZeroDates() {
    return false;
  }

  @Override
  public String sha256Hex(String quoted) {
    return "encode(sha256(convert_to(" + quoted + ", 'UTF8')), 'hex')";
  }

  @Override
  public String zeroDateAsNull(String quoted) {
    return quoted;
  }

  @Override
  public Optional<String> asDecimal(String quoted, String typeName) {
    return typeName.equalsIgnoreCase("money")
        ? Optional.of(quoted + "::numeric")
        : Optional.empty();
  }

  @Override
  public String hashed(String quoted, String typeName, String selected) {
    return switch (typeName.toLowerCase(Locale.ROOT)) {
      case "float4" -> "float4send(" + quoted + ")";
      case "float8" -> "float8send(" + quoted + ")";
      case "varchar", "text", "citext", "name" -> quoted + "::text COLLATE \"C\"";
      case "bpchar" -> quoted + " COLLATE \"C\"";
      default -> quoted;
    };
  }

  @Override
  public boolean sortsUnlikeItsText(String typeName) {
    return false;
  }

  @Override
  public boolean textKeysMatchByCollation() {
    return false;
  }

  @Override
  public boolean readsJsonAsJsonb() {
    return true;
  }
}
