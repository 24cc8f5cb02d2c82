package dev.orbit.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Condition {@code ContinuousArchiving} of a cluster with {@code spec.backup.archive.enabled}, from
 * the {@code archive} part of its nodes' {@code /v1/status}: {@code False} while some node's last
 * archive pass of some store failed (its reason in the message), {@code True} once every node that
 * answered archives (or, as a follower, reads the archive) without error.
 */
public final class ContinuousArchiving {
  public static final String TYPE = "ContinuousArchiving";
  public static final String SUCCESS = "ContinuousArchivingSuccess";
  public static final String FAILING = "ContinuousArchivingFailing";

  private ContinuousArchiving() {}

  /**
   * Per protocol, the error of the node's last archive pass (absent when it passed); null when the
   * node's answer has no archive part (it does not archive).
   */
  public static Map<String, String> errors(JsonNode status) {
    JsonNode archive = status.path("archive");
    if (!archive.isObject()) {
      return null;
    }
    Map<String, String> out = new TreeMap<>();
    archive
        .properties()
        .forEach(
            e -> {
              JsonNode error = e.getValue().path("error");
              if (error.isTextual() && !error.asText().isBlank()) {
                out.put(e.getKey(), error.asText());
              }
            });
    return out;
  }

  /**
   * The condition: null when the cluster does not archive; the previous one while no node reported
   * archiving ({@code byPod} null or without an archive part: nothing new is known).
   */
  public static Condition condition(
      List<Condition> before,
      OrbitCluster c,
      Map<String, Map<String, String>> byPod,
      Long generation,
      String now) {
    if (!enabled(c)) {
      return null;
    }
    if (byPod == null || byPod.isEmpty()) {
      return Conditions.find(before, TYPE).orElse(null);
    }
    List<String> failing = new ArrayList<>();
    new TreeMap<>(byPod)
        .forEach(
            (pod, errors) ->
                errors.forEach(
                    (protocol, error) ->
                        failing.add(pod + " cannot archive the " + protocol + " log: " + error)));
    if (failing.isEmpty()) {
      return Conditions.of(
          before,
          TYPE,
          true,
          SUCCESS,
          "Every store's committed log is archived into the backup target",
          generation,
          now);
    }
    return Conditions.of(
        before,
        TYPE,
        false,
        FAILING,
        String.join("; ", failing)
            + " (the log is kept, not purged, until it is archived: it grows meanwhile)",
        generation,
        now);
  }

  /** Whether the cluster archives its log (the nodes get the archive settings). */
  public static boolean enabled(OrbitCluster c) {
    var backup = c.getSpec().getBackup();
    return backup != null
        && backup.archive != null
        && Boolean.TRUE.equals(backup.archive.enabled)
        && c.getMetadata().getUid() != null;
  }
}
