package dev.orbit.e2e.sandbox;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the volume provisioner: each claim is a folder {@code volumes/<namespace>/<claim>} of the
 * state directory, bound at once and expanded by updating its capacity. Removing a claim that this
 * run saw removes its folder (reclaim policy Delete); folders of claims that do not exist yet are
 * kept, so a new run picks up the data.
 */
final class Volumes {
  private static final Logger LOG = LoggerFactory.getLogger(Volumes.class);

  private final KubernetesClient client;
  private final Path stateDir;
  private final Set<String> seen = new HashSet<>();

  Volumes(KubernetesClient client, Path stateDir) {
    this.client = client;
    this.stateDir = stateDir;
  }

  static Path folder(Path stateDir, String namespace, String claim) {
    return stateDir.resolve("volumes").resolve(namespace).resolve(claim);
  }

  void tick(List<PersistentVolumeClaim> claims) throws IOException {
    var now = new HashSet<String>();
    for (PersistentVolumeClaim pvc : claims) {
      String ns = pvc.getMetadata().getNamespace();
      String name = pvc.getMetadata().getName();
      now.add(ns + "/" + name);
      Files.createDirectories(folder(stateDir, ns, name));
      Quantity want = pvc.getSpec().getResources().getRequests().get("storage");
      var status = pvc.getStatus();
      boolean bound = status != null && "Bound".equals(status.getPhase());
      Quantity have =
          status == null || status.getCapacity() == null
              ? null
              : status.getCapacity().get("storage");
      if (bound
          && want != null
          && have != null
          && Quantity.getAmountInBytes(have).equals(Quantity.getAmountInBytes(want))) {
        continue;
      }
      pvc.setStatus(
          new PersistentVolumeClaimStatusBuilder()
              .withPhase("Bound")
              .withAccessModes(pvc.getSpec().getAccessModes())
              .withCapacity(want == null ? Map.of() : Map.of("storage", want))
              .build());
      try {
        client.persistentVolumeClaims().inNamespace(ns).resource(pvc).updateStatus();
        LOG.info("claim {}/{} bound, capacity {}", ns, name, want);
      } catch (KubernetesClientException e) {
        LOG.debug("claim {}/{} status: {}", ns, name, e.getMessage());
      }
    }
    for (String gone : new HashSet<>(seen)) {
      if (!now.contains(gone)) {
        String[] parts = gone.split("/", 2);
        deleteTree(folder(stateDir, parts[0], parts[1]));
        LOG.info("claim {} deleted; removed its folder", gone);
      }
    }
    seen.clear();
    seen.addAll(now);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
