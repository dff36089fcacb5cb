package io.godwit.cutover;

import io.godwit.db.SourceFreeze;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/** {@code cutover.freeze: read-only}: Godwit makes the source database refuse writes. */
final class ReadOnlyFreeze implements Freeze {

  private final DataSource source;
  private final SourceFreeze dialect;
  private final List<String> appRoles;
  private final Duration wait;

  ReadOnlyFreeze(DataSource source, SourceFreeze dialect, List<String> appRoles, Duration wait) {
    this.source = source;
    this.dialect = dialect;
    this.appRoles = appRoles;
    this.wait = wait;
  }

  @Override
  public String mode() {
    return "read-only";
  }

  @Override
  public String freeze() throws Exception {
    try (Connection c = source.getConnection()) {
      return dialect.freeze(c, appRoles, wait);
    }
  }

  @Override
  public String unfreeze() throws Exception {
    try (Connection c = source.getConnection()) {
      return dialect.unfreeze(c, appRoles);
    }
  }
}
