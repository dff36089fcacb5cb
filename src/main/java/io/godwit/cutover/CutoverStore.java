package io.godwit.cutover;

import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.state.StateStore;
import java.util.Optional;

/**
 * What the cutover persists: its attempts and steps ({@link CutoverRecords}, fenced by the runner's
 * epoch) and its entries in the run's event log. A seam, so {@link Cutover} is tested without a
 * database; the methods are {@link CutoverRecords}' own.
 */
public interface CutoverStore {

  /** The newest attempt, or empty when no cutover was ever started. */
  Optional<CutoverRecords.Attempt> latest() throws Exception;

  /** Starts a new attempt; returns its number. */
  int begin(AttemptState state, String step, String freezeMode) throws Exception;

  void stepStarted(int attempt, String step) throws Exception;

  void stepFinished(int attempt, String step, String outcome, String detail) throws Exception;

  void frozen(int attempt, boolean frozen) throws Exception;

  void position(int attempt, String position) throws Exception;

  /** Records R0, where the reverse stream starts (see {@link CutoverRecords#reversePosition}). */
  void reversePosition(int attempt, String position) throws Exception;

  void finish(int attempt, AttemptState state, Long downtimeMs, String error) throws Exception;

  /** Adds {@code message} to the migration's event log, kind {@code cutover}. */
  void log(String message) throws Exception;

  /** The records and event log of {@code migration} in the target's state store. */
  static CutoverStore of(CutoverRecords records, StateStore store, String migration) {
    return new CutoverStore() {
      @Override
      public Optional<CutoverRecords.Attempt> latest() throws Exception {
        return records.latest();
      }

      @Override
      public int begin(AttemptState state, String step, String freezeMode) throws Exception {
        return records.begin(state, step, freezeMode);
      }

      @Override
      public void stepStarted(int attempt, String step) throws Exception {
        records.stepStarted(attempt, step);
      }

      @Override
      public void stepFinished(int attempt, String step, String outcome, String detail)
          throws Exception {
        records.stepFinished(attempt, step, outcome, detail);
      }

      @Override
      public void frozen(int attempt, boolean frozen) throws Exception {
        records.frozen(attempt, frozen);
      }

      @Override
      public void position(int attempt, String position) throws Exception {
        records.position(attempt, position);
      }

      @Override
      public void reversePosition(int attempt, String position) throws Exception {
        records.reversePosition(attempt, position);
      }

      @Override
      public void finish(int attempt, AttemptState state, Long downtimeMs, String error)
          throws Exception {
        records.finish(attempt, state, downtimeMs, error);
      }

      @Override
      public void log(String message) throws Exception {
        store.log(migration, "cutover", message);
      }
    };
  }
}
