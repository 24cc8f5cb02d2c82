package dev.orbit.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class WarnLogTest {
  /** A logger that keeps the format of every warn call. */
  static Logger capturing(List<String> lines) {
    return (Logger)
        Proxy.newProxyInstance(
            Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class},
            (proxy, method, args) -> {
              if (method.getName().equals("warn")) {
                lines.add(String.valueOf(args[0]));
              }
              return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
            });
  }

  @Test
  void aFloodOfWarningsIsCutToTheWindowsShare() {
    List<String> lines = new ArrayList<>();
    WarnLog log = new WarnLog(capturing(lines));
    for (int i = 0; i < 1000; i++) {
      log.warn("refused connection from {}", "/10.0.0." + i);
    }
    assertEquals(WarnLog.PER_WINDOW, lines.size(), "the rest are held back and counted");
  }
}
