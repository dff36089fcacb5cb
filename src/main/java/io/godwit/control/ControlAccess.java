package io.godwit.control;

import com.sun.net.httpserver.HttpExchange;
import io.godwit.config.HostPort;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call the {@link ControlServer}: requests whose {@code Host} it answers, the reads {@code
 * control.read-token} guards and the mutating calls {@code control.token} guards.
 */
final class ControlAccess {

  private static final Logger log = LoggerFactory.getLogger(ControlAccess.class);

  /**
   * What {@code control.read-token} guards: the status page and the API's reads. Probes and {@code
   * /metrics} (names and figures only, no rows or errors) stay open for Kubernetes and Prometheus.
   */
  private static final Set<String> READS =
      Set.of(
          "GET /",
          "GET /index.html",
          "GET /godwit.js",
          "GET /godwit.css",
          "GET /api/status",
          "GET /api/cutover",
          "GET /api/rollback");

  private final byte[] token;
  private final byte[] readToken;
  private final Set<String> allowedHosts;

  ControlAccess(String token, String readToken, List<String> allowedHosts) {
    this.token = token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
    this.readToken = readToken.isEmpty() ? null : readToken.getBytes(StandardCharsets.UTF_8);
    this.allowedHosts =
        allowedHosts.stream()
            .map(name -> name.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether {@code control.token} is set: without it mutating calls are refused. */
  boolean hasToken() {
    return token != null;
  }

  /** Whether {@code control.read-token} is set: with it the reads need a token. */
  boolean hasReadToken() {
    return readToken != null;
  }

  /**
   * Answers only requests whose {@code Host} is an IP address, {@code localhost} or a name in
   * {@code control.allowed-hosts}: a web page that rebinds its own name to this address cannot read
   * or call the API from the operator's browser.
   */
  void checkHost(HttpExchange exchange) throws HttpError {
    List<String> headers = exchange.getRequestHeaders().get("Host");
    String header = headers == null || headers.size() != 1 ? null : headers.get(0).strip();
    String name = header == null ? null : hostName(header);
    if (name != null
        && (HostPort.isIpLiteral(name)
            || name.equalsIgnoreCase("localhost")
            || allowedHosts.contains(name.toLowerCase(Locale.ROOT)))) {
      return;
    }
    String given = header == null ? "no single Host header" : "Host '" + header + "'";
    log.warn(
        "Refused {} {} from {}: {}",
        exchange.getRequestMethod(),
        exchange.getRequestURI().getPath(),
        exchange.getRemoteAddress(),
        given);
    throw new HttpError(
        421,
        given
            + " is not an IP address, localhost or a name in control.allowed-hosts; fix: reach"
            + " the API by its address, or add the name to control.allowed-hosts");
  }

  /** The host of a {@code Host} header, {@code host}, {@code host:port} or {@code [v6]:port}. */
  private static String hostName(String header) {
    String host = header;
    String port = "";
    if (header.startsWith("[")) {
      int close = header.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = header.substring(1, close);
      port = header.substring(close + 1);
      return (port.isEmpty() || port.matches(":\\d{1,5}")) && host.contains(":") ? host : null;
    }
    int colon = header.indexOf(':');
    if (colon >= 0) {
      host = header.substring(0, colon);
      port = header.substring(colon);
    }
    return port.isEmpty() || port.matches(":\\d{1,5}") ? host : null;
  }

  /**
   * With {@code control.read-token} set, {@code request} ({@code METHOD /path}) among the status
   * page and the API's reads needs it (or {@code control.token}) as a bearer token, or as the
   * password of HTTP Basic, which a browser asks the person for.
   */
  void authorizeRead(HttpExchange exchange, String request) throws HttpError {
    if (readToken == null || !READS.contains(request)) {
      return;
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    byte[] given = new byte[0];
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    } else if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      given = basicPassword(header.substring(6).strip());
    }
    if (MessageDigest.isEqual(readToken, given)
        || (token != null && MessageDigest.isEqual(token, given))) {
      return;
    }
    log.warn(
        "Refused GET {} from {}: {}",
        exchange.getRequestURI().getPath(),
        exchange.getRemoteAddress(),
        header == null ? "no Authorization header" : "wrong read token");
    exchange
        .getResponseHeaders()
        .set("WWW-Authenticate", "Basic realm=\"godwit\", charset=\"UTF-8\"");
    throw new HttpError(
        401,
        "reading needs control.read-token: send 'Authorization: Bearer <control.read-token>'"
            + " (a browser asks for it: any user name, the token as password)");
  }

  /** The password of an HTTP Basic credential; nothing when it is not one. */
  private static byte[] basicPassword(String credential) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(credential);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
    String userAndPassword = new String(decoded, StandardCharsets.UTF_8);
    int colon = userAndPassword.indexOf(':');
    return colon < 0
        ? new byte[0]
        : userAndPassword.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
  }

  /** Mutating calls need {@code control.token} as a bearer token; none is refused. */
  void authorize(HttpExchange exchange) throws HttpError {
    String remote = String.valueOf(exchange.getRemoteAddress());
    String path = exchange.getRequestURI().getPath();
    if (token == null) {
      log.warn("Refused POST {} from {}: no control.token is configured", path, remote);
      throw new HttpError(
          403,
          "mutating calls are refused because no control.token is configured; fix: set"
              + " control.token in the migration file (e.g. ${env:GODWIT_TOKEN}) and restart");
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    // The scheme is case-insensitive (RFC 7235): Bearer, bearer and BEARER are one.
    byte[] given =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    if (!MessageDigest.isEqual(token, given)) {
      log.warn(
          "Refused POST {} from {}: {}",
          path,
          remote,
          header == null ? "no Authorization header" : "wrong bearer token");
      throw new HttpError(
          401, "a valid 'Authorization: Bearer <control.token>' header is required");
    }
  }
}
