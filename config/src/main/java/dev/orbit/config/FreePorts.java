package dev.orbit.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Listen ports for processes started side by side on one host and told their ports before they bind
 * them (test clusters, the sandbox, benchmarks).
 *
 * <p>A port the kernel hands out for {@code bind(0)} comes from its ephemeral range, the range it
 * also takes the local ports of outgoing connections from: between choosing such a port and binding
 * it (or while a member is down for a restart) a client connection or another {@code bind(0)} may
 * take it, and the bind fails with "Address already in use". These ports come from below that
 * range, where nothing takes a port it was not told to; each process starts at a random place in it
 * and hands every port out once, and a port something already listens on is skipped.
 */
public final class FreePorts {
  private static final int FIRST = 10_000;
  private static final Range RANGE = range();
  private static final AtomicInteger NEXT =
      new AtomicInteger(RANGE.size() > 0 ? ThreadLocalRandom.current().nextInt(RANGE.size()) : 0);

  private FreePorts() {}

  /** A port nothing listens on, not handed out before by this process. */
  public static int next() {
    if (RANGE.size() <= 0) {
      return ephemeral();
    }
    for (int tries = 0; tries < RANGE.size(); tries++) {
      int port = RANGE.first() + Math.floorMod(NEXT.getAndIncrement(), RANGE.size());
      if (free(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no free port in " + RANGE.first() + ".." + (RANGE.first() + RANGE.size() - 1));
  }

  /** {@code n} distinct ports, as {@link #next()}. */
  public static int[] next(int n) {
    int[] ports = new int[n];
    for (int i = 0; i < n; i++) {
      ports[i] = next();
    }
    return ports;
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true); // as the servers bind: a closed connection's TIME_WAIT is no owner
      s.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int ephemeral() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Range(int first, int size) {}

  /** From {@value #FIRST} up to the kernel's ephemeral range (Linux); none elsewhere. */
  private static Range range() {
    try {
      String[] lowHigh =
          Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      int low = Integer.parseInt(lowHigh[0]);
      return new Range(FIRST, Math.max(0, low - FIRST));
    } catch (IOException | RuntimeException e) {
      return new Range(FIRST, 0);
    }
  }
}
