-- Godwit state store, version 3: the Kafka cluster and topics the stored offsets belong to, so a
-- run refuses a stream that is not the one they were taken from (data deleted, a new cluster).
CREATE TABLE IF NOT EXISTS _godwit.kafka_cluster (
  migration    text PRIMARY KEY,
  cluster_id   text NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS _godwit.kafka_topic (
  migration    text NOT NULL,
  topic        text NOT NULL,
  topic_id     text NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (migration, topic)
);
