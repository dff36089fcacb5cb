package io.godwit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void aTableTopicIsPrefixSchemaAndTableLikeDebeziumNamesIt() {
    assertThat(Topics.forTable("godwit.shop", "public", "orders"))
        .isEqualTo("godwit.shop.public.orders");
    assertThat(Topics.forTable("godwit.shop", "shop", "order lines$2"))
        .isEqualTo("godwit.shop.shop.order_lines_2");
    assertThat(Topics.forTable("p", "s", "Größe")).isEqualTo("p.s.Gr__e");
  }

  @Test
  void aTopicNameIsCutAtKafkasLimit() {
    assertThat(Topics.forTable("p", "s", "t".repeat(300))).hasSize(249);
  }

  @Test
  void heartbeatOffsetsAndHistoryTopicsFollowThePrefix() {
    assertThat(Topics.heartbeat("godwit.shop")).isEqualTo("__debezium-heartbeat.godwit.shop");
    assertThat(Topics.offsets("godwit.shop")).isEqualTo("godwit.shop.offsets");
    assertThat(Topics.schemaHistory("godwit.shop")).isEqualTo("godwit.shop.schema-history");
  }

  @Test
  void retentionIsDescribedInTheLargestWholeUnit() {
    assertThat(Topics.describeMillis(604_800_000L)).isEqualTo("7 days");
    assertThat(Topics.describeMillis(86_400_000L)).isEqualTo("1 day");
    assertThat(Topics.describeMillis(7_200_000L)).isEqualTo("2 hours");
    assertThat(Topics.describeMillis(90_000L)).isEqualTo("90000 ms");
  }
}
