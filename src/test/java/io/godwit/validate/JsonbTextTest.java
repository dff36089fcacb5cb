package io.godwit.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonbTextTest {

  @Test
  void rendersAsJsonbPrints() {
    assertThat(
            JsonbText.of("{\"sku\": \"x\", \"qty\": 1, \"tags\": [\"a\",\"b\"], \"gift\":false}"))
        .isEqualTo("{\"qty\": 1, \"sku\": \"x\", \"gift\": false, \"tags\": [\"a\", \"b\"]}");
    assertThat(JsonbText.of(" { } ")).isEqualTo("{}");
    assertThat(JsonbText.of("[ ]")).isEqualTo("[]");
    assertThat(JsonbText.of("{\"a\":1,\"a\":2}"))
        .as("the last of a repeated name")
        .isEqualTo("{\"a\": 2}");
    assertThat(JsonbText.of("\"\\u00e9\\/\\u001f\\n\"")).isEqualTo("\"é/\\u001f\\n\"");
    assertThat(JsonbText.of("\"\\ud83d\\ude00\"")).isEqualTo("\"😀\"");
    assertThat(JsonbText.of("1.50")).isEqualTo("1.50");
  }

  @Test
  void givesUpOnWhatItDoesNotRenderExactly() {
    assertThat(JsonbText.of("1e3")).isNull();
    assertThat(JsonbText.of("-0.0")).isNull();
    assertThat(JsonbText.of("\"\\u0000\"")).isNull();
    assertThat(JsonbText.of("\"\\ud83d\"")).isNull();
    assertThat(JsonbText.of("{\"a\":1")).isNull();
    assertThat(JsonbText.of("[1,]")).isNull();
    assertThat(JsonbText.of("nul")).isNull();
    assertThat(JsonbText.of("01")).isNull();
    assertThat(JsonbText.of("1 2")).isNull();
  }

  /** Wherever the fast renderer answers, it agrees with the full parser's rendering. */
  @Test
  void agreesWithTheParserOnRandomDocuments() {
    JsonDocuments documents = new JsonDocuments(7);
    int rendered = 0;
    for (int n = 0; n < 20_000; n++) {
      String doc = documents.next();
      String fast = JsonbText.of(doc);
      if (fast != null) {
        rendered++;
        assertThat(fast).as(doc).isEqualTo(CanonicalJson.parsedPostgresStyle(doc));
      }
    }
    assertThat(rendered).as("documents the fast path rendered").isGreaterThan(10_000);
  }
}
