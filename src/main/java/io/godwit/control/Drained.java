package io.godwit.control;

/** The answer of {@code POST /api/drain}: zero lag was proven, after {@code seconds}. */
public record Drained(boolean drained, double seconds) {}
