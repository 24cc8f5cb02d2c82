package dev.orbit.node.protocol.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.node.TestNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** requirepass from auth.users: AUTH, AUTH user pass, HELLO AUTH, and the errors Redis gives. */
class RedisAuthIT {
  @TempDir Path dir;
  TestNode node;

  @BeforeEach
  void start() {
    node = TestNode.start(dir, "auth.users.orbit=s3cret", "auth.users.app=apppass");
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private Jedis client() {
    return new Jedis("127.0.0.1", node.redisPort(), 60_000);
  }

  @Test
  void commandsBeforeAuthAreRefusedAndAWrongPasswordIsNamed() {
    try (Jedis j = client()) {
      JedisDataException e = assertThrows(JedisDataException.class, j::ping);
      assertEquals("NOAUTH Authentication required.", e.getMessage());
      e = assertThrows(JedisDataException.class, () -> j.auth("wrong"));
      assertEquals("WRONGPASS invalid username-password pair or user is disabled.", e.getMessage());
      e = assertThrows(JedisDataException.class, () -> j.auth("nobody", "s3cret"));
      assertEquals("WRONGPASS invalid username-password pair or user is disabled.", e.getMessage());
      assertEquals("OK", j.auth("s3cret"));
      assertEquals("PONG", j.ping());
      assertEquals("OK", j.set("k", "v"));
    }
    try (Jedis j = client()) {
      assertEquals("OK", j.auth("app", "apppass"));
      assertEquals("v", j.get("k"));
    }
  }

  @Test
  void helloAuthenticatesAndSwitchesToResp3() {
    try (Jedis j = client()) {
      Object hello =
          j.sendCommand(redis.clients.jedis.Protocol.Command.HELLO, "3", "AUTH", "orbit", "s3cret");
      assertTrue(hello instanceof java.util.List<?> || hello instanceof Map<?, ?>, "" + hello);
      assertEquals("PONG", j.ping());
    }
  }

  @Test
  void anUnauthenticatedClientMaySendOnlySmallRequests() throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", node.redisPort())) {
      s.setSoTimeout(60_000);
      StringBuilder req = new StringBuilder("*11\r\n");
      for (int i = 0; i < 11; i++) {
        req.append("$1\r\nx\r\n");
      }
      s.getOutputStream()
          .write(req.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String reply =
          new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
      assertEquals("-ERR Protocol error: unauthenticated multibulk length\r\n", reply);
    }
  }

  @Test
  void redisCliAuthenticatesWithAPassword() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(RedisToolsIT.installed("redis-cli"));
    String out =
        RedisToolsIT.run(
            java.util.List.of(
                "redis-cli",
                "-p",
                Integer.toString(node.redisPort()),
                "-a",
                "s3cret",
                "--no-auth-warning",
                "PING"),
            null);
    assertEquals("PONG", out.trim());
  }
}
