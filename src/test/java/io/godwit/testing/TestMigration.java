package io.godwit.testing;

import io.godwit.config.ConfigLoader;
import io.godwit.config.MigrationConfig;
import io.godwit.engine.Engine;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** A migration file between two test databases, with optional extra YAML. */
public final class TestMigration {

  private TestMigration() {}

  public static String yaml(String name, TestDatabase source, TestDatabase target, String extra) {
    return yaml(name, source.url(), source.user(), "", target, extra);
  }

  public static String yaml(
      String name,
      String sourceUrl,
      String sourceUser,
      String sourcePassword,
      TestDatabase target,
      String extra) {
    return yaml(name, sourceUrl, sourceUser, sourcePassword, target.url(), target.user(), extra);
  }

  /** A migration file between two servers named by URL, the target's user with no password. */
  public static String yaml(
      String name,
      String sourceUrl,
      String sourceUser,
      String sourcePassword,
      String targetUrl,
      String targetUser,
      String extra) {
    return """
        name: %s
        source: { url: "%s", user: "%s", password: "%s" }
        target: { url: "%s", user: "%s", password: "" }
        %s
        """
        .formatted(name, sourceUrl, sourceUser, sourcePassword, targetUrl, targetUser, extra);
  }

  public static MigrationConfig config(
      String name, TestDatabase source, TestDatabase target, String extra) {
    return new ConfigLoader().load(yaml(name, source, target, extra), name + ".yaml");
  }

  /**
   * A migration name no other run uses ({@code prefix_engine_random}): the MariaDB state store is
   * one database shared by every migration of the server.
   */
  public static String uniqueName(String prefix, Engine engine) {
    return "%s_%s_%s"
        .formatted(
            prefix,
            engine.name().toLowerCase(Locale.ROOT),
            Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 20));
  }
}
