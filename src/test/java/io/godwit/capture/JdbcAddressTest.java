package io.godwit.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.config.Redaction;
import org.junit.jupiter.api.Test;

class JdbcAddressTest {

  static JdbcAddress parse(String url) {
    return JdbcAddress.parse(url, "source.url", Redaction.NONE);
  }

  @Test
  void hostPortAndDatabaseComeFromEachEnginesUrl() {
    assertThat(parse("jdbc:mariadb://db1.example.com:3307/shop?useSsl=true"))
        .isEqualTo(new JdbcAddress("db1.example.com", 3307, "shop"));
    assertThat(parse("jdbc:mysql://10.0.0.5/shop"))
        .isEqualTo(new JdbcAddress("10.0.0.5", 3306, "shop"));
    assertThat(parse("jdbc:postgresql://127.0.0.1:5433/shop"))
        .isEqualTo(new JdbcAddress("127.0.0.1", 5433, "shop"));
    assertThat(parse("jdbc:postgresql://pg/shop")).isEqualTo(new JdbcAddress("pg", 5432, "shop"));
  }

  @Test
  void shortFormsIPv6AndEncodedNamesAreUnderstood() {
    assertThat(parse("jdbc:postgresql:shop")).isEqualTo(new JdbcAddress("localhost", 5432, "shop"));
    assertThat(parse("jdbc:postgresql://[::1]:5432/my%20shop"))
        .isEqualTo(new JdbcAddress("::1", 5432, "my shop"));
    assertThat(parse("jdbc:mariadb://[fe80::1]/shop"))
        .isEqualTo(new JdbcAddress("fe80::1", 3306, "shop"));
    assertThat(parse("jdbc:mariadb://h:3306/")).isEqualTo(new JdbcAddress("h", 3306, null));
    assertThat(parse("jdbc:mysql://h")).isEqualTo(new JdbcAddress("h", 3306, null));
    assertThat(parse("jdbc:mariadb:sequential://h:3310/shop"))
        .isEqualTo(new JdbcAddress("h", 3310, "shop"));
  }

  @Test
  void aUrlThatCannotBeCapturedFromIsRefusedNamingTheKeyWithThePasswordMasked() {
    assertThatThrownBy(() -> parse("jdbc:mariadb://a:3306,b:3306/shop"))
        .hasMessageStartingWith(
            "source.url 'jdbc:mariadb://a:3306,b:3306/shop' names several hosts")
        .hasMessageContaining("fix:");
    assertThatThrownBy(() -> parse("jdbc:postgresql://pg:5432/?password=hunter2"))
        .hasMessageContaining("names no database")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> parse("jdbc:mysql://h:99999/shop"))
        .hasMessageContaining("port '99999'");
    assertThatThrownBy(() -> parse("jdbc:oracle:thin:@h:1521/x"))
        .hasMessageContaining("does not start with jdbc:mariadb:");
    assertThatThrownBy(() -> parse("jdbc:mariadb:shop")).hasMessageContaining("is not of the form");
  }
}
