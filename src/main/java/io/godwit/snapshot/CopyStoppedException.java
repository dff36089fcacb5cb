package io.godwit.snapshot;

/**
 * The copy was {@link Throttle#stop stopped} (the run is stopping): the chunks in flight rolled
 * back, every chunk is either copied and checkpointed or left for the next run, which resumes at
 * the first chunk not copied. Not a failure: the run that stopped the copy ends cleanly.
 */
public final class CopyStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CopyStoppedException() {
    super(
        "the copy stopped as asked: each chunk is copied and checkpointed or left whole for the"
            + " next run, which resumes at the first chunk not copied");
  }
}
