package dev.orbit.node.protocol;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Shutdown does not hang on an event loop wedged in a request (the ignored SIGTERM). */
class NettyListenerIT {
  @Test
  void closingWithAWedgedLoopFailsInsteadOfHanging() throws Exception {
    CountDownLatch wedged = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    NettyListener l =
        new NettyListener(
            "test",
            "127.0.0.1",
            0,
            ListenerOptions.defaults().ioThreads(1),
            ch ->
                ch.pipeline()
                    .addLast(
                        new ChannelInboundHandlerAdapter() {
                          @Override
                          public void channelActive(ChannelHandlerContext ctx) {
                            wedged.countDown();
                            try {
                              release.await(5, TimeUnit.MINUTES); // a request that never ends
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                            }
                          }
                        }));
    try (Socket client = new Socket("127.0.0.1", l.port())) {
      assertTrue(wedged.await(30, TimeUnit.SECONDS));
      IllegalStateException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(120), () -> assertThrows(IllegalStateException.class, l::close));
      assertTrue(e.getMessage().contains("did not stop"), e.getMessage());
    } finally {
      release.countDown();
    }
  }
}
