package dev.orbit.node.protocol.cql;

import com.datastax.oss.protocol.internal.Message;
import com.datastax.oss.protocol.internal.ProtocolConstants.ConsistencyLevel;
import com.datastax.oss.protocol.internal.ProtocolConstants.ErrorCode;
import com.datastax.oss.protocol.internal.response.Error;
import com.datastax.oss.protocol.internal.response.error.AlreadyExists;
import com.datastax.oss.protocol.internal.response.error.Unavailable;
import com.datastax.oss.protocol.internal.response.error.Unprepared;
import com.datastax.oss.protocol.internal.response.error.WriteTimeout;
import dev.orbit.node.cql.CqlException;
import dev.orbit.node.storage.NotLeaderException;
import dev.orbit.node.storage.ReplicaLagException;
import dev.orbit.node.storage.UnconfirmedWriteException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a failed request into the native-protocol error message the client gets. */
final class CqlErrors {
  private static final Logger LOG = LoggerFactory.getLogger(CqlErrors.class);

  private CqlErrors() {}

  static Message toMessage(Throwable err) {
    Throwable e =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (e instanceof CqlException.AlreadyExists ae) {
      return new AlreadyExists(ae.getMessage(), ae.keyspace, ae.table);
    }
    if (e instanceof CqlException.Unprepared u) {
      return new Unprepared(u.getMessage(), u.id);
    }
    if (e instanceof CqlException c) {
      return new Error(c.code, c.getMessage());
    }
    if (e instanceof UnconfirmedWriteException) {
      // Cassandra's answer when a write may or may not have been applied: the driver does not
      // retry a non-idempotent write on it (as on UNAVAILABLE, which says nothing was written)
      return new WriteTimeout(e.getMessage(), ConsistencyLevel.QUORUM, 1, 2, "SIMPLE");
    }
    if (e instanceof NotLeaderException || e instanceof ReplicaLagException) {
      // the driver's retry policy tries the next node on UNAVAILABLE
      return new Unavailable(e.getMessage(), 1, 1, 0);
    }
    LOG.warn("cql request failed", e);
    return new Error(ErrorCode.SERVER_ERROR, "internal error: " + e);
  }
}
