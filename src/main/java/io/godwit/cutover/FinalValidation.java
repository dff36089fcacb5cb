package io.godwit.cutover;

import java.util.Optional;

/** Cutover's use of validation: the precondition and the final check (step 4). */
public interface FinalValidation {

  /** Why the last validation does not allow a cutover (none run, differences); empty when clean. */
  Optional<String> lastProblem() throws Exception;

  /** Seconds the final validation is expected to take, from the last run; NaN when unknown. */
  double expectedSeconds() throws Exception;

  /**
   * Validates every table with the source frozen and drained.
   *
   * @return a summary for the cutover log
   * @throws CutoverException naming the tables that differ
   */
  String validate() throws Exception;
}
