package io.godwit.testing;

import io.godwit.config.ConfigLoader;
import io.godwit.config.MigrationConfig;

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
    return """
        name: %s
        source: { url: "%s", user: "%s", password: "%s" }
        target: { url: "%s", user: "%s", password: "" }
        %s
        """
        .formatted(name, sourceUrl, sourceUser, sourcePassword, target.url(), target.user(), extra);
  }

  public static MigrationConfig config(
      String name, TestDatabase source, TestDatabase target, String extra) {
    return new ConfigLoader().load(yaml(name, source, target, extra), name + ".yaml");
  }
}
