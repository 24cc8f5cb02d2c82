package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OrbitClusters of the sandbox, kept in {@code clusters.json} of the state directory whenever
 * they change, and re-created by the next start: with the claim folders kept, the clusters come
 * back with their data.
 */
final class SavedClusters {
  private static final Logger LOG = LoggerFactory.getLogger(SavedClusters.class);
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  private final KubernetesClient client;
  private final Path file;
  private String lastSaved = "";

  SavedClusters(KubernetesClient client, Path file) {
    this.client = client;
    this.file = file;
  }

  /**
   * Saves each OrbitCluster (metadata name, namespace, labels, annotations; spec) for the next run.
   */
  void save() throws IOException {
    var saved = JSON.createArrayNode();
    for (GenericKubernetesResource c :
        client
            .genericKubernetesResources(Sandbox.CLUSTER_API, Sandbox.CLUSTER_KIND)
            .inAnyNamespace()
            .list()
            .getItems()) {
      ObjectNode o =
          saved
              .addObject()
              .put("apiVersion", Sandbox.CLUSTER_API)
              .put("kind", Sandbox.CLUSTER_KIND);
      ObjectNode meta = o.putObject("metadata");
      meta.put("name", c.getMetadata().getName()).put("namespace", c.getMetadata().getNamespace());
      if (c.getMetadata().getLabels() != null) {
        meta.set("labels", JSON.valueToTree(c.getMetadata().getLabels()));
      }
      var annotations =
          new LinkedHashMap<>(
              Optional.ofNullable(c.getMetadata().getAnnotations()).orElse(Map.of()));
      if (!annotations.isEmpty()) {
        meta.set("annotations", JSON.valueToTree(annotations));
      }
      o.set("spec", JSON.valueToTree(c.getAdditionalProperties().get("spec")));
    }
    String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(saved);
    if (!text.equals(lastSaved)) {
      Path tmp = file.resolveSibling("clusters.json.tmp");
      Files.writeString(tmp, text);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      lastSaved = text;
    }
  }

  void restore() throws IOException {
    if (!Files.isRegularFile(file)) {
      return;
    }
    for (var c : JSON.readTree(Files.readString(file))) {
      var r = JSON.treeToValue(c, GenericKubernetesResource.class);
      client
          .genericKubernetesResources(Sandbox.CLUSTER_API, Sandbox.CLUSTER_KIND)
          .inNamespace(r.getMetadata().getNamespace())
          .resource(r)
          .create();
      LOG.info("restored cluster {}/{}", r.getMetadata().getNamespace(), r.getMetadata().getName());
    }
  }
}
