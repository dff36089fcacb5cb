package io.godwit.testing;

import io.godwit.engine.Engine;
import java.util.Locale;

/** How a test reads a target column back as comparable text, per engine and source type. */
public final class TargetText {

  private TargetText() {}

  public static String readExpression(Engine target, String quotedColumn, String sourceType) {
    if (target == Engine.POSTGRESQL) {
      return quotedColumn + "::text";
    }
    String type = sourceType.toLowerCase(Locale.ROOT);
    if (type.startsWith("bytea") || type.contains("binary") || type.contains("blob")) {
      return "HEX(" + quotedColumn + ")";
    }
    if (type.startsWith("bit")) {
      return "BIN(" + quotedColumn + ")";
    }
    return "CAST(" + quotedColumn + " AS CHAR)";
  }
}
