package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrantsTest {

  @Test
  void allPrivilegesOnEverythingCoversReplicationAndSelect() {
    Grants g =
        Grants.parse(
            "root@127.0.0.1",
            List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`127.0.0.1` WITH GRANT OPTION"));
    assertThat(g.hasGlobal("REPLICATION SLAVE")).isTrue();
    assertThat(g.hasOnTable("shop", "orders", "SELECT")).isTrue();
  }

  @Test
  void readsGlobalPrivilegeListsAndDatabaseScopedSelect() {
    Grants g =
        Grants.parse(
            "godwit@%",
            List.of(
                "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `godwit`@`%`",
                "GRANT SELECT ON `shop`.* TO `godwit`@`%`"));
    assertThat(g.hasGlobal("REPLICATION SLAVE")).isTrue();
    assertThat(g.hasGlobal("BINLOG MONITOR")).isTrue();
    assertThat(g.hasGlobal("RELOAD")).isFalse();
    assertThat(g.hasOnTable("shop", "orders", "SELECT")).isTrue();
    assertThat(g.hasOnTable("other", "orders", "SELECT")).isFalse();
    assertThat(g.user()).isEqualTo("'godwit'@'%'");
  }

  @Test
  void skipsProxyGrants() {
    Grants g =
        Grants.parse(
            "root@localhost",
            List.of(
                "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION",
                "GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION"));
    assertThat(g.hasGlobal("REPLICATION SLAVE")).isTrue();
  }

  @Test
  void ignoresColumnListsAndTableScopes() {
    Grants g =
        Grants.parse(
            "app@localhost",
            List.of(
                "GRANT USAGE ON *.* TO `app`@`localhost`",
                "GRANT SELECT (`id`, `name`), INSERT ON `shop`.`customers` TO `app`@`localhost`",
                "GRANT SELECT ON `shop`.`orders` TO `app`@`localhost`"));
    assertThat(g.hasOnTable("shop", "orders", "SELECT")).isTrue();
    assertThat(g.hasOnTable("shop", "customers", "SELECT")).isTrue();
    assertThat(g.hasOnTable("shop", "items", "SELECT")).isFalse();
    assertThat(g.summary()).isEqualTo("SELECT, INSERT");
  }
}
