package io.godwit.observe;

/** What {@link ApplyMeters} counts of an applied change. */
public interface MeteredEvent {
  String table();

  boolean isDelete();

  /** When the change happened at the source, in epoch milliseconds; 0 when unknown. */
  long sourceTsMs();
}
