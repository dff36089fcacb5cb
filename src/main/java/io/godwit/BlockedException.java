package io.godwit;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.plan.PlanResult;

/** A command refused to start because the plan has blockers; nothing was changed. */
public final class BlockedException extends GodwitException {
  private static final long serialVersionUID = 1L;

  private final transient PlanResult plan;

  public BlockedException(PlanResult plan) {
    super(
        ErrorCode.BLOCKED,
        "the plan has %d blockers; nothing was changed".formatted(plan.blockers()));
    this.plan = plan;
  }

  public PlanResult plan() {
    return plan;
  }
}
