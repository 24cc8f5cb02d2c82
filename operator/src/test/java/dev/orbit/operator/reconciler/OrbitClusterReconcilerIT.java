package dev.orbit.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.OrbitOperator;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.VolumeSpec;
import dev.orbit.operator.config.OperatorConfig;
import dev.orbit.operator.model.Conditions;
import dev.orbit.operator.model.Labels;
import dev.orbit.operator.nodeclient.AdminToken;
import dev.orbit.operator.ops.ReconcileMetrics;
import dev.orbit.operator.testing.Await;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator against the fabric8 mock API server (CRUD mode), wired as in production. */
@EnableKubernetesMockClient(crud = true)
class OrbitClusterReconcilerIT {
  static KubernetesClient client;
  static Operator operator;
  static ReconcileMetrics metrics = new ReconcileMetrics();

  @BeforeAll
  static void startOperator() throws Exception {
    Clusters.installCrd(client, "orbitclusters");
    operator = OrbitOperator.create(client, OperatorConfig.defaults(), metrics, Clock.systemUTC());
    operator.start();
  }

  @AfterAll
  static void stopOperator() {
    operator.stop();
  }

  @Test
  void createRendersEveryObjectWithOwnerAndLabels() {
    String ns = "create";
    var c = client.resource(Clusters.minimal(ns, "alpha")).create();

    StatefulSet sts = await(StatefulSet.class, ns, "alpha");
    assertEquals(1, sts.getSpec().getReplicas());
    assertEquals("alpha-nodes", sts.getSpec().getServiceName());
    assertEquals(
        List.of("wal", "hot"),
        sts.getSpec().getVolumeClaimTemplates().stream()
            .map(t -> t.getMetadata().getName())
            .toList());
    var container = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals(OperatorConfig.DEFAULT_NODE_IMAGE, container.getImage());
    assertEquals(
        List.of("postgres", "redis", "admin", "raft"),
        container.getPorts().stream().map(p -> p.getName()).toList());
    assertEquals(
        "alpha-auth", container.getEnv().get(0).getValueFrom().getSecretKeyRef().getName());

    ConfigMap cm = await(ConfigMap.class, ns, "alpha-config-" + configHash(sts));
    assertTrue(cm.getData().get("orbit.yaml").contains("hotDir: /var/lib/orbit/hot"));
    assertEquals(
        sts.getSpec().getTemplate().getMetadata().getAnnotations().get(Labels.CONFIG_HASH),
        awaitStatus(ns, "alpha", s -> s.getStatus().getConfigHash() != null)
            .getStatus()
            .getConfigHash());

    Service headless = await(Service.class, ns, "alpha-nodes");
    assertEquals("None", headless.getSpec().getClusterIP());
    assertTrue(headless.getSpec().getPublishNotReadyAddresses());
    Service rw = await(Service.class, ns, "alpha-rw");
    assertEquals(Labels.ROLE_PRIMARY, rw.getSpec().getSelector().get(Labels.ROLE));
    Service ro = await(Service.class, ns, "alpha-ro");
    assertEquals(Labels.ROLE_REPLICA, ro.getSpec().getSelector().get(Labels.ROLE));
    PodDisruptionBudget pdb = await(PodDisruptionBudget.class, ns, "alpha");
    assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());
    await(ServiceAccount.class, ns, "alpha");
    Secret secret = await(Secret.class, ns, "alpha-auth");
    assertTrue(
        secret.getData() != null && secret.getData().containsKey("password")
            || secret.getStringData() != null && secret.getStringData().containsKey("password"));

