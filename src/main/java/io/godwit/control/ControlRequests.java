package io.godwit.control;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * What a request to the {@link ControlServer} asks for, read from its path, query and body, or
 * refused with a 400 that says what to send instead.
 */
final class ControlRequests {

  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final String TABLES = "/api/tables/";
  private static final String RESNAPSHOT = "/resnapshot";

  private ControlRequests() {}

  /** Whether {@code path} is {@code /api/tables/{t}/resnapshot}. */
  static boolean isResnapshot(String path) {
    return path.startsWith(TABLES) && path.endsWith(RESNAPSHOT);
  }

  /** The table of {@code POST /api/tables/{t}/resnapshot}, its source name (decoded). */
  static String resnapshotTable(String path) throws HttpError {
    String table = path.substring(TABLES.length(), path.length() - RESNAPSHOT.length());
    if (table.isBlank() || table.contains("/")) {
      throw new HttpError(
          400,
          ("name one table by its source name, as GET /api/status lists it:"
                  + " POST %s<table>%s, found %s")
              .formatted(TABLES, RESNAPSHOT, path));
    }
    return table;
  }

  /**
   * The tables a pause or resume names: {@code tables} (at least one, each a non-empty name), or
   * every table for {@code all: true} (empty list); both or neither is refused.
   */
  static List<String> applyTables(RequestBody.Tables body) throws HttpError {
    boolean all = Boolean.TRUE.equals(body.all());
    if (body.all() != null && !all) {
      throw new HttpError(
          400,
          "field 'all' may only be true; name the tables instead, send e.g. "
              + RequestBody.TABLES.form());
    }
    if (all == (body.tables() != null)) {
      throw new HttpError(
          400,
          "send either 'tables' or 'all', not %s; send e.g. %s"
              .formatted(all ? "both" : "neither", RequestBody.TABLES.form()));
    }
    if (all) {
      return List.of();
    }
    if (body.tables().isEmpty() || body.tables().stream().anyMatch(t -> t == null || t.isBlank())) {
      throw new HttpError(
          400,
          "field 'tables' must name at least one table, each a non-empty name, found %s; send e.g. %s"
              .formatted(body.tables(), RequestBody.TABLES.form()));
    }
    return body.tables();
  }

  /** The seconds of {@code ?timeout=} a drain waits at most; 60 without. */
  static long timeoutSeconds(URI uri) throws HttpError {
    String query = uri.getRawQuery();
    if (query == null) {
      return 60;
    }
    for (String part : query.split("&")) {
      if (part.startsWith("timeout=")) {
        long seconds;
        try {
          seconds = Long.parseLong(part.substring(8));
        } catch (NumberFormatException e) {
          seconds = 0;
        }
        if (seconds <= 0 || seconds > ControlServer.MAX_DRAIN.toSeconds()) {
          throw new HttpError(
              400,
              "timeout must be a number of seconds from 1 to %d, found %s"
                  .formatted(ControlServer.MAX_DRAIN.toSeconds(), part));
        }
        return seconds;
      }
    }
    return 60;
  }

  /** The body read in {@code shape}, refused when longer than 64 KiB. */
  static <T> T body(HttpExchange exchange, RequestBody.Shape<T> shape)
      throws IOException, HttpError {
    byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new HttpError(
          400,
          "the body is longer than %d bytes; send e.g. %s".formatted(MAX_BODY_BYTES, shape.form()));
    }
    return RequestBody.read(bytes, shape);
  }
}
