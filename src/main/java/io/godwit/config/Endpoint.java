package io.godwit.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.godwit.engine.Engine;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A database Godwit connects to: the migration's source or target.
 *
 * @param url JDBC URL; serialised as {@code shownUrl}
 * @param user serialised as {@code shownUser}
 * @param schema the schema to read or write, or null to derive it: {@code public} on PostgreSQL,
 *     the URL's database on MySQL and MariaDB
 * @param properties extra JDBC driver properties; password-like ones are masked when serialised
 * @param poolSize connections in this endpoint's pool
 * @param shownUrl the URL as it may be printed: passwords and values from references masked
 * @param shownUser the user as it may be printed: masked when it came from a reference
 * @param redaction masks the values of the migration file's references in a driver's messages
 */
public record Endpoint(
    @JsonIgnore String url,
    @JsonIgnore String user,
    Secret password,
    String schema,
    @JsonSerialize(using = Masking.PropertiesSerializer.class) Map<String, String> properties,
    int poolSize,
    @JsonProperty("url") String shownUrl,
    @JsonProperty("user") String shownUser,
    @JsonIgnore Redaction redaction) {

  public Endpoint {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(shownUrl, "shownUrl");
    Objects.requireNonNull(shownUser, "shownUser");
    Objects.requireNonNull(redaction, "redaction");
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /**
   * This endpoint's login, schema and driver properties at another URL, on {@code connections}
   * connections: a replica of this database ({@code snapshot.replica-url}).
   */
  public Endpoint at(String otherUrl, int connections) {
    return new Endpoint(
        otherUrl,
        user,
        password,
        schema,
        properties,
        connections,
        Masking.maskUrl(redaction.apply(otherUrl)),
        shownUser,
        redaction);
  }

  /** The engine named by the URL's prefix. */
  public Engine engine() {
    return Engine.fromUrl(url)
        .orElseThrow(
            () -> new GodwitException(ErrorCode.CONFIG, "not a supported JDBC URL: " + shownUrl));
  }
}
