package dev.orbit.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbit.config.ConfigLoader;
import dev.orbit.operator.api.v1alpha1.PendingChanges;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The roll a change would cause, before it happens: which pods restart (a StatefulSet rolls the
 * highest ordinal first) and the changes behind it, node config keys and pod template fields, each
 * as {@code old -> new}. While a roll runs, the pods still to restart. Pure: from the observed
 * StatefulSet, its pods and the running and desired configs.
 */
public final class RolloutPlan {
  private static final ObjectMapper JSON = Serialization.jsonMapper();
  private static final int MAX_VALUE = 60;

  private RolloutPlan() {}

  /**
   * The pending changes; null when nothing is to roll.
   *
   * @param sts the StatefulSet as observed (null before it exists: nothing rolls then)
   * @param desiredTemplate the pod template the model wants
   * @param runningConfig the {@code orbit.yaml} the StatefulSet's revision mounts (null if unknown)
   * @param desiredConfig the {@code orbit.yaml} the model renders
   * @param held whether spec.rollout.paused holds the roll
   * @param previous the status' previous pending changes (their reasons outlive the template change
   *     while the roll runs)
   */
  public static PendingChanges of(
      StatefulSet sts,
      Collection<Pod> pods,
      PodTemplateSpec desiredTemplate,
      String runningConfig,
      String desiredConfig,
      boolean held,
      PendingChanges previous) {
    if (sts == null || sts.getSpec() == null) {
      return null;
    }
    var changes = new ArrayList<String>();
    if (runningConfig != null && !runningConfig.equals(desiredConfig)) {
      changes.addAll(configChanges(runningConfig, desiredConfig));
    }
    changes.addAll(templateChanges(sts.getSpec().getTemplate(), desiredTemplate));
    List<String> order = byOrdinalDescending(pods);
    if (!changes.isEmpty()) {
      return new PendingChanges(order, changes, held);
    }
    if (statusBehind(sts) && previous != null && !Boolean.TRUE.equals(previous.getHeld())) {
      // the StatefulSet controller has not seen the new template yet: its revisions are stale
      return previous;
    }
    String update = sts.getStatus() == null ? null : sts.getStatus().getUpdateRevision();
    if (update == null) {
      return null;
    }
    List<String> left =
        pods.stream()
            .filter(p -> !update.equals(revision(p)))
            .sorted(ordinalDescending())
            .map(p -> p.getMetadata().getName())
            .toList();
    if (left.isEmpty()) {
      return null;
    }
    List<String> why =
        previous != null && previous.getChanges() != null && !previous.getChanges().isEmpty()
            ? previous.getChanges()
            : List.of("StatefulSet revision " + update);
    return new PendingChanges(left, why, false);
  }

  /** Whether the StatefulSet controller has not yet observed the StatefulSet's latest spec. */
  public static boolean statusBehind(StatefulSet sts) {
    if (sts == null || sts.getMetadata() == null || sts.getMetadata().getGeneration() == null) {
      return false;
    }
    Long seen = sts.getStatus() == null ? null : sts.getStatus().getObservedGeneration();
    return !Objects.equals(seen, sts.getMetadata().getGeneration());
  }

  /** Node config keys that differ, {@code key: old -> new} ({@code (unset)} when absent). */
  static List<String> configChanges(String running, String desired) {
    var before = leaves(read(running), "");
    var after = leaves(read(desired), "");
    var out = new ArrayList<String>();
    for (String key : new TreeSet<>(union(before.keySet(), after.keySet()))) {
      String a = before.get(key);
      String b = after.get(key);
      if (!Objects.equals(a, b)) {
        out.add("node config " + key + ": " + shown(a) + " -> " + shown(b));
      }
    }
    return out;
  }

  /**
   * Pod template fields the desired template sets differently: only what the operator sets counts
   * (the API server's defaults in the running template are not changes), and the config volume and
   * hash annotation are left out (the node config keys say why they change).
   */
  static List<String> templateChanges(PodTemplateSpec running, PodTemplateSpec desired) {
    var have = leaves(JSON.valueToTree(running), "");
    var want = leaves(JSON.valueToTree(desired), "");
    var out = new ArrayList<String>();
    want.forEach(
        (path, value) -> {
          if (path.endsWith(".configMap.name")
              || path.startsWith("metadata.annotations." + Labels.CONFIG_HASH)) {
            return;
          }
          String old = have.get(path);
          if (!same(old, value)) {
            out.add("pod template " + path + ": " + shown(old) + " -> " + shown(value));
          }
        });
    return out;
  }

  private static boolean same(String a, String b) {
    if (Objects.equals(a, b)) {
      return true;
    }
    BigDecimal x = amount(a);
    BigDecimal y = amount(b);
    return x != null && y != null && x.compareTo(y) == 0;
  }

  private static BigDecimal amount(String s) {
    if (s == null || s.isEmpty() || !Character.isDigit(s.charAt(0))) {
      return null;
    }
    try {
      return Quantity.getAmountInBytes(new Quantity(s));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static JsonNode read(String yaml) {
    try {
      return ConfigLoader.yaml().readTree(yaml);
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }

  /** Leaf values by dotted path (list items as {@code [i]}); empty lists and maps are no leaves. */
  private static Map<String, String> leaves(JsonNode node, String path) {
    var out = new TreeMap<String, String>();
    collect(node, path, out);
    return out;
  }

  private static void collect(JsonNode node, String path, Map<String, String> out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return;
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        var e = it.next();
        collect(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), path + "[" + i + "]", out);
      }
    } else {
      out.put(path, node.asText());
    }
  }

  private static String shown(String value) {
    if (value == null) {
      return "(unset)";
    }
    return value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) + "…" : value;
  }

  private static <T> Collection<T> union(Collection<T> a, Collection<T> b) {
    var all = new ArrayList<T>(a);
    all.addAll(b);
    return all;
  }

  private static List<String> byOrdinalDescending(Collection<Pod> pods) {
    return pods.stream().sorted(ordinalDescending()).map(p -> p.getMetadata().getName()).toList();
  }

  private static Comparator<Pod> ordinalDescending() {
    return Comparator.comparingInt((Pod p) -> Names.ordinalOf(p.getMetadata().getName()))
        .reversed();
  }

  private static String revision(Pod p) {
    var labels = p.getMetadata().getLabels();
    return labels == null ? null : labels.get("controller-revision-hash");
  }
}
