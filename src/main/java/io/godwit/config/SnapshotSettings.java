package io.godwit.config;

import java.time.Duration;

/**
 * How the initial copy runs.
 *
 * @param workers tables (or chunks) copied in parallel
 * @param chunkRows rows per chunk at most
 * @param chunkBytes bytes per chunk at most
 * @param rowsPerSecond ceiling on rows copied per second over all workers; 0 for none
 * @param maxThreadsRunning pause while the MySQL source's {@code Threads_running} is above this; 0
 *     for off
 * @param replicaUrl JDBC URL of a replica of the MySQL source whose lag pauses the copy; empty for
 *     none
 * @param maxReplicaLag pause while that replica is more than this behind the source; zero for off
 * @param maxApplyLag in a live run, pause while the tables already streaming lag more than this;
 *     zero for off
 */
public record SnapshotSettings(
    int workers,
    int chunkRows,
    long chunkBytes,
    long rowsPerSecond,
    int maxThreadsRunning,
    String replicaUrl,
    Duration maxReplicaLag,
    Duration maxApplyLag) {}
