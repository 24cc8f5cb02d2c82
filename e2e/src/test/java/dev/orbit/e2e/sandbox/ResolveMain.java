package dev.orbit.e2e.sandbox;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Run in a JVM started like a pod's ({@code -Djdk.net.hosts.file=<pod's hosts>}): prints {@code
 * name=ip[,ip]} for each argument, or {@code name=?}; an argument {@code redis://host:port} prints
 * the reply of a Redis PING sent to it by name.
 */
public final class ResolveMain {
  private ResolveMain() {}

  public static void main(String[] args) throws Exception {
    for (String a : args) {
      if (a.startsWith("redis://")) {
        String[] hp = a.substring("redis://".length()).split(":");
        try (var s = new Socket()) {
          s.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 10_000);
          s.setSoTimeout(30_000);
          OutputStream out = s.getOutputStream();
          out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          var in = new BufferedReader(new InputStreamReader(s.getInputStream(), "US-ASCII"));
          System.out.println(a + "=" + in.readLine());
        } catch (Exception e) {
          System.out.println(a + "=! " + e);
        }
        continue;
      }
      try {
        String[] ips =
            Arrays.stream(InetAddress.getAllByName(a))
                .map(InetAddress::getHostAddress)
                .sorted()
                .toArray(String[]::new);
        System.out.println(a + "=" + String.join(",", ips));
      } catch (Exception e) {
        System.out.println(a + "=?");
      }
    }
  }
}
