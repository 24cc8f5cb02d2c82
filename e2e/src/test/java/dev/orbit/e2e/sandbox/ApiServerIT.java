package dev.orbit.e2e.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sandbox's API server on its own: what kubectl and the controllers rely on. */
class ApiServerIT {
  static ApiServer api;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    api = ApiServer.start(0, List.of(SandboxExtension.CRD));
    client = api.client();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void anImmutableConfigMapKeepsItsDataWhateverTheWrite() {
    var cm =
        new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
            .withNewMetadata()
            .withName("frozen")
            .withNamespace("default")
            .endMetadata()
            .withImmutable(true)
            .addToData("orbit.yaml", "a: 1")
            .build();
    client.resource(cm).create();
    var refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.fabric8.kubernetes.client.KubernetesClientException.class,
            () ->
                client
                    .configMaps()
                    .inNamespace("default")
                    .withName("frozen")
                    .edit(
                        c -> {
                          c.getData().put("orbit.yaml", "a: 2");
                          return c;
                        }));
    assertEquals(422, refused.getCode());
    assertTrue(refused.getMessage().contains("field is immutable"), refused.getMessage());
    // metadata may still change
    client
        .configMaps()
        .inNamespace("default")
        .withName("frozen")
        .edit(
            c -> {
              c.getMetadata().getLabels().put("x", "y");
              return c;
            });
    assertEquals(
        "a: 1",
        client
            .configMaps()
            .inNamespace("default")
            .withName("frozen")
            .get()
            .getData()
            .get("orbit.yaml"));
  }

  @Test
  void discoveryListsTheBuiltInGroupsAndTheOrbitResourceWithItsShortName() throws Exception {
    JsonNode groups = get("/apis", "application/json");
    var names = new java.util.ArrayList<String>();
    groups.path("groups").forEach(g -> names.add(g.path("name").asText()));
    assertTrue(
        names.containsAll(List.of("apps", "policy", "batch", "coordination.k8s.io", "orbit.dev")),
        names.toString());
    JsonNode orbit = get("/apis/orbit.dev/v1alpha1", "application/json");
    JsonNode oc = orbit.path("resources").path(0);
    assertEquals("orbitclusters", oc.path("name").asText());
    assertEquals("oc", oc.path("shortNames").path(0).asText());
    assertEquals("orbitclusters/status", orbit.path("resources").path(1).path("name").asText());
    assertEquals(
        "pods", get("/api/v1", "application/json").path("resources").path(0).path("name").asText());
  }

  @Test
  void writingTheStatefulSetKeepsItsStatusAndMergePatchRemovesNulls() {
    String ns = "writes";
    var sts =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("s")
            .withNamespace(ns)
            .withAnnotations(Map.of("a", "1", "b", "2"))
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .endSpec()
            .build();
    client.resource(sts).create();
    StatefulSet stored = client.apps().statefulSets().inNamespace(ns).withName("s").get();
    stored.setStatus(
        new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
            .withReplicas(1)
            .withReadyReplicas(1)
            .build());
    client.resource(stored).updateStatus();

    StatefulSet update = client.apps().statefulSets().inNamespace(ns).withName("s").get();
    update.getSpec().setReplicas(3);
    update.setStatus(null);
    client.resource(update).update();
    client
        .apps()
        .statefulSets()
        .inNamespace(ns)
        .withName("s")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"b\":null}}}");

    StatefulSet after = client.apps().statefulSets().inNamespace(ns).withName("s").get();
    assertEquals(3, after.getSpec().getReplicas());
    assertEquals(1, after.getStatus().getReadyReplicas(), "status survives a write of the object");
    assertEquals(Map.of("a", "1"), after.getMetadata().getAnnotations());
  }

  @Test
  void serverSideApplyCreatesAndThenMerges() {
    var cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("applied")
            .withNamespace("ssa")
            .endMetadata()
            .addToData("k", "v1")
            .build();
    client.resource(cm).serverSideApply();
    cm.getData().put("k", "v2");
    cm.getData().put("k2", "x");
    client.resource(cm).serverSideApply();
    assertEquals(
        Map.of("k", "v2", "k2", "x"),
        client.configMaps().inNamespace("ssa").withName("applied").get().getData());
  }

  @Test
  void aSecretsStringDataIsStoredAsData() {
    var secret =
        new io.fabric8.kubernetes.api.model.SecretBuilder()
            .withNewMetadata()
            .withName("auth")
            .withNamespace("secrets")
            .endMetadata()
            .addToStringData("password", "s3cret")
            .build();
    client.resource(secret).create();
    var stored = client.secrets().inNamespace("secrets").withName("auth").get();
    assertEquals(Map.of("password", "czNjcmV0"), stored.getData());
    assertTrue(stored.getStringData() == null || stored.getStringData().isEmpty());
  }

  @Test
  void anOrphaningDeleteIsRecordedForTheGarbageCollector() {
    var cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("orphaner")
            .withNamespace("gc")
            .endMetadata()
            .build();
    String uid = client.resource(cm).create().getMetadata().getUid();
    client
        .configMaps()
        .inNamespace("gc")
        .withName("orphaner")
        .withPropagationPolicy(DeletionPropagation.ORPHAN)
        .delete();
    assertNull(client.configMaps().inNamespace("gc").withName("orphaner").get());
    assertTrue(api.orphanedUids().contains(uid));
  }

  @Test
  void kubectlGetReceivesATable() throws Exception {
    var cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("listed")
            .withNamespace("tables")
            .endMetadata()
            .build();
    client.resource(cm).create();
    JsonNode table =
        get(
            "/api/v1/namespaces/tables/configmaps",
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
    assertEquals("Table", table.path("kind").asText());
    assertEquals("Name", table.path("columnDefinitions").path(0).path("name").asText());
    assertEquals("listed", table.path("rows").path(0).path("cells").path(0).asText());
  }

  private static JsonNode get(String path, String accept) throws Exception {
    var res =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(api.url() + path))
                    .header("Accept", accept)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, res.statusCode(), res.body());
    return new ObjectMapper().readTree(res.body());
  }
}
