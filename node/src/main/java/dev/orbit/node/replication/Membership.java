package dev.orbit.node.replication;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.server.RaftServer;

/**
 * What the operator asks of a leader, for every store's group at once: hand the leadership to
 * another member (switchover, rolling updates), and add or remove a member (scaling). Each answer
 * says, per protocol, what happened.
 */
public final class Membership {
  private final Replication replication;
  private final ClientId clientId = ClientId.randomId();

  public Membership(Replication replication) {
    this.replication = replication;
  }

  /** An answer for one store's group: done, or why not. */
  public record Outcome(boolean ok, String message) {}

  /** Makes {@code target} the leader of every group this member leads; waits up to the timeout. */
  public Map<String, Outcome> transferLeadership(String target, long timeoutMillis) {
    Map<String, Outcome> out = new LinkedHashMap<>();
    for (Map.Entry<String, GroupLog> e : replication.logs().entrySet()) {
      RaftServer.Division d = e.getValue().division();
      String leader = e.getValue().leaderId();
      if (target.equals(leader)) {
        out.put(e.getKey(), new Outcome(true, target + " leads already"));
        continue;
      }
      if (!e.getValue().leaderReady()) {
        out.put(e.getKey(), new Outcome(false, "not the leader here; the leader is " + leader));
        continue;
      }
      if (d.getRaftConf().getPeer(RaftPeerId.valueOf(target)) == null) {
        out.put(e.getKey(), new Outcome(false, target + " is not a member"));
        continue;
      }
      GroupLog log = e.getValue();
      log.handOver(true);
      try {
        out.put(e.getKey(), transfer(d, target, timeoutMillis));
      } finally {
        log.handOver(false);
      }
    }
    return out;
  }

  private Outcome transfer(RaftServer.Division d, String target, long timeoutMillis) {
    return call(
        () ->
            replication
                .server()
                .transferLeadership(
                    new TransferLeadershipRequest(
                        clientId,
                        d.getId(),
                        d.getMemberId().getGroupId(),
                        0,
                        RaftPeerId.valueOf(target),
                        timeoutMillis)),
        target + " leads");
  }

  /** Adds member {@code id} at {@code address} to every group this member leads. */
  public Map<String, Outcome> add(String id, String address) {
    return change(
        peers -> {
          peers.removeIf(p -> p.getId().toString().equals(id));
          peers.add(RaftPeer.newBuilder().setId(id).setAddress(address).build());
        },
        id + " added");
  }

  /** Removes member {@code id} from every group this member leads (never the last majority). */
  public Map<String, Outcome> remove(String id) {
    return change(peers -> peers.removeIf(p -> p.getId().toString().equals(id)), id + " removed");
  }

  private Map<String, Outcome> change(
      java.util.function.Consumer<List<RaftPeer>> edit, String doneMessage) {
    Map<String, Outcome> out = new LinkedHashMap<>();
    for (Map.Entry<String, GroupLog> e : replication.logs().entrySet()) {
      RaftServer.Division d = e.getValue().division();
      if (!e.getValue().leaderReady()) {
        out.put(
            e.getKey(),
            new Outcome(false, "not the leader here; the leader is " + e.getValue().leaderId()));
        continue;
      }
      List<RaftPeer> peers = new ArrayList<>(d.getRaftConf().getCurrentPeers());
      edit.accept(peers);
      if (peers.isEmpty()) {
        out.put(e.getKey(), new Outcome(false, "a group keeps at least one member"));
        continue;
      }
      out.put(
          e.getKey(),
          call(
              () ->
                  replication
                      .server()
                      .setConfiguration(
                          new SetConfigurationRequest(
                              clientId, d.getId(), d.getMemberId().getGroupId(), 0, peers)),
              doneMessage));
    }
    return out;
  }

  private interface Call {
    RaftClientReply run() throws IOException;
  }

  private static Outcome call(Call c, String doneMessage) {
    try {
      RaftClientReply r = c.run();
      return r.isSuccess()
          ? new Outcome(true, doneMessage)
          : new Outcome(false, String.valueOf(r.getException()));
    } catch (IOException | RuntimeException ex) {
      return new Outcome(false, ex.toString());
    }
  }
}
