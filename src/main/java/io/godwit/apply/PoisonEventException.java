package io.godwit.apply;

/**
 * A change event the applier cannot turn into a target row. The message names the topic, partition,
 * offset, key and column, the reason and what to do; the caller stops the table or sends the event
 * to the dead-letter topic.
 */
public class PoisonEventException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final int partition;
  private final long offset;
  private final String key;
  private final String column;
  private final String reason;

  /**
   * @param key the event's Kafka key as text, or null
   * @param column the column whose value failed, or null when the event as a whole is unusable
   */
  public PoisonEventException(
      String table,
      String topic,
      int partition,
      long offset,
      String key,
      String column,
      String reason,
      Throwable cause) {
    super(
        "cannot apply the change to %s at %s-%d offset %d (key %s):%s %s"
            .formatted(
                table,
                topic,
                partition,
                offset,
                key,
                column == null ? "" : " column " + column + ":",
                reason),
        cause);
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.key = key;
    this.column = column;
    this.reason = reason;
  }

  public String topic() {
    return topic;
  }

  public int partition() {
    return partition;
  }

  public long offset() {
    return offset;
  }

  public String key() {
    return key;
  }

  public String column() {
    return column;
  }

  public String reason() {
    return reason;
  }
}
