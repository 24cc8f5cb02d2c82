package dev.orbit.e2e.attack;

import static dev.orbit.e2e.attack.Attack.mib;
import static dev.orbit.e2e.attack.Attack.seconds;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Attacks on connections: floods of half-sent logins, stalled and huge HTTP requests. */
final class ConnectionAttacks {
  private ConnectionAttacks() {}

  static List<Attack> all() {
    return List.of(
        new Attack("connection-flood", "hardening", ConnectionAttacks::flood),
        new Attack("stalled-http", "hardening", ConnectionAttacks::stalledHttp),
        new Attack("huge-http-body", "hardening", ConnectionAttacks::hugeBody));
  }

  static Socket open(Attack.Ctx c, int port, byte[] first) throws IOException {
    Socket s = c.track(new Socket());
    s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
    if (first.length > 0) {
      s.getOutputStream().write(first);
      s.getOutputStream().flush();
    }
    return s;
  }

  /** Whether the server has closed {@code s} (reads until end of stream, up to a deadline). */
  static boolean closedByServer(Socket s, long deadlineNanos) {
    try {
      InputStream in = s.getInputStream();
      byte[] buf = new byte[512];
      while (true) {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        s.setSoTimeout((int) Math.max(1, left));
        if (in.read(buf) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset: closed
    }
  }

  /** 1,100 half-sent startup packets and 1,100 half-sent commands, more than the fd limit. */
  static String flood(Attack.Ctx c) throws Exception {
    long start = System.nanoTime();
    List<Socket> flood = new ArrayList<>();
    int failedToConnect = 0;
    byte[] halfStartup = {0, 0, 0, 40, 0, 3};
    byte[] halfCommand = "*2\r\n$3\r\nGET\r\n$5\r\nab".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 1100; i++) {
      try {
        flood.add(open(c, c.node.postgres, halfStartup));
        flood.add(open(c, c.node.redis, halfCommand));
      } catch (IOException e) {
        failedToConnect++;
      }
    }
    long fdsDuringFlood = c.node.openFds();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    int closed = 0;
    for (Socket s : flood) {
      closed += closedByServer(s, deadline) ? 1 : 0;
    }
    return flood.size()
        + " connections held (connect failed: "
        + failedToConnect
        + "); node fds during flood "
        + fdsDuringFlood
        + "; "
        + closed
        + " closed by the node (limit or authenticationTimeout) in "
        + seconds(start);
  }

  /** Two stalled request lines, a body that never comes, and 100 idle connections. */
  static String stalledHttp(Attack.Ctx c) throws Exception {
    long start = System.nanoTime();
    List<Socket> stalled = new ArrayList<>();
    stalled.add(open(c, c.node.admin, "GET /livez HT".getBytes(StandardCharsets.US_ASCII)));
    stalled.add(open(c, c.node.admin, "GET /readyz HT".getBytes(StandardCharsets.US_ASCII)));
    stalled.add(
        open(
            c,
            c.node.admin,
            ("POST /v1/backups HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + TargetNode.TOKEN
                    + "\r\nContent-Length: 1000\r\n\r\n0123456789")
                .getBytes(StandardCharsets.US_ASCII)));
    for (int i = 0; i < 100; i++) {
      stalled.add(open(c, c.node.admin, new byte[0]));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int closed = 0;
    for (Socket s : stalled) {
      closed += closedByServer(s, deadline) ? 1 : 0;
    }
    return closed
        + "/"
        + stalled.size()
        + " stalled connections closed by the node in "
        + seconds(start);
  }

  /** A POST announcing 600 MiB, then sending it. */
  static String hugeBody(Attack.Ctx c) throws Exception {
    long rssBefore = c.node.rssBytes();
    long start = System.nanoTime();
    Socket s = open(c, c.node.admin, new byte[0]);
    OutputStream out = s.getOutputStream();
    out.write(
        ("POST /v1/backups HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + TargetNode.TOKEN
                + "\r\nContent-Length: "
                + (600L << 20)
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    byte[] chunk = new byte[1 << 20];
    long sent = 0;
    try {
      for (int i = 0; i < 600; i++) {
        out.write(chunk);
        sent += chunk.length;
      }
    } catch (IOException closedWhileSending) {
      // the node answered and closed
    }
    s.setSoTimeout(30_000);
    String answer;
    try {
      answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      answer = "(" + e.getMessage() + ")";
    }
    return "answer '"
        + answer.strip()
        + "' after sending "
        + mib(sent)
        + " in "
        + seconds(start)
        + "; node RSS "
        + mib(rssBefore)
        + " -> "
        + mib(c.node.rssBytes());
  }
}
