package io.godwit.config;

import java.util.List;
import java.util.Objects;

/**
 * The control API of a running migration.
 *
 * @param listen address the API listens on
 * @param token bearer token callers must present; empty for none (loopback addresses only)
 * @param allowedHosts host names, besides IP literals and {@code localhost}, that requests may name
 *     in their {@code Host} header
 */
public record ControlSettings(HostPort listen, Secret token, List<String> allowedHosts) {

  public ControlSettings {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(token, "token");
    allowedHosts = List.copyOf(allowedHosts);
  }
}
