package io.godwit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class StateWritesTest {

  private int connections;

  /** A pool whose connections do nothing; counts how many were taken. */
  private final DataSource pool =
      (DataSource)
          Proxy.newProxyInstance(
              DataSource.class.getClassLoader(),
              new Class<?>[] {DataSource.class},
              (proxy, method, args) -> {
                if (method.getName().equals("getConnection")) {
                  connections++;
                  return Proxy.newProxyInstance(
                      Connection.class.getClassLoader(),
                      new Class<?>[] {Connection.class},
                      (c, m, a) -> null);
                }
                throw new UnsupportedOperationException(method.getName());
              });

  @Test
  void aWriteThatLostItsConnectionRunsAgainOnANewOneAndIsToldSo() throws Exception {
    List<Boolean> runs = new ArrayList<>();
    new StateWrites(pool, Duration.ofSeconds(60))
        .run(
            "moving orders to COPIED",
            (c, again) -> {
              runs.add(again);
              if (runs.size() == 1) {
                throw new SQLException(
                    "terminating connection due to administrator command", "57P01");
              }
            });
    assertThat(runs).containsExactly(false, true);
    assertThat(connections).isEqualTo(2);
  }

  @Test
  void aFailureThatNeedsAFixIsNotWrittenAgain() {
    SQLException bad = new SQLSyntaxErrorException("no such table", "42P01");
    assertThatThrownBy(
            () ->
                new StateWrites(pool, Duration.ofSeconds(60))
                    .run(
                        "moving orders to COPIED",
                        (c, again) -> {
                          throw bad;
                        }))
        .isSameAs(bad);
    assertThat(connections).isEqualTo(1);
  }

  @Test
  void pastTheWindowTheErrorNamesTheWriteTheAttemptsAndTheFix() {
    assertThatThrownBy(
            () ->
                new StateWrites(pool, Duration.ofMillis(1200))
                    .run(
                        "moving orders to COPIED",
                        (c, again) -> {
                          throw new SQLException("Connection refused", "08001");
                        }))
        .isInstanceOf(StateStoreException.class)
        .hasMessage(
            "moving orders to COPIED in the state store failed on all 2 attempts within 1 s, last:"
                + " Connection refused (SQLState 08001); fix: make sure the target accepts"
                + " connections, then run again: the migration resumes from its state store");
  }
}