    for (HasMetadata owned : List.of(sts, cm, headless, rw, ro, pdb, secret)) {
      assertEquals(1, owned.getMetadata().getOwnerReferences().size(), owned.getKind());
      assertEquals(
          c.getMetadata().getUid(), owned.getMetadata().getOwnerReferences().get(0).getUid());
      assertEquals("alpha", owned.getMetadata().getLabels().get(Labels.CLUSTER));
    }
    var status = awaitStatus(ns, "alpha", s -> true).getStatus();
    assertEquals("alpha-rw.create.svc:5432", status.getEndpoints().get("postgres"));
    assertEquals("False", condition(status.getConditions(), Conditions.READY).getStatus());
    assertEquals("False", condition(status.getConditions(), Conditions.DEGRADED).getStatus());
  }

  @Test
  void unknownFieldsAreIgnoredWithAWarningAndAConditionNamingThem() {
    String ns = "unknown";
    var generic =
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            "{\"apiVersion\":\"orbit.dev/v1alpha1\",\"kind\":\"OrbitCluster\","
                + "\"metadata\":{\"name\":\"odd\",\"namespace\":\"unknown\"},"
                + "\"spec\":{\"storage\":{\"wal\":{\"size\":\"1Gi\"},\"hot\":{\"size\":\"1Gi\"},"
                + "\"lukewarm\":{\"size\":\"1Gi\"}},\"favourite\":\"blue\"}}",
            io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
    client.resource(generic).create();

    await(StatefulSet.class, ns, "odd");
    var unknown =
        condition(
            awaitStatus(
                    ns,
                    "odd",
                    c -> Conditions.isTrue(c.getStatus().getConditions(), "UnknownFields"))
                .getStatus()
                .getConditions(),
            "UnknownFields");
    assertEquals(
        "Ignored fields this operator does not know: spec.favourite, spec.storage.lukewarm",
        unknown.getMessage());
    Await.until(
        "UnknownFields warning event",
        () -> client.v1().events().inNamespace(ns).list().getItems(),
        events ->
            events.stream()
                .anyMatch(
                    e ->
                        "Warning".equals(e.getType())
                            && "UnknownFields".equals(e.getReason())
                            && e.getMessage().contains("spec.storage.lukewarm")));
    // the watch survives: another cluster in the namespace is reconciled as usual
    client.resource(Clusters.minimal(ns, "plain")).create();
    await(StatefulSet.class, ns, "plain");
  }

  @Test
  void adminTokenIsGeneratedOnceAndPassedToEveryNode() {
    String ns = "token";
    client.resource(Clusters.minimal(ns, "tok")).create();
    Secret secret = await(Secret.class, ns, "tok-admin-token");
    String token = AdminToken.of(secret).orElseThrow();
    assertTrue(token.length() >= 32, token);
    var container =
        await(StatefulSet.class, ns, "tok")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertEquals(
        "tok-admin-token",
        container.getEnv().stream()
            .filter(e -> e.getName().equals("ORBIT_ADMIN_TOKEN"))
            .findFirst()
            .orElseThrow()
            .getValueFrom()
            .getSecretKeyRef()
            .getName());
    editSpec(ns, "tok", c -> c.getSpec().getTiering().setInterval("45s"));
    awaitStatus(ns, "tok", c -> c.getStatus().getObservedGeneration() == 2L);
    assertEquals(
        token,
        AdminToken.of(client.secrets().inNamespace(ns).withName("tok-admin-token").get())
            .orElseThrow(),
        "never rotated");
  }

  @Test
  void specUpdateRewritesConfigAndRollsPods() {
    String ns = "update";
    client.resource(Clusters.minimal(ns, "beta")).create();
    StatefulSet before = await(StatefulSet.class, ns, "beta");
    String hashBefore = configHash(before);
    awaitStatus(ns, "beta", s -> hashBefore.equals(s.getStatus().getConfigHash()));

    editSpec(
        ns,
        "beta",
        c -> {
          c.getSpec().getTiering().setInterval("30s");
          c.getSpec().getProtocols().getCql().setEnabled(true);
        });

    StatefulSet after =
        Await.until(
            "rolled statefulset",
            () -> client.apps().statefulSets().inNamespace(ns).withName("beta").get(),
            s -> !configHash(s).equals(hashBefore));
    assertNotEquals(hashBefore, configHash(after));
    ConfigMap cm =
        client.configMaps().inNamespace(ns).withName("beta-config-" + configHash(after)).get();
    assertTrue(cm.getData().get("orbit.yaml").contains("interval: 30s"));
    Service rw = client.services().inNamespace(ns).withName("beta-rw").get();
    assertTrue(rw.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == 9042));
    awaitStatus(ns, "beta", s -> configHash(after).equals(s.getStatus().getConfigHash()));
    assertTrue(
        client.v1().events().inNamespace(ns).list().getItems().stream()
            .anyMatch(e -> "RollingUpdate".equals(e.getReason())));
  }

  @Test
  void driftOfWhatTheOperatorSetsIsRepairedAndNothingElse() {
    String ns = "drift";
    client.resource(Clusters.minimal(ns, "kappa")).create();
    await(StatefulSet.class, ns, "kappa");
    await(Service.class, ns, "kappa-rw");
    Await.until("quiet", () -> quietVersions(ns, "kappa"), v -> true);

    client
        .services()
        .inNamespace(ns)
        .withName("kappa-rw")
        .edit(
            svc -> {
              svc.getSpec().getSelector().put(Labels.ROLE, Labels.ROLE_REPLICA);
              svc.getMetadata().getAnnotations().put("example.com/owner", "someone");
              return svc;
            });
    client
        .apps()
        .statefulSets()
        .inNamespace(ns)
        .withName("kappa")
        .edit(
            sts -> {
              sts.getSpec().setReplicas(3);
              return sts;
            });

    Service rw =
        Await.until(
            "the rw Service selecting the primary again",
            () -> client.services().inNamespace(ns).withName("kappa-rw").get(),
            svc -> Labels.ROLE_PRIMARY.equals(svc.getSpec().getSelector().get(Labels.ROLE)));
    assertEquals("someone", rw.getMetadata().getAnnotations().get("example.com/owner"));
    Await.until(
        "the StatefulSet back at one replica",
        () -> client.apps().statefulSets().inNamespace(ns).withName("kappa").get(),
        sts -> sts.getSpec().getReplicas() == 1);
  }

  @Test
  void eachConfigRevisionIsAnImmutableConfigMapKeptWhileAPodMountsIt() {
    String ns = "revisions";
    client.resource(Clusters.minimal(ns, "lambda")).create();
    StatefulSet first = await(StatefulSet.class, ns, "lambda");
    String firstCm = "lambda-config-" + configHash(first);
    assertTrue(await(ConfigMap.class, ns, firstCm).getImmutable());
    // a pod of the first revision, as the StatefulSet controller would have made it
    var pod = pod(ns, "lambda-0", "lambda", "r1", true);
    pod.setSpec(
        new io.fabric8.kubernetes.api.model.PodSpecBuilder()
            .addNewContainer()
            .withName("orbit")
            .withImage("x")
            .endContainer()
            .addNewVolume()
            .withName("config")
            .withNewConfigMap()
            .withName(firstCm)
            .endConfigMap()
            .endVolume()
            .build());
    client.resource(pod).create();

    editSpec(ns, "lambda", c -> c.getSpec().getTiering().setInterval("20s"));
    StatefulSet second =
        Await.until(
            "the StatefulSet on the second revision",
            () -> client.apps().statefulSets().inNamespace(ns).withName("lambda").get(),
            s -> !configHash(s).equals(configHash(first)));
    String secondCm = "lambda-config-" + configHash(second);
    assertTrue(await(ConfigMap.class, ns, secondCm).getData().get("orbit.yaml").contains("20s"));
    assertTrue(
        client.configMaps().inNamespace(ns).withName(firstCm).get() != null,
        "the first revision stays while a pod mounts it");

    client.pods().inNamespace(ns).withName("lambda-0").delete();
    Await.until(
        "the first revision removed after the roll",
        () -> client.configMaps().inNamespace(ns).list().getItems(),
        cms ->
            cms.stream()
                .map(cm -> cm.getMetadata().getName())
                .filter(n -> n.startsWith("lambda-config-"))
                .toList()
                .equals(List.of(secondCm)));
  }

  @Test
  void pausedReconciliationChangesNothingUntilTheAnnotationGoes() {
    String ns = "paused";
    client.resource(Clusters.minimal(ns, "mu")).create();
    await(StatefulSet.class, ns, "mu");
    editSpec(
        ns,
        "mu",
        c -> {
          c.getMetadata().getAnnotations().put("orbit.dev/reconcile", "paused");
          c.getSpec().setReplicas(3);
        });
    var paused =
        awaitStatus(ns, "mu", c -> Conditions.isTrue(c.getStatus().getConditions(), "Paused"));
    assertEquals(
        "ReconcilePaused", condition(paused.getStatus().getConditions(), "Paused").getReason());
    assertEquals(
        1,
        client.apps().statefulSets().inNamespace(ns).withName("mu").get().getSpec().getReplicas());

    editSpec(ns, "mu", c -> c.getMetadata().getAnnotations().remove("orbit.dev/reconcile"));
    Await.until(
        "three replicas once reconciliation resumes",
        () -> client.apps().statefulSets().inNamespace(ns).withName("mu").get(),
        sts -> sts.getSpec().getReplicas() == 3);
  }

  @Test
  void aPausedRolloutShowsThePlanAndHoldsItUntilReleased() {
    String ns = "hold";
    client.resource(Clusters.minimal(ns, "nu")).create();
    StatefulSet first = await(StatefulSet.class, ns, "nu");
    client.resource(pod(ns, "nu-0", "nu", "r1", true)).create();
    editSpec(
        ns,
        "nu",
        c -> {
          c.getSpec().getRollout().setPaused(true);
          c.getSpec().getTiering().setInterval("20s");
          c.getSpec().setReplicas(2);
        });
    var held =
        awaitStatus(
            ns,
            "nu",
            c ->
                c.getStatus().getPendingChanges() != null
                    && c.getStatus().getObservedGeneration() == 2L);
    var pending = held.getStatus().getPendingChanges();
    assertEquals(List.of("nu-0"), pending.getRestarts());
    assertEquals(List.of("node config tiering.interval: 1m -> 20s"), pending.getChanges());
    assertEquals(true, pending.getHeld());
    assertEquals(
        "RolloutPaused", condition(held.getStatus().getConditions(), "Paused").getReason());
    StatefulSet during = client.apps().statefulSets().inNamespace(ns).withName("nu").get();
    assertEquals(configHash(first), configHash(during), "the pod template is held");
    assertEquals(2, during.getSpec().getReplicas(), "the rest of the spec still applies");
    Await.until(
        "a RolloutHeld event naming the change",
        () -> client.v1().events().inNamespace(ns).list().getItems(),
        events ->
            events.stream()
                .anyMatch(
                    e ->
                        "RolloutHeld".equals(e.getReason())
                            && e.getMessage()
                                .contains(
                                    "nu-0 restart in this order for: node config tiering.interval: 1m -> 20s")));

    editSpec(ns, "nu", c -> c.getSpec().getRollout().setPaused(false));
    Await.until(
        "the roll released",
        () -> client.apps().statefulSets().inNamespace(ns).withName("nu").get(),
        sts -> !configHash(sts).equals(configHash(first)));
  }

  @Test
  void hibernationStopsEveryPodAndKeepsTheClaimsUntilWokenUp() {
    String ns = "sleep";
    client.resource(Clusters.minimal(ns, "xi")).create();
    await(StatefulSet.class, ns, "xi");
    editSpec(ns, "xi", c -> c.getSpec().setHibernate(true));
    StatefulSet asleep =
        Await.until(
            "no replicas while hibernating",
            () -> client.apps().statefulSets().inNamespace(ns).withName("xi").get(),
            sts -> sts.getSpec().getReplicas() == 0);
    assertEquals(
        "Retain", asleep.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled());
    var status = awaitStatus(ns, "xi", c -> c.getStatus().getObservedGeneration() == 2L);
    assertEquals("Hibernating", condition(status.getStatus().getConditions(), "Ready").getReason());
    editSpec(ns, "xi", c -> c.getSpec().setHibernate(false));
    Await.until(
        "one replica again",
        () -> client.apps().statefulSets().inNamespace(ns).withName("xi").get(),
        sts -> sts.getSpec().getReplicas() == 1);
  }

  @Test
  void steadyStateWritesNothing() {
    String ns = "steady";
    client.resource(Clusters.minimal(ns, "gamma")).create();
    await(StatefulSet.class, ns, "gamma");
    awaitStatus(ns, "gamma", s -> s.getStatus().getConfigHash() != null);
    // Let the reconciliations triggered by our own writes settle.
    Map<String, String> versions =
        Await.until("quiet", () -> quietVersions(ns, "gamma"), v -> true);

    long before = succeeded();
    // Another tool annotates the ConfigMap: an event for the operator, not a change of intent.
    client
        .configMaps()
        .inNamespace(ns)
        .withName(configMapOf(ns, "gamma"))
        .edit(
            cm -> {
              cm.getMetadata().getAnnotations().put("example.com/touched", "yes");
              return cm;
            });
    Await.until("a reconciliation", OrbitClusterReconcilerIT::succeeded, n -> n > before);
    var after = versions(ns, "gamma");
    versions.remove("ConfigMap");
    after.remove("ConfigMap");
    assertEquals(versions, after);
  }

  @Test
  void shrinkingVolumeIsRefusedWhileTheRestIsApplied() {
    String ns = "shrink";
    client.resource(Clusters.minimal(ns, "delta")).create();
    await(StatefulSet.class, ns, "delta");

    editSpec(
        ns,
        "delta",
        c -> {
          c.getSpec().getStorage().setHot(new VolumeSpec("5Gi", null));
          c.getSpec().setReplicas(3);
        });

    var refused =
        awaitStatus(
            ns,
            "delta",
            s ->
                "StorageChangeRefused"
                    .equals(
                        condition(s.getStatus().getConditions(), Conditions.DEGRADED).getReason()));
    assertEquals(
        "True", condition(refused.getStatus().getConditions(), Conditions.DEGRADED).getStatus());
    StatefulSet sts =
        Await.until(
            "scaled statefulset",
            () -> client.apps().statefulSets().inNamespace(ns).withName("delta").get(),
            s -> s.getSpec().getReplicas() == 3);
    assertEquals(
        new Quantity("10Gi"),
        sts.getSpec()
            .getVolumeClaimTemplates()
            .get(1)
            .getSpec()
            .getResources()
            .getRequests()
            .get("storage"));
    assertTrue(
        client.v1().events().inNamespace(ns).list().getItems().stream()
            .anyMatch(e -> "StorageChangeRefused".equals(e.getReason())));
  }

  @Test
  void growingVolumeExpandsClaimsAndRecreatesStatefulSet() {
    String ns = "grow";
    client.resource(Clusters.minimal(ns, "eps")).create();
    StatefulSet first = await(StatefulSet.class, ns, "eps");
    client
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("hot-eps-0")
                .withNamespace(ns)
                .withLabels(Map.of(Labels.CLUSTER, "eps"))
                .endMetadata()
                .withNewSpec()
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity("10Gi")))
                .endResources()
                .endSpec()
                .build())
        .create();

    editSpec(
        ns,
        "eps",
        c -> {
          c.getSpec().getStorage().setHot(new VolumeSpec("20Gi", null));
        });

    Await.until(
        "expanded claim",
        () -> client.persistentVolumeClaims().inNamespace(ns).withName("hot-eps-0").get(),
        p -> new Quantity("20Gi").equals(p.getSpec().getResources().getRequests().get("storage")));
    StatefulSet recreated =
        Await.until(
            "re-created statefulset",
            () -> client.apps().statefulSets().inNamespace(ns).withName("eps").get(),
            s ->
                new Quantity("20Gi")
                    .equals(
                        s.getSpec()
                            .getVolumeClaimTemplates()
                            .get(1)
                            .getSpec()
                            .getResources()
                            .getRequests()
                            .get("storage")));
    assertNotEquals(first.getMetadata().getUid(), recreated.getMetadata().getUid());
  }

  @Test
  void theNodesRulesRefuseARenderedConfigBeforeAnythingIsWritten() {
    String ns = "noderules";
    var bad = Clusters.minimal(ns, "eta");
    bad.getSpec().getTiering().getWarm().setMinAge("30d");
    bad.getSpec().getTiering().getCold().setMinAge("1h");
    bad.getSpec().getProtocols().getBolt().setEnabled(true);
    client.resource(bad).create();

    var degraded =
        condition(
            awaitStatus(ns, "eta", s -> true).getStatus().getConditions(), Conditions.DEGRADED);
    assertEquals("True", degraded.getStatus());
    assertEquals("InvalidSpec", degraded.getReason());
    assertTrue(degraded.getMessage().contains("tiering.cold.minAge"), degraded.getMessage());
    assertTrue(client.configMaps().inNamespace(ns).list().getItems().isEmpty());
    assertNull(client.apps().statefulSets().inNamespace(ns).withName("eta").get());

    editSpec(ns, "eta", c -> c.getSpec().getTiering().getCold().setMinAge("60d"));
    var stillBad =
        condition(
            awaitStatus(ns, "eta", s -> s.getStatus().getObservedGeneration() == 2L)
                .getStatus()
                .getConditions(),
            Conditions.DEGRADED);
    assertTrue(stillBad.getMessage().contains("protocols.bolt.enabled"), stillBad.getMessage());
    assertNull(client.apps().statefulSets().inNamespace(ns).withName("eta").get());

    editSpec(ns, "eta", c -> c.getSpec().getProtocols().getBolt().setEnabled(false));
    await(StatefulSet.class, ns, "eta");
  }

  @Test
  void invalidSpecSurfacesAsConditionAndCreatesNothing() {
    String ns = "invalid";
    var bad = Clusters.minimal(ns, "zeta");
    bad.getSpec().setConfig(new LinkedHashMap<>(Map.of("tiering.speed", "fast")));
    client.resource(bad).create();

    var status = awaitStatus(ns, "zeta", s -> true).getStatus();
    Condition degraded = condition(status.getConditions(), Conditions.DEGRADED);
    assertEquals("True", degraded.getStatus());
    assertEquals("InvalidSpec", degraded.getReason());
    assertTrue(degraded.getMessage().contains("tiering.speed"));
    assertNull(client.apps().statefulSets().inNamespace(ns).withName("zeta").get());

    editSpec(
        ns,
        "zeta",
        c -> {
          c.getSpec().setConfig(new LinkedHashMap<>(Map.of("tiering.interval", "10s")));
        });
    await(StatefulSet.class, ns, "zeta");
    awaitStatus(
        ns,
        "zeta",
        s ->
            "False"
                .equals(condition(s.getStatus().getConditions(), Conditions.DEGRADED).getStatus()));
  }

  @Test
  void readyFollowsPodAndStatefulSetReadiness() {
    String ns = "ready";
    client.resource(Clusters.minimal(ns, "eta")).create();
    StatefulSet sts = await(StatefulSet.class, ns, "eta");
    sts.setStatus(
        new StatefulSetStatusBuilder()
            .withObservedGeneration(sts.getMetadata().getGeneration())
            .withReplicas(1)
            .withReadyReplicas(1)
            .withUpdatedReplicas(1)
            .withCurrentRevision("eta-r1")
            .withUpdateRevision("eta-r1")
            .build());
    client.resource(sts).updateStatus();
    client.resource(pod(ns, "eta-0", "eta", "eta-r1", true)).create();

    var ready =
        awaitStatus(
            ns,
            "eta",
            s ->
                "True"
                    .equals(
                        condition(s.getStatus().getConditions(), Conditions.READY).getStatus()));
    assertEquals(1, ready.getStatus().getReadyReplicas());
    assertEquals("eta-0", ready.getStatus().getNodes().get(0).getName());
    assertEquals("primary", ready.getStatus().getNodes().get(0).getRole());
    assertEquals(
        "False", condition(ready.getStatus().getConditions(), Conditions.PROGRESSING).getStatus());
    Await.until(
        "role label",
        () -> client.pods().inNamespace(ns).withName("eta-0").get(),
        p -> Labels.ROLE_PRIMARY.equals(p.getMetadata().getLabels().get(Labels.ROLE)));

    client
        .pods()
        .inNamespace(ns)
        .withName("eta-0")
        .editStatus(
            p -> {
              p.getStatus().getConditions().get(0).setStatus("False");
              return p;
            });
    var notReady =
        awaitStatus(
            ns,
            "eta",
            s ->
                "False"
                    .equals(
                        condition(s.getStatus().getConditions(), Conditions.READY).getStatus()));
    assertFalse(notReady.getStatus().getNodes().get(0).getReady());
  }

  /**
   * Changes the spec as a user would. The edit carries the resourceVersion it read, so a status
   * write by the operator in between answers 409; like kubectl, read again and retry.
   */
  private static void editSpec(
      String ns, String name, java.util.function.Consumer<OrbitCluster> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .resources(OrbitCluster.class)
            .inNamespace(ns)
            .withName(name)
            .edit(
                c -> {
                  change.accept(c);
                  return c;
                });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static Pod pod(String ns, String name, String cluster, String revision, boolean ready) {
    var labels = new LinkedHashMap<String, String>();
    labels.put(Labels.MANAGED_BY, Labels.OPERATOR);
    labels.put(Labels.CLUSTER, cluster);
    labels.put("controller-revision-hash", revision);
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withLabels(labels)
        .endMetadata()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }

  private static long succeeded() {
    return metrics
        .scrape()
        .lines()
        .filter(l -> l.startsWith("orbit_operator_reconciliations_succeeded_total"))
        .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Resource versions once two reads a second apart agree. */
  private static Map<String, String> quietVersions(String ns, String name) {
    var first = versions(ns, name);
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    var second = versions(ns, name);
    return first.equals(second) ? second : null;
  }

  private static Map<String, String> versions(String ns, String name) {
    var v = new LinkedHashMap<String, String>();
    v.put(
        "OrbitCluster",
        rv(client.resources(OrbitCluster.class).inNamespace(ns).withName(name).get()));
    v.put("StatefulSet", rv(client.apps().statefulSets().inNamespace(ns).withName(name).get()));
    v.put(
        "ConfigMap", rv(client.configMaps().inNamespace(ns).withName(configMapOf(ns, name)).get()));
    v.put("Secret", rv(client.secrets().inNamespace(ns).withName(name + "-auth").get()));
    v.put("AdminToken", rv(client.secrets().inNamespace(ns).withName(name + "-admin-token").get()));
    v.put("ServiceAccount", rv(client.serviceAccounts().inNamespace(ns).withName(name).get()));
    for (String svc : List.of("-nodes", "-rw", "-ro")) {
      v.put("Service" + svc, rv(client.services().inNamespace(ns).withName(name + svc).get()));
    }
    v.put(
        "PDB", rv(client.policy().v1().podDisruptionBudget().inNamespace(ns).withName(name).get()));
    v.put("Events", String.valueOf(client.v1().events().inNamespace(ns).list().getItems().size()));
    return v;
  }

  private static String rv(HasMetadata m) {
    return m == null ? null : m.getMetadata().getResourceVersion();
  }

  /** The ConfigMap the StatefulSet's pods mount. */
  private static String configMapOf(String ns, String name) {
    var sts = client.apps().statefulSets().inNamespace(ns).withName(name).get();
    return sts == null ? "none" : name + "-config-" + configHash(sts);
  }

  private static String configHash(StatefulSet s) {
    return s.getSpec().getTemplate().getMetadata().getAnnotations().get(Labels.CONFIG_HASH);
  }

  private static Condition condition(List<Condition> conditions, String type) {
    return Conditions.find(conditions, type).orElseThrow();
  }

  private static OrbitCluster awaitStatus(
      String ns, String name, java.util.function.Predicate<OrbitCluster> ok) {
    return Await.until(
        "status of " + name,
        () -> client.resources(OrbitCluster.class).inNamespace(ns).withName(name).get(),
        c -> c.getStatus() != null && !c.getStatus().getConditions().isEmpty() && ok.test(c));
  }

  private static <T extends HasMetadata> T await(Class<T> type, String ns, String name) {
    return Await.until(
        type.getSimpleName() + " " + ns + "/" + name,
        () ->
            Optional.ofNullable(client.resources(type).inNamespace(ns).withName(name).get())
                .orElse(null),
        o -> true);
  }
}
