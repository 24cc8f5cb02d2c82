package dev.orbit.node.protocol.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.datastax.oss.protocol.internal.response.error.Unavailable;
import com.datastax.oss.protocol.internal.response.error.WriteTimeout;
import dev.orbit.node.storage.NotLeaderException;
import dev.orbit.node.storage.UnconfirmedWriteException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class CqlErrorsTest {
  @Test
  void aWriteOfUnknownOutcomeIsAWriteTimeoutNotAnInternalError() {
    var e = UnconfirmedWriteException.leadershipLost("cql");
    WriteTimeout m =
        assertInstanceOf(WriteTimeout.class, CqlErrors.toMessage(new CompletionException(e)));
    assertEquals(e.getMessage(), m.message);
    assertEquals("SIMPLE", m.writeType);
  }

  @Test
  void aFollowerIsUnavailableSoTheDriverTriesAnotherNode() {
    assertInstanceOf(Unavailable.class, CqlErrors.toMessage(new NotLeaderException("cql", null)));
  }
}
