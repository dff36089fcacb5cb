package io.godwit.config;

import static io.godwit.config.ConfigKey.Secrecy.SECRET;
import static io.godwit.config.ConfigKey.Secrecy.SECRET_ENTRIES;
import static io.godwit.config.ConfigKey.Secrecy.URL;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The keys of one endpoint section, {@link ConfigKeys#SOURCE} or {@link ConfigKeys#TARGET}. */
public final class EndpointKeys {
  public final ConfigKey<String> url;
  public final ConfigKey<String> user;
  public final ConfigKey<Secret> password;
  public final ConfigKey<String> schema;
  public final ConfigKey<Map<String, String>> properties;
  public final ConfigKey<Integer> poolSize;

  EndpointKeys(
      String section,
      String role,
      String exampleUrl,
      String exampleUser,
      Function<MigrationConfig, Endpoint> endpoint) {
    url =
        ConfigKey.create(section + ".url", ValueType.JDBC_URL)
            .required(exampleUrl)
            .withValidation(Checks.jdbcUrl())
            .withSecrecy(URL)
            .withDescription(
                "JDBC URL of "
                    + role
                    + ", starting `jdbc:postgresql:`, `jdbc:mysql:` or `jdbc:mariadb:`; a"
                    + " password in it is masked in output.")
            .readFrom(c -> endpoint.apply(c).url());
    user =
        ConfigKey.create(section + ".user", ValueType.STRING)
            .required(exampleUser)
            .withValidation(Checks.nonEmpty(exampleUser))
            .withDescription("User name Godwit logs in to " + role + " with.")
            .readFrom(c -> endpoint.apply(c).user());
    password =
        ConfigKey.create(section + ".password", ValueType.SECRET)
            .withDefault(Secret.empty())
            .withSecrecy(SECRET)
            .withDescription(
                "Password of `" + section + ".user`; use `${env:NAME}` or `${file:/path}`.")
            .readFrom(c -> endpoint.apply(c).password());
    schema =
        ConfigKey.create(section + ".schema", ValueType.STRING)
            .withNoDefault("PostgreSQL: `public`; MySQL/MariaDB: the URL's database")
            .withValidation(Checks.nonEmpty("public"))
            .withDescription("Schema (MySQL: database) of " + role + ".")
            .readFrom(c -> endpoint.apply(c).schema());
    properties =
        ConfigKey.create(section + ".properties", ValueType.STRING_MAP)
            .withDefault(Map.of())
            .withSecrecy(SECRET_ENTRIES)
            .withDescription(
                "Extra JDBC driver properties; values of keys containing `password` are"
                    + " masked in output.")
            .readFrom(c -> endpoint.apply(c).properties());
    poolSize =
        ConfigKey.create(section + ".pool-size", ValueType.INT)
            .withDefault(4)
            .withValidation(Checks.between(1, 64))
            .withDescription("Connections in the pool for " + role + " (1 to 64).")
            .readFrom(c -> endpoint.apply(c).poolSize());
  }

  List<ConfigKey<?>> all() {
    return List.of(url, user, password, schema, properties, poolSize);
  }
}
