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
  void numbersAsNumericPrintsThem() {
    assertThat(JsonbText.of("1e3")).isEqualTo("1000");
    assertThat(JsonbText.of("2.5E-2")).isEqualTo("0.025");
    assertThat(JsonbText.of("-0")).isEqualTo("0");
    assertThat(JsonbText.of("-0.0")).isEqualTo("0.0");
    assertThat(JsonbText.of("[-1.50, 10.0]")).isEqualTo("[-1.50, 10.0]");
  }

  @Test
  void givesUpOnWhatJsonbRefuses() {
    assertThat(JsonbText.of("\"\\u0000\"")).isNull();
    assertThat(JsonbText.of("\"\\ud83d\"")).isNull();
    assertThat(JsonbText.of("{\"a\":1")).isNull();
    assertThat(JsonbText.of("[1,]")).isNull();
    assertThat(JsonbText.of("nul")).isNull();
    assertThat(JsonbText.of("01")).isNull();
    assertThat(JsonbText.of("1e")).isNull();
    assertThat(JsonbText.of("1 2")).isNull();
  }

  /**
   * Every random document is rendered, and the rendering means what the document means: the same
   * canonical form. (JsonbTextIT checks the exact text against PostgreSQL's own.)
   */
  @Test
  void rendersEveryRandomDocumentKeepingItsMeaning() {
    JsonDocuments documents = new JsonDocuments(7);
    for (int n = 0; n < 20_000; n++) {
      String doc = documents.next();
      String rendered = JsonbText.of(doc);
      assertThat(rendered).as(doc).isNotNull();
      assertThat(CanonicalJson.of(rendered)).as(doc).isEqualTo(CanonicalJson.of(doc));
    }
  }
}
