package io.godwit.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A listen address, {@code host:port}; an IPv6 host is written in brackets, {@code [::1]:7878}.
 * Port 0 asks the system for any free port: an embedded server that reports the port it bound takes
 * it, but configuration refuses it, since {@code godwit status} and {@code godwit cutover} connect
 * to the port written in {@code control.listen}.
 */
public record HostPort(String host, int port) {

  private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /**
   * True when {@code host} is written as an IPv4 or IPv6 address (without brackets), never looking
   * a name up.
   */
  public static boolean isIpLiteral(String host) {
    if (IPV4.matcher(host).matches()) {
      return true;
    }
    if (!IPV6.matcher(host).matches()) {
      return false;
    }
    try {
      // A string with a colon is parsed as an IPv6 literal, never resolved.
      InetAddress.getByName(host);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public HostPort {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
    }
  }

  /**
   * True when every address {@code host} resolves to is a loopback address: reachable from this
   * host only. A name that does not resolve is not loopback; {@code 127.attacker.example} is only
   * loopback while its name resolves to loopback addresses alone.
   */
  public boolean isLoopback() {
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      return addresses.length > 0
          && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  static HostPort parse(String text) throws InvalidValueException {
    String fix = "write host:port, e.g. 127.0.0.1:7878 or [::1]:7878";
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new InvalidValueException("'" + text + "' has no port", fix);
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new InvalidValueException("'" + text + "' has an IPv6 host without brackets", fix);
    }
    if (host.isEmpty()) {
      throw new InvalidValueException("'" + text + "' has no host", fix);
    }
    String port = text.substring(colon + 1);
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
      throw new InvalidValueException(
          "'" + text + "' has port '" + port + "', which is not between 1 and 65535", fix);
    }
    if (Integer.parseInt(port) == 0) {
      throw new InvalidValueException(
          "'"
              + text
              + "' has port 0 (any free port), but godwit status and godwit cutover connect"
              + " to the port written here",
          "write a fixed port, e.g. 127.0.0.1:7878");
    }
    return new HostPort(host, Integer.parseInt(port));
  }
}
