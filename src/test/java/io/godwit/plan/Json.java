package io.godwit.plan;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Test helper: a result as JSON, to check what a machine reading {@code --json} would see. */
final class Json {
  private Json() {}

  static String of(Object value) throws Exception {
    return new ObjectMapper().findAndRegisterModules().writeValueAsString(value);
  }
}
