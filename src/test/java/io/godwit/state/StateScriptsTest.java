package io.godwit.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StateScriptsTest {

  @Test
  void everyEngineHasEveryVersionAsSeparateStatements() {
    for (String engine : new String[] {"postgresql", "mysql"}) {
      assertThat(StateScripts.statements("/io/godwit/state/" + engine + "/bootstrap.sql"))
          .hasSize(2);
      for (int v = 1; v <= StateStore.VERSION; v++) {
        assertThat(StateScripts.statements("/io/godwit/state/" + engine + "/V" + v + ".sql"))
            .isNotEmpty()
            .allSatisfy(sql -> assertThat(sql).doesNotEndWith(";"));
      }
    }
  }
}
