package io.godwit;

import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlClient;
import io.godwit.control.CutoverDocument;

/**
 * {@code godwit cutover}: switches to the target through the running {@code godwit run}'s control
 * API: check the preconditions, freeze writes on the source, drain to proven zero lag, validate
 * every table, move sequences, done. Any failure unfreezes the source and streaming goes on. An
 * interrupt of this process while the cutover runs aborts it.
 */
final class CutoverCommand implements OperatedSwitch {

  private final ControlClient client;

  CutoverCommand(MigrationConfig config) {
    this.client = new ControlClient(config.control());
  }

  /**
   * Checks the preconditions, and when the operator goes ahead runs the cutover to its end.
   *
   * @return the precondition check when the operator did not go ahead, else the attempt as it ended
   */
  CutoverDocument cutover(CutoverOperator operator) throws Exception {
    return drive("cutover", operator);
  }

  @Override
  public CutoverDocument start(boolean dryRun) throws Exception {
    return client.cutover(dryRun);
  }

  @Override
  public void confirm() throws Exception {
    client.confirm();
  }

  @Override
  public void abort(String reason) throws Exception {
    client.abort(reason);
  }

  @Override
  public CutoverDocument view(CutoverDocument started) throws Exception {
    return client.cutoverView();
  }
}
