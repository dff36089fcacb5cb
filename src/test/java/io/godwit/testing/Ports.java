package io.godwit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A loopback port free at the moment of asking, for a server a test starts itself (a scratch
 * database, a broker, a control API) whose port must be known before it starts.
 */
public final class Ports {

  private Ports() {}

  /** A port no socket on the loopback address holds now. */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
