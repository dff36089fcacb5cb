package io.godwit.apply;

import static io.godwit.apply.ChangeEvent.UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.apply.ChangeEvent.Op;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoalescerTest {

  private long offset;

  private ChangeEvent upsert(String table, Object key, Object... values) {
    return new ChangeEvent(
        table, Op.UPSERT, List.of(key), Arrays.asList(values), 0, "", "t." + table, 0, offset++);
  }

  private ChangeEvent delete(String table, Object key) {
    return new ChangeEvent(table, Op.DELETE, List.of(key), null, 0, "", "t." + table, 0, offset++);
  }

  private static List<Object> after(ChangeEvent e) {
    return e.after();
  }

  @Test
  void lastUpsertOfAKeyWins() {
    var changes =
        Coalescer.coalesce(
            List.of(
                upsert("a", "1", "1", "x"),
                upsert("a", "1", "1", "y"),
                upsert("a", "1", "1", "z")));

    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).upserts())
        .extracting(CoalescerTest::after)
        .containsExactly(List.of("1", "z"));
    assertThat(changes.get(0).upserts().get(0).offset()).isEqualTo(2);
    assertThat(changes.get(0).deletes()).isEmpty();
  }

  @Test
  void deleteAfterUpsertStaysADelete() {
    var changes = Coalescer.coalesce(List.of(upsert("a", "1", "1", "x"), delete("a", "1")));

    assertThat(changes.get(0).upserts()).isEmpty();
    assertThat(changes.get(0).deletes()).extracting(ChangeEvent::key).containsExactly(List.of("1"));
  }

  @Test
  void upsertAfterDeleteIsAnUpsert() {
    var changes =
        Coalescer.coalesce(
            List.of(upsert("a", "1", "1", "x"), delete("a", "1"), upsert("a", "1", "1", "again")));

    assertThat(changes.get(0).deletes()).isEmpty();
    assertThat(changes.get(0).upserts())
        .extracting(CoalescerTest::after)
        .containsExactly(List.of("1", "again"));
  }

  @Test
  void keysAndTablesStaySeparateInTheOrderOfTheirLastChange() {
    var changes =
        Coalescer.coalesce(
            List.of(
                upsert("a", "1", "1", "a1"),
                upsert("b", "1", "1", "b1"),
                upsert("a", "2", "2", "a2"),
                delete("a", "3"),
                upsert("a", "1", "1", "a1 again")));

    assertThat(changes).extracting(TableChanges::table).containsExactly("a", "b");
    assertThat(changes.get(0).upserts())
        .extracting(CoalescerTest::after)
        .containsExactly(List.of("2", "a2"), List.of("1", "a1 again"));
    assertThat(changes.get(0).deletes()).extracting(ChangeEvent::key).containsExactly(List.of("3"));
    assertThat(changes.get(1).upserts())
        .extracting(CoalescerTest::after)
        .containsExactly(List.of("1", "b1"));
  }

  @Test
  void binaryKeysCompareByContent() {
    var changes =
        Coalescer.coalesce(
            List.of(
                upsert("a", new byte[] {1, 2}, "x"),
                upsert("a", new byte[] {1, 2}, "y"),
                upsert("a", new byte[] {1, 3}, "z")));

    assertThat(changes.get(0).upserts())
        .extracting(CoalescerTest::after)
        .containsExactly(List.of("y"), List.of("z"));
  }

  @Test
  void unavailableValuesComeFromTheKeysEarlierUpsert() {
    var changes =
        Coalescer.coalesce(
            List.of(
                upsert("a", "1", "1", "big text", "v1"),
                upsert("a", "1", "1", UNAVAILABLE, "v2"),
                upsert("a", "1", "1", UNAVAILABLE, "v3")));

    assertThat(changes.get(0).upserts())
        .extracting(CoalescerTest::after)
        .containsExactly(List.of("1", "big text", "v3"));
  }

  @Test
  void unavailableValuesStayUnavailableWithoutAnEarlierUpsert() {
    var changes =
        Coalescer.coalesce(
            List.of(
                upsert("a", "2", "2", "other key", "v1"),
                upsert("a", "1", "1", UNAVAILABLE, "v2")));

    assertThat(changes.get(0).upserts().get(1).after()).containsExactly("1", UNAVAILABLE, "v2");
  }

  @Test
  void aDeleteInBetweenLeavesUnavailableValuesUnfilled() {
    var changes =
        Coalescer.coalesce(
            List.of(
                upsert("a", "1", "1", "big text", "v1"),
                delete("a", "1"),
                upsert("a", "1", "1", UNAVAILABLE, "v2")));

    assertThat(changes.get(0).upserts().get(0).after()).containsExactly("1", UNAVAILABLE, "v2");
    assertThat(changes.get(0).deletes()).isEmpty();
  }

  @Test
  void nullValuesAreValuesNotPlaceholders() {
    var changes =
        Coalescer.coalesce(
            List.of(upsert("a", "1", "1", "x"), upsert("a", "1", "1", (Object) null)));

    assertThat(changes.get(0).upserts().get(0).after()).containsExactly("1", null);
  }

  @Test
  void aKeyChangeDeletesTheOldKeyAndUpsertsTheNew() {
    ChangeEvent old = delete("a", "1");
    ChangeEvent moved =
        new ChangeEvent(
            "a", Op.UPSERT, List.of("2"), List.of("2", "x"), 0, "", "t.a", 0, old.offset());
    var changes = Coalescer.coalesce(List.of(upsert("a", "1", "1", "x"), old, moved));

    assertThat(changes.get(0).deletes()).extracting(ChangeEvent::key).containsExactly(List.of("1"));
    assertThat(changes.get(0).upserts()).extracting(ChangeEvent::key).containsExactly(List.of("2"));
  }

  @Test
  void aTruncateDropsTheTablesEarlierChangesAndEmptiesItBeforeTheLaterOnes() {
    ChangeEvent truncate =
        new ChangeEvent("a", Op.TRUNCATE, List.of(), null, 0, "", "t.a", 0, offset++);
    var changes =
        Coalescer.coalesce(
            List.of(
                upsert("a", "1", "1", "x"),
                delete("a", "2"),
                upsert("b", "1", "1", "y"),
                truncate,
                upsert("a", "3", "3", "z")));

    assertThat(changes.get(0).truncate()).isTrue();
    assertThat(changes.get(0).deletes()).isEmpty();
    assertThat(changes.get(0).upserts()).extracting(ChangeEvent::key).containsExactly(List.of("3"));
    assertThat(changes.get(1).truncate()).isFalse();
    assertThat(changes.get(1).upserts()).hasSize(1);
  }

  @Test
  void emptyBatchHasNoTables() {
    assertThat(Coalescer.coalesce(List.of())).isEmpty();
  }
}
