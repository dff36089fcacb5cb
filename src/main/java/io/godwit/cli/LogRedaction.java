package io.godwit.cli;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.godwit.config.Redaction;

/**
 * The log's message and stack trace with the values of the migration file's {@code ${env:}} and
 * {@code ${file:}} references masked ({@link Redaction#loaded()}): a driver, Debezium or Kafka may
 * repeat a host, a path or a mode taken from them. {@code logback.xml} names these as {@code
 * %maskedMsg} and {@code %maskedEx}.
 */
public final class LogRedaction {

  private LogRedaction() {}

  /** {@code %maskedMsg}: the formatted message, masked. */
  public static final class Message extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
      return Redaction.loaded().apply(super.convert(event));
    }
  }

  /** {@code %maskedEx}: the stack trace, messages masked. */
  public static final class StackTrace extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
      return Redaction.loaded().apply(super.throwableProxyToString(proxy));
    }
  }
}
