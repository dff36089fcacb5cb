package io.godwit.config;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.godwit.engine.Engine;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A database Godwit connects to: the migration's source or target.
 *
 * @param url JDBC URL; serialised with any password masked
 * @param schema the schema to read or write, or null to derive it: {@code public} on PostgreSQL,
 *     the URL's database on MySQL and MariaDB
 * @param properties extra JDBC driver properties; password-like ones are masked when serialised
 * @param poolSize connections in this endpoint's pool
 */
public record Endpoint(
    @JsonSerialize(using = Masking.UrlSerializer.class) String url,
    String user,
    Secret password,
    String schema,
    @JsonSerialize(using = Masking.PropertiesSerializer.class) Map<String, String> properties,
    int poolSize) {

  public Endpoint {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** The engine named by the URL's prefix. */
  public Engine engine() {
    return Engine.fromUrl(url)
        .orElseThrow(
            () -> new IllegalStateException("not a supported JDBC URL: " + Masking.maskUrl(url)));
  }
}
