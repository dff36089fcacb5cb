package io.godwit.db;

import java.util.Optional;

/**
 * How validation reads an engine's values to compare them with another engine's: what its driver
 * reports and prints, and the SQL that makes a column comparable. Type names are as the driver
 * reports them ({@code ResultSetMetaData.getColumnTypeName}).
 */
public interface ComparisonReads {

  /**
   * True when the driver hands over each value as the server's own text, and binds text as an
   * untyped literal the server reads as the column's type (PostgreSQL with {@code
   * stringtype=unspecified}); the MySQL and MariaDB drivers parse and format values again.
   */
  boolean serverText();

  /** True when a column of this type reads with the spaces that pad it to its length. */
  boolean paddedChar(String typeName);

  /**
   * True when the driver reports a column of this type under another JDBC type while its values are
   * integers (MariaDB Connector/J: {@code tinyint(1)} as BOOLEAN, true for 5; YEAR as DATE).
   */
  boolean integerReportedAsOther(String typeName);

  /** True when the engine keeps the sign of a floating-point zero (MySQL and MariaDB print 0). */
  boolean keepsNegativeZero();

  /**
   * True when a bit string keeps its leading zeros (PostgreSQL's bit and varbit); a MySQL BIT holds
   * a number.
   */
  boolean keepsBitLength();

  /**
   * A single-precision float selected as the double it is, where the text protocol would print it
   * short (MySQL and MariaDB FLOAT: 6 significant digits); empty when it prints in full.
   */
  Optional<String> realAsDouble(String quoted);

  /** True when a date or timestamp may hold a zero or invalid date (MySQL, MariaDB). */
  boolean hasZeroDates();

  /** The column's value with a zero or invalid date read as NULL. */
  String zeroDateAsNull(String quoted);

  /**
   * The engine's own lowercase hex SHA-256 of a text column's value encoded as UTF-8, NULL for
   * NULL: what validation compares a column masked with {@code sha256} by, computed by the source
   * engine rather than by the code that masks the copied values.
   */
  String sha256Hex(String quoted);

  /**
   * A column of this type read as a decimal where the driver would read it as a double that fails
   * on the server's text (PostgreSQL money under {@code lc_monetary}: {@code $1,234.50}).
   */
  Optional<String> asDecimal(String quoted, String typeName);

  /**
   * What the same-engine row hash ({@link Dialect#rowHashQuery}) takes for a column: a form that
   * hashes alike wherever values are equal (PostgreSQL: floats by their bytes, whose hash takes -0
   * as 0; text in the "C" collation, since a case-insensitive one hashes case-insensitively).
   *
   * @param selected what validation selects for the column
   */
  String hashed(String quoted, String typeName, String selected);

  /**
   * True when a key column of this type sorts its own way, not by its text (MariaDB's uuid, by its
   * parts swapped), so validation orders it by its text's bytes.
   */
  boolean sortsUnlikeItsText(String typeName);

  /**
   * True when a text key bound as a parameter matches by the column's collation, which may ignore
   * case or trailing spaces (MySQL, MariaDB): {@code abc} finds {@code ABC} or {@code abc }.
   */
  boolean textKeysMatchByCollation();

  /**
   * True when JSON reads in the form PostgreSQL's jsonb prints it, the form validation compares;
   * elsewhere it is rendered so.
   */
  boolean readsJsonAsJsonb();
}
