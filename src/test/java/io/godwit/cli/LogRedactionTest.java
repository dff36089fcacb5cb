package io.godwit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.read.ListAppender;
import io.godwit.config.ConfigLoader;
import java.net.URL;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The log as shipped ({@code logback.xml}) masks the values of references in messages and in the
 * messages of a logged exception's chain, as a driver or Debezium would write them.
 */
class LogRedactionTest {

  @Test
  void theShippedLogMasksReferenceValuesInMessagesAndStackTraces() throws Exception {
    String marker = "m4rker" + Long.toHexString(new SecureRandom().nextLong());
    new ConfigLoader(Map.of("CA", "/etc/" + marker + "/ca.pem")::get)
        .load(
            """
            name: shop
            source: { url: "jdbc:mariadb://127.0.0.1:3306/shop?serverSslCert=${env:CA}", user: root }
            target: { url: "jdbc:postgresql://127.0.0.1:5432/shop", user: postgres }
            """,
            "shop.yaml");

    URL shipped = LogRedactionTest.class.getClassLoader().getResource("logback.xml");
    assertThat(shipped).as("src/main/resources/logback.xml on the class path").isNotNull();
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(shipped);
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Layout<ILoggingEvent> layout =
        ((LayoutWrappingEncoder<ILoggingEvent>)
                ((OutputStreamAppender<ILoggingEvent>) root.getAppender("STDERR")).getEncoder())
            .getLayout();
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.setContext(context);
    events.start();
    root.addAppender(events);
    Logger log = context.getLogger("io.debezium.connector.binlog.BinlogConnectorTask");
    log.warn("Failed to find serverSslCert file. serverSslCert=/etc/{}/ca.pem", marker);
    log.error(
        "Error during binlog processing",
        new IllegalStateException(
            "cannot connect",
            new SQLException("Failed to find serverSslCert file /etc/" + marker + "/ca.pem")));
    context.stop();
    StringBuilder printed = new StringBuilder();
    events.list.forEach(event -> printed.append(layout.doLayout(event)));
    assertThat(printed.toString())
        .contains("serverSslCert=******")
        .contains("Caused by: java.sql.SQLException: Failed to find serverSslCert file ******")
        .doesNotContain(marker);
  }
}
