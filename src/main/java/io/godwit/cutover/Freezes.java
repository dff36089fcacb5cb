package io.godwit.cutover;

import io.godwit.config.CutoverSettings;
import io.godwit.db.Dialect;
import javax.sql.DataSource;

/** The freeze for {@code cutover.freeze}. */
public final class Freezes {

  private Freezes() {}

  public static Freeze of(CutoverSettings settings, DataSource source, Dialect sourceDialect) {
    return switch (settings.freeze()) {
      case READ_ONLY ->
          new ReadOnlyFreeze(
              source,
              sourceDialect.sourceFreeze(),
              settings.appRoles(),
              settings.timeout().dividedBy(4));
      case HOOK ->
          new HookFreeze(
              new Hook("cutover.freeze-hook", settings.freezeHook(), settings.hookEnvironment()),
              new Hook(
                  "cutover.unfreeze-hook", settings.unfreezeHook(), settings.hookEnvironment()),
              settings.timeout());
      case MANUAL -> new ManualFreeze(settings.timeout());
    };
  }
}
