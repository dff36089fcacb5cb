package io.godwit.db;

/**
 * How one column travels from source to target.
 *
 * @param selectExpression what the source query selects for it (usually the quoted column)
 * @param reader turns the selected value into the target's input form
 */
public record ColumnCodec(String selectExpression, ValueReader reader) {}
