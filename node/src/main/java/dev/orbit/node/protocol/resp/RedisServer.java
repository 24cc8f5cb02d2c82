package dev.orbit.node.protocol.resp;

import dev.orbit.node.metrics.NodeMetrics;
import dev.orbit.node.protocol.ListenerOptions;
import dev.orbit.node.protocol.NettyListener;
import dev.orbit.node.protocol.ProtocolServer;
import dev.orbit.node.protocol.Refusal;
import dev.orbit.node.storage.ProtocolStore;
import java.time.Clock;

/** The Redis (RESP2) listener over the {@code redis} protocol store. */
public final class RedisServer implements ProtocolServer {
  public static final String PROTOCOL = "redis";

  private final NettyListener listener;

  public RedisServer(
      String host,
      int port,
      ProtocolStore store,
      NodeMetrics metrics,
      Clock clock,
      ListenerOptions options) {
    long started = clock.millis();
    NettyListener[] self = new NettyListener[1];
    RedisCommands commands =
        new RedisCommands(
            store,
            clock,
            new RedisCommands.ServerInfo() {
              @Override
              public int port() {
                return self[0].port();
              }

              @Override
              public long startedAtMillis() {
                return started;
              }

              @Override
              public int connectedClients() {
                return self[0].connections();
              }
            });
    NodeMetrics.Requests requests = metrics.requests(PROTOCOL);
    this.listener =
        new NettyListener(
            PROTOCOL,
            host,
            port,
            // no AUTH yet: a connection counts as logged in once it sent a complete command
            options
                .refusal(Refusal.message("-ERR max number of clients reached\r\n"))
                .firstMessageAuthenticates(true),
            ch -> ch.pipeline().addLast(new RespDecoder(), new RespHandler(commands, requests)));
    self[0] = listener;
  }

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public int port() {
    return listener.port();
  }

  @Override
  public boolean serving() {
    return listener.serving();
  }

  @Override
  public void close() {
    listener.close();
  }
}
