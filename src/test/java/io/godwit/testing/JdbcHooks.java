package io.godwit.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/** A test's own code run at a chosen moment of the product's JDBC work. */
public final class JdbcHooks {

  private JdbcHooks() {}

  /** Code a hook runs. */
  @FunctionalInterface
  public interface Hook {
    void run() throws Exception;
  }

  /**
   * {@code pool} as is, except that the first SQL statement run through a {@link Statement} of one
   * of its connections that starts with {@code prefix} (case-insensitive) runs {@code hook} just
   * before it goes to the server. A hook that fails fails that statement.
   */
  public static DataSource beforeFirst(DataSource pool, String prefix, Hook hook) {
    AtomicBoolean fired = new AtomicBoolean();
    String wanted = prefix.toUpperCase(Locale.ROOT);
    return proxy(
        DataSource.class,
        pool,
        (method, result) ->
            method.getName().equals("getConnection")
                ? proxy(
                    Connection.class,
                    result,
                    (m, made) ->
                        m.getName().equals("createStatement")
                            ? hooked((Statement) made, wanted, fired, hook)
                            : made)
                : result);
  }

  private static Statement hooked(
      Statement statement, String prefix, AtomicBoolean fired, Hook hook) {
    return (Statement)
        Proxy.newProxyInstance(
            JdbcHooks.class.getClassLoader(),
            new Class<?>[] {Statement.class},
            (proxy, method, args) -> {
              if (method.getName().startsWith("execute")
                  && args != null
                  && args.length > 0
                  && args[0] instanceof String sql
                  && sql.strip().toUpperCase(Locale.ROOT).startsWith(prefix)
                  && fired.compareAndSet(false, true)) {
                try {
                  hook.run();
                } catch (Exception e) {
                  throw new SQLException("the test's hook before " + sql + " failed: " + e, e);
                }
              }
              return call(statement, method, args);
            });
  }

  /** What a proxy does with the result of each call it passed on. */
  private interface Wrap {
    Object apply(Method method, Object result);
  }

  private static <T> T proxy(Class<T> type, Object target, Wrap wrap) {
    return type.cast(
        Proxy.newProxyInstance(
            JdbcHooks.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> wrap.apply(method, call(target, method, args))));
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
