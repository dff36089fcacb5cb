package io.godwit.apply;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one column's value as Debezium's JSON encodes it into the target's input form: a {@code
 * String} in the target's text input form or {@code byte[]}. Never sees JSON null.
 */
@FunctionalInterface
interface ValueDecoder {

  /**
   * @throws BadValueException when the value is not in the column's encoding or has no form the
   *     target takes
   */
  Object decode(JsonNode value);
}
