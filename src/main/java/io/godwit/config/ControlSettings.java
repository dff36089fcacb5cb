package io.godwit.config;

import java.util.Objects;

/**
 * The control API of a running migration.
 *
 * @param listen address the API listens on
 * @param token bearer token callers must present; empty for none (loopback addresses only)
 */
public record ControlSettings(HostPort listen, Secret token) {

  public ControlSettings {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(token, "token");
  }
}
