package io.godwit.config;

import java.util.Map;

/** Shared migration-file snippets for the config tests. */
final class Fixtures {

  static final String MINIMAL =
      """
      name: shop
      source: { url: "jdbc:mariadb://127.0.0.1:3306/shop", user: root }
      target: { url: "jdbc:postgresql://127.0.0.1:5432/shop", user: postgres }
      """;

  private Fixtures() {}

  /** A loader that sees only the given environment variables. */
  static ConfigLoader loader(Map<String, String> env) {
    return new ConfigLoader(env::get);
  }

  static MigrationConfig load(String yaml) {
    return loader(Map.of()).load(yaml, "shop.yaml");
  }

  /** The minimal file plus {@code extra} top-level YAML. */
  static MigrationConfig loadMinimalWith(String extra) {
    return load(MINIMAL + extra);
  }
}
