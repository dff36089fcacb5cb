-- Godwit state store, version 3: the Kafka cluster and topics the stored offsets belong to, so a
-- run refuses a stream that is not the one they were taken from (data deleted, a new cluster).
CREATE TABLE IF NOT EXISTS _godwit.kafka_cluster (
  migration    varchar(64) NOT NULL PRIMARY KEY,
  cluster_id   varchar(64) NOT NULL,
  recorded_at  datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS _godwit.kafka_topic (
  migration    varchar(64) NOT NULL,
  topic        varchar(249) NOT NULL,
  topic_id     varchar(64) NOT NULL,
  recorded_at  datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (migration, topic)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
