package dev.orbit.node.protocol.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.datastax.oss.protocol.internal.Message;
import com.datastax.oss.protocol.internal.ProtocolConstants.ConsistencyLevel;
import com.datastax.oss.protocol.internal.ProtocolConstants.ErrorCode;
import com.datastax.oss.protocol.internal.response.Error;
import com.datastax.oss.protocol.internal.response.error.Unavailable;
import dev.orbit.node.cql.CqlException;
import dev.orbit.node.storage.NotLeaderException;
import dev.orbit.node.storage.ReplicaLagException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class CqlErrorsTest {
  @Test
  void notLeaderReachesTheDriverAsUnavailable() {
    Message m =
        CqlErrors.toMessage(new CompletionException(new NotLeaderException("cql", "10.0.0.1")));
    Unavailable u = assertInstanceOf(Unavailable.class, m);
    assertEquals(ErrorCode.UNAVAILABLE, u.code);
    assertEquals(ConsistencyLevel.ONE, u.consistencyLevel);
    assertEquals(0, u.alive);
    assertEquals("this node is a read-only replica of the cql store (leader: 10.0.0.1)", u.message);
  }

  @Test
  void replicaLagReachesTheDriverAsUnavailable() {
    Message m = CqlErrors.toMessage(new ReplicaLagException("replica is 5s behind"));
    assertEquals(ErrorCode.UNAVAILABLE, assertInstanceOf(Unavailable.class, m).code);
  }

  @Test
  void cqlErrorsKeepTheirCodeAndOthersAreServerErrors() {
    Error invalid = (Error) CqlErrors.toMessage(CqlException.invalid("bad"));
    assertEquals(ErrorCode.INVALID, invalid.code);
    assertEquals("bad", invalid.message);
    Error other = (Error) CqlErrors.toMessage(new IllegalStateException("boom"));
    assertEquals(ErrorCode.SERVER_ERROR, other.code);
  }
}
