package io.godwit.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class SourceMarkerTest {

  @Test
  void aBinlogRecordPassesTheMarkAtOrAfterItsPositionAcrossFiles() {
    SourceMarker mark = new SourceMarker.BinlogPosition("mysql-bin.000002", 1845);
    assertThat(mark.passedBy(Map.of("file", "mysql-bin.000002", "pos", 1558L))).isFalse();
    assertThat(mark.passedBy(Map.of("file", "mysql-bin.000001", "pos", 99999L))).isFalse();
    assertThat(mark.passedBy(Map.of("file", "mysql-bin.000002", "pos", 1845L))).isTrue();
    assertThat(mark.passedBy(Map.of("file", "mysql-bin.000003", "pos", 4L))).isTrue();
    assertThat(mark.passedBy(Map.of("lsn", 5L))).isFalse();
  }

  @Test
  void anUnplacedBinlogMarkIsPassedByNothing() {
    assertThat(new SourceMarker.BinlogPosition().passedBy(Map.of("file", "b.000009", "pos", 9L)))
        .isFalse();
  }

  @Test
  void onlyTheLogicalMessageWithItsOwnContentPassesAPostgresMark() throws Exception {
    String content = "f1e2d3";
    SourceMarker mark = new SourceMarker.LogicalMessage(content);
    String base64 = Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8));
    assertThat(mark.passedBy(message("godwit", base64))).isTrue();
    assertThat(mark.passedBy(message("godwit", "b3RoZXI="))).isFalse();
    assertThat(mark.passedBy(message("app", base64))).isFalse();
    assertThat(mark.passedBy(Map.of("lsn", 1L))).isFalse();
  }

  @Test
  void aCommittedOffsetPassesAPostgresMarkOnceItsCommitPositionReachesTheMessage() {
    SourceMarker mark = new SourceMarker.LogicalMessage("c0ffee", 5000L);
    assertThat(mark.passedBy(Map.of("lsn", 6000L, "lsn_commit", 4999L))).isFalse();
    assertThat(mark.passedBy(Map.of("lsn", 4000L, "lsn_commit", 5000L))).isTrue();
    assertThat(mark.passedBy(Map.of("lsn_proc", 9000L))).isFalse();
    assertThat(new SourceMarker.LogicalMessage("unplaced").passedBy(Map.of("lsn_commit", 1L)))
        .as("a mark not yet placed")
        .isFalse();
  }

  private static SourceRecord message(String prefix, String content) {
    Schema messageSchema =
        SchemaBuilder.struct()
            .field("prefix", Schema.STRING_SCHEMA)
            .field("content", Schema.STRING_SCHEMA)
            .build();
    Schema valueSchema = SchemaBuilder.struct().field("message", messageSchema).build();
    Struct value =
        new Struct(valueSchema)
            .put(
                "message", new Struct(messageSchema).put("prefix", prefix).put("content", content));
    return new SourceRecord(Map.of(), Map.of("lsn", 1L), "p.message", valueSchema, value);
  }
}
