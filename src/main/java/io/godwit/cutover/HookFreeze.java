package io.godwit.cutover;

import java.time.Duration;

/** {@code cutover.freeze: hook}: the operator's command or URL stops the application's writes. */
final class HookFreeze implements Freeze {

  private final Hook freeze;
  private final Hook unfreeze;
  private final Duration timeout;

  HookFreeze(Hook freeze, Hook unfreeze, Duration timeout) {
    this.freeze = freeze;
    this.unfreeze = unfreeze;
    this.timeout = timeout;
  }

  @Override
  public String mode() {
    return "hook";
  }

  @Override
  public String freeze() throws Exception {
    return freeze.run(timeout);
  }

  @Override
  public String lift() {
    return "the hook freeze left the database's settings alone: nothing to lift; cutover.unfreeze-hook"
        + " is not run (the application, still pointed at the target, would write there):"
        + " rollback.done-hook repoints it";
  }

  @Override
  public String unfreeze() throws Exception {
    if (!unfreeze.isSet()) {
      return "no cutover.unfreeze-hook is set: let the application write to the source again yourself";
    }
    return unfreeze.run(timeout);
  }
}
