package dev.orbit.operator.reconciler;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.backup.BackupNodeClient;
import dev.orbit.operator.backup.NodeEndpoints;
import dev.orbit.operator.model.Members;
import dev.orbit.operator.model.Names;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.Collection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the replication membership when spec.replicas changes, one member at a time. Scale up:
 * the StatefulSet gets one more pod, and once it runs the leader adds it (POST
 * /v1/replication/members); only then does the next pod come. A new pod starts with a member list
 * naming the members and itself: its log is empty, so it cannot win an election (every member has a
 * longer log, and the members do not count it yet) and waits for the leader to add it. Scale down:
 * the leader removes the highest ordinal (DELETE /v1/replication/members/{id}; leadership is handed
 * to ordinal 0 first if that pod leads) before the StatefulSet loses the pod, and never while the
 * members left would hold no majority of healthy (answering) members.
 */
final class MemberChanges {
  private static final Logger LOG = LoggerFactory.getLogger(MemberChanges.class);

  private final NodeEndpoints endpoints;
  private final EventRecorder events;

  MemberChanges(NodeEndpoints endpoints, EventRecorder events) {
    this.endpoints = endpoints;
    this.events = events;
  }

  /** The members acknowledged so far, from {@code <c>-members}; empty for a new cluster. */
  static Optional<Integer> joined(OrbitCluster c, Collection<ConfigMap> configMaps) {
    String name = Names.membersConfigMap(c);
    return configMaps.stream()
        .filter(cm -> name.equals(cm.getMetadata().getName()))
        .map(cm -> cm.getMetadata().getAnnotations())
        .filter(a -> a != null && a.get(Members.JOINED_ANNOTATION) != null)
        .map(a -> Integer.parseInt(a.get(Members.JOINED_ANNOTATION)))
        .findFirst();
  }

  /**
   * The plan for this reconcile: asks the leader for the next membership change the spec needs and
   * counts it when acknowledged. {@code leader} is the pod the nodes report as leader.
   */
  Members.Plan plan(
      KubernetesClient client,
      OrbitCluster c,
      Collection<ConfigMap> configMaps,
      Collection<Pod> pods,
      Optional<String> leader) {
    int want = Members.count(c);
    Optional<Integer> known = joined(c, configMaps);
    if (known.isEmpty()) {
      // no count yet: until a pod has run no member holds data, so every pod of the spec starts
      // together as one new group; the first running pod makes the count start
      return LeaderTracker.running(pods).isEmpty()
          ? Members.Plan.forming(c)
          : Members.Plan.settled(c);
    }
    int joined = known.get();
    if (joined == want || c.getSpec().hibernating()) {
      return Members.Plan.of(joined, joined);
    }
    var nodes =
        BackupNodeClient.of(client, c.getMetadata().getNamespace(), c.getMetadata().getName());
    if (joined < want) {
      String id = Members.id(c, joined);
      Pod joining = running(pods, id);
      if (joining == null || leader.isEmpty()) {
        return Members.Plan.of(joined, joined + 1);
      }
      if (ask(nodes, running(pods, leader.get()), "POST", id, Members.address(c, joined))) {
        event(client, c, "MemberAdded", id + " joined the replication group");
        joined++;
      }
      return Members.Plan.of(joined, Math.min(joined + 1, want));
    }
    String id = Members.id(c, joined - 1);
    if (leader.isEmpty()) {
      return Members.Plan.of(joined, joined);
    }
    int healthy = healthy(nodes, pods, joined - 1);
    int majority = (joined - 1) / 2 + 1;
    if (healthy < majority) {
      event(
          client,
          c,
          "MemberRemovalHeld",
          "Not removing "
              + id
              + ": "
              + healthy
              + " of the "
              + (joined - 1)
              + " members left answer, fewer than a majority");
      return Members.Plan.of(joined, joined);
    }
    if (leader.get().equals(id)) {
      new LeaderTracker(endpoints).transfer(nodes, running(pods, id), Members.id(c, 0));
      return Members.Plan.of(joined, joined); // removed once another member leads
    }
    if (ask(nodes, running(pods, leader.get()), "DELETE", id, null)) {
      event(client, c, "MemberRemoved", id + " left the replication group");
      joined--;
    }
    return Members.Plan.of(joined, joined);
  }

  private boolean ask(BackupNodeClient nodes, Pod leader, String method, String id, String addr) {
    if (leader == null) {
      return false;
    }
    try {
      var a =
          "POST".equals(method)
              ? nodes.addMember(endpoints.admin(leader), id, addr)
              : nodes.removeMember(endpoints.admin(leader), id);
      if (a.status() / 100 == 2) {
        return true;
      }
      LOG.info("membership change {} {} not done: {}", method, id, a.body());
    } catch (IOException | RuntimeException e) {
      LOG.info("membership change {} {} failed: {}", method, id, e.toString());
    }
    return false;
  }

  /** Members with ordinals below {@code members} whose node answers its status. */
  private int healthy(BackupNodeClient nodes, Collection<Pod> pods, int members) {
    int n = 0;
    for (Pod p : LeaderTracker.running(pods)) {
      if (Names.ordinalOf(p.getMetadata().getName()) >= members) {
        continue;
      }
      try {
        if (nodes.status(endpoints.admin(p)).status() / 100 == 2) {
          n++;
        }
      } catch (IOException | RuntimeException e) {
        // not healthy
      }
    }
    return n;
  }

  private static Pod running(Collection<Pod> pods, String name) {
    return LeaderTracker.running(pods).stream()
        .filter(p -> name.equals(p.getMetadata().getName()))
        .findFirst()
        .orElse(null);
  }

  private void event(KubernetesClient client, OrbitCluster c, String reason, String message) {
    events.record(client, c, EventRecorder.NORMAL, reason, message);
  }
}
