package dev.orbit.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.backup.BackupNodeClient;
import dev.orbit.operator.backup.NodeEndpoints;
import dev.orbit.operator.model.ContinuousArchiving;
import dev.orbit.operator.model.Names;
import dev.orbit.operator.model.NodeReplication;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the leader of a cluster from what its nodes report at {@code /v1/status}: each protocol
 * store is its own Raft group, so leaders may differ per store. The cluster's leader is the pod
 * that leads the most groups (ties: lowest ordinal); groups led by another pod are handed to it
 * (leadership transfer), so that one pod, behind {@code <c>-rw}, takes every protocol's writes.
 */
final class LeaderTracker {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderTracker.class);

  private final NodeEndpoints endpoints;

  LeaderTracker(NodeEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  /**
   * What the nodes reported: per pod, the groups it leads, how far behind its leaders it is and
   * (pods that archive the log) the error of each store's last archive pass; empty when none
   * answered.
   */
  record Report(
      Map<String, Integer> ledGroups,
      int groups,
      Map<String, NodeReplication> replication,
      Map<String, Map<String, String>> archive) {
    /** The pod leading the most groups (ties: lowest ordinal), if any leads one. */
    Optional<String> leader() {
      return ledGroups.entrySet().stream()
          .filter(e -> e.getValue() > 0)
          .min(
              Comparator.comparing((Map.Entry<String, Integer> e) -> -e.getValue())
                  .thenComparing(e -> Names.ordinalOf(e.getKey())))
          .map(Map.Entry::getKey);
    }

    /** Whether one pod leads every group. */
    boolean aligned() {
      return leader().map(l -> ledGroups.get(l) == groups).orElse(false);
    }
  }

  /** Asks every running pod for its status; pods that do not answer are left out. */
  Report observe(BackupNodeClient nodes, Collection<Pod> pods) {
    var led = new LinkedHashMap<String, Integer>();
    var replication = new LinkedHashMap<String, NodeReplication>();
    var archive = new LinkedHashMap<String, Map<String, String>>();
    int groups = 0;
    for (Pod pod : running(pods)) {
      URI admin = endpoints.admin(pod);
      try {
        BackupNodeClient.Answer a = nodes.status(admin);
        if (a.status() / 100 != 2) {
          continue;
        }
        JsonNode g = a.body().path("replication").path("groups");
        int leads = 0;
        for (JsonNode group : g) {
          if ("leader".equals(group.path("role").asText())) {
            leads++;
          }
        }
        groups = Math.max(groups, g.size());
        led.put(pod.getMetadata().getName(), leads);
        NodeReplication r = NodeReplication.from(a.body());
        if (r != null) {
          replication.put(pod.getMetadata().getName(), r);
        }
        Map<String, String> archiveErrors = ContinuousArchiving.errors(a.body());
        if (archiveErrors != null) {
          archive.put(pod.getMetadata().getName(), archiveErrors);
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("no status from pod {}: {}", pod.getMetadata().getName(), e.toString());
      }
    }
    return new Report(led, groups, replication, archive);
  }

  /**
   * Hands the groups another pod leads to {@code leader}: asks each such pod to transfer; returns
   * whether every ask succeeded.
   */
  boolean align(BackupNodeClient nodes, Collection<Pod> pods, Report report, String leader) {
    boolean ok = true;
    for (Pod pod : running(pods)) {
      String name = pod.getMetadata().getName();
      if (name.equals(leader) || report.ledGroups().getOrDefault(name, 0) == 0) {
        continue;
      }
      ok &= transfer(nodes, pod, leader);
    }
    return ok;
  }

  /** Asks {@code from} (a leader of some groups) to hand them to {@code to}. */
  boolean transfer(BackupNodeClient nodes, Pod from, String to) {
    try {
      var a = nodes.transferLeadership(endpoints.admin(from), to);
      if (a.status() / 100 == 2) {
        LOG.info("leadership of {}'s groups handed to {}", from.getMetadata().getName(), to);
        return true;
      }
      LOG.info(
          "leadership transfer {} -> {} not done: {}", from.getMetadata().getName(), to, a.body());
    } catch (IOException | RuntimeException e) {
      LOG.info("leadership transfer {} -> {} failed: {}", from.getMetadata().getName(), to, e);
    }
    return false;
  }

  static Collection<Pod> running(Collection<Pod> pods) {
    return pods.stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> p.getStatus() != null && p.getStatus().getPodIP() != null)
        .filter(p -> Names.ordinalOf(p.getMetadata().getName()) >= 0)
        .sorted(Comparator.comparingInt(p -> Names.ordinalOf(p.getMetadata().getName())))
        .toList();
  }

  static String clusterOf(OrbitCluster c) {
    return c.getMetadata().getName();
  }
}
