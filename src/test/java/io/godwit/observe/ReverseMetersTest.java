package io.godwit.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReverseMetersTest {

  private record Applied(String table, boolean isDelete, long sourceTsMs) implements MeteredEvent {}

  @Test
  void theReverseAppliersMetersAreServedBesideTheForwardOnesUnderTheirOwnNames() {
    PrometheusMeterRegistry served = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ApplyMeters forward = new ApplyMeters(served);
    ApplyMeters reverse = new ApplyMeters(ReverseMeters.of(served));

    forward.applied(List.of(new Applied("orders", false, 0)));
    reverse.applied(
        List.of(
            new Applied("orders", false, 0),
            new Applied("orders", true, 0),
            new Applied("orders", false, 0)));
    reverse.poison("orders");

    String scraped = served.scrape();
    assertThat(scraped)
        .contains("godwit_apply_events_total{op=\"upsert\",table=\"orders\"} 1.0")
        .contains("godwit_reverse_events_total{op=\"upsert\",table=\"orders\"} 2.0")
        .contains("godwit_reverse_events_total{op=\"delete\",table=\"orders\"} 1.0")
        .contains("godwit_reverse_poison_total{table=\"orders\"} 1.0")
        .contains("godwit_reverse_batches_total 1.0")
        .contains("godwit_apply_batches_total 1.0")
        .doesNotContain("godwit_apply_poison_total");
    assertThat(forward.eventsApplied()).isEqualTo(1);
    assertThat(reverse.eventsApplied("orders")).isEqualTo(3);
  }

  @Test
  void namesTheReverseMeterAfterTheForwardOne() {
    assertThat(ReverseMeters.name("godwit.apply.events")).isEqualTo("godwit.reverse.events");
    assertThat(ReverseMeters.name("godwit.lag.seconds")).isEqualTo("godwit.reverse.lag.seconds");
    assertThat(ReverseMeters.name("godwit.validation.runs"))
        .isEqualTo("godwit.reverse.validation.runs");
    assertThat(ReverseMeters.name("jvm.memory.used")).isEqualTo("jvm.memory.used");
  }
}
