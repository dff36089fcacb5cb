package io.godwit.capture;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class RecordEncoderTest {

  static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
  static final Schema ROW =
      SchemaBuilder.struct()
          .optional()
          .field("id", Schema.INT32_SCHEMA)
          .field("price", Schema.OPTIONAL_STRING_SCHEMA)
          .build();
  static final Schema SOURCE = SchemaBuilder.struct().field("ts_ms", Schema.INT64_SCHEMA).build();
  static final Schema ENVELOPE =
      SchemaBuilder.struct()
          .field("before", ROW)
          .field("after", ROW)
          .field("source", SOURCE)
          .field("op", Schema.STRING_SCHEMA)
          .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
          .build();

  static Properties converters() {
    Properties p = new Properties();
    p.put("key.converter.schemas.enable", "false");
    p.put("value.converter.schemas.enable", "false");
    return p;
  }

  @Test
  void keyAndValueAreConnectsJsonWithoutSchemasAndTheRecordKeepsItsTopicAndTime() {
    Struct before = new Struct(ROW).put("id", 1).put("price", "9.99");
    Struct after = new Struct(ROW).put("id", 1).put("price", "10.50");
    Struct value =
        new Struct(ENVELOPE)
            .put("before", before)
            .put("after", after)
            .put("source", new Struct(SOURCE).put("ts_ms", 1700000000000L))
            .put("op", "u")
            .put("ts_ms", 1700000000123L);
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString("origin", "godwit");
    SourceRecord record =
        new SourceRecord(
            Map.of("server", "godwit.shop"),
            Map.of("pos", 4),
            "godwit.shop.shop.orders",
            null,
            KEY,
            new Struct(KEY).put("id", 1),
            ENVELOPE,
            value,
            1700000000200L,
            headers);

    try (RecordEncoder encoder = new RecordEncoder(converters())) {
      ProducerRecord<byte[], byte[]> out = encoder.encode(record);

      assertThat(out.topic()).isEqualTo("godwit.shop.shop.orders");
      assertThat(out.partition()).isNull();
      assertThat(out.timestamp()).isEqualTo(1700000000200L);
      assertThat(new String(out.key(), UTF_8)).isEqualTo("{\"id\":1}");
      assertThat(new String(out.value(), UTF_8))
          .isEqualTo(
              "{\"before\":{\"id\":1,\"price\":\"9.99\"},\"after\":{\"id\":1,\"price\":\"10.50\"},"
                  + "\"source\":{\"ts_ms\":1700000000000},\"op\":\"u\",\"ts_ms\":1700000000123}");
      assertThat(out.headers().lastHeader("origin").value()).isEqualTo("godwit".getBytes(UTF_8));
    }
  }

  @Test
  void aTombstoneStaysANullValue() {
    SourceRecord tombstone =
        new SourceRecord(
            Map.of(), Map.of(), "t", null, KEY, new Struct(KEY).put("id", 7), null, null);
    try (RecordEncoder encoder = new RecordEncoder(converters())) {
      ProducerRecord<byte[], byte[]> out = encoder.encode(tombstone);
      assertThat(new String(out.key(), UTF_8)).isEqualTo("{\"id\":7}");
      assertThat(out.value()).isNull();
      assertThat(out.timestamp()).isNull();
    }
  }
}
