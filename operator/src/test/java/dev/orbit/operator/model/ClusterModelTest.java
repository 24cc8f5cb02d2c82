package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.AntiAffinityMode;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.PullPolicy;
import dev.orbit.operator.api.v1alpha1.ServiceType;
import dev.orbit.operator.api.v1alpha1.VolumeSpec;
import dev.orbit.operator.config.OperatorConfig;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterModelTest {
  private static final OperatorConfig CONFIG = OperatorConfig.defaults();

  private static ClusterModel model(OrbitCluster c) {
    return ClusterModel.from(c, CONFIG);
  }

  private static Container container(StatefulSet sts) {
    return sts.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void statefulSetRunsTheNodeWithItsConfig() {
    var sts = model(Clusters.minimal("prod", "orb")).statefulSet();
    assertEquals("orb", sts.getMetadata().getName());
    assertEquals("prod", sts.getMetadata().getNamespace());
    assertEquals(1, sts.getSpec().getReplicas());
    assertEquals("orb-nodes", sts.getSpec().getServiceName());
    assertEquals("Parallel", sts.getSpec().getPodManagementPolicy());
    var c = container(sts);
    assertEquals(OperatorConfig.DEFAULT_NODE_IMAGE, c.getImage());
    assertEquals(List.of("orbit-node"), c.getCommand());
    assertEquals(List.of("serve", "--config", "/etc/orbit/orbit.yaml"), c.getArgs());
    assertEquals("orb", sts.getSpec().getTemplate().getSpec().getServiceAccountName());
  }

  @Test
  void imageComesFromTheSpecElseTheOperatorConfig() {
    var c = Clusters.minimal("ns", "c");
    var custom =
        new OperatorConfig(
            java.util.Set.of(),
            "registry.local/orbit-node:dev",
            8080,
            false,
            "l",
            null,
            OperatorConfig.DEFAULT_NODE_FAILING_AFTER);
    assertEquals(
        "registry.local/orbit-node:dev",
        container(ClusterModel.from(c, custom).statefulSet()).getImage());
    c.getSpec().setImage("example.com/orbit:1.2.3");
    c.getSpec().setImagePullPolicy(PullPolicy.Always);
    c.getSpec().setImagePullSecrets(List.of(new LocalObjectReference("regcred")));
    var sts = ClusterModel.from(c, custom).statefulSet();
    assertEquals("example.com/orbit:1.2.3", container(sts).getImage());
    assertEquals("Always", container(sts).getImagePullPolicy());
    assertEquals(
        "regcred", sts.getSpec().getTemplate().getSpec().getImagePullSecrets().get(0).getName());
    assertEquals("example.com/orbit:1.2.3", ClusterModel.from(c, custom).image());
  }

  @Test
  void containerPortsFollowEnabledProtocolsPlusAdmin() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().getProtocols().getRedis().setEnabled(false);
    c.getSpec().getProtocols().getBolt().setEnabled(true);
    c.getSpec().getProtocols().getAql().setEnabled(true);
    c.getSpec().getProtocols().getAql().setPort(18529);
    var ports = container(model(c).statefulSet()).getPorts();
    assertEquals(
        List.of("postgres:5432", "bolt:7687", "aql:18529", "admin:8080", "raft:7000"),
        ports.stream().map(p -> p.getName() + ":" + p.getContainerPort()).toList());
  }

  @Test
  void walAndHotAreClaimTemplatesAndWarmColdOnlyWhenGiven() {
    var c = Clusters.minimal("ns", "c");
    var sts = model(c).statefulSet();
    assertEquals(List.of("wal", "hot"), templateNames(sts));
    assertEquals(
        List.of(
            "config:/etc/orbit", "wal:/var/lib/orbit/wal", "hot:/var/lib/orbit/hot", "tmp:/tmp"),
        mounts(sts));

    c.getSpec().getStorage().setWarm(new VolumeSpec("50Gi", "standard"));
    c.getSpec().getStorage().setCold(new VolumeSpec("1Ti", "archive"));
    sts = model(c).statefulSet();
    assertEquals(List.of("wal", "hot", "warm", "cold"), templateNames(sts));
    PersistentVolumeClaim cold = sts.getSpec().getVolumeClaimTemplates().get(3);
    assertEquals("archive", cold.getSpec().getStorageClassName());
    assertEquals(new Quantity("1Ti"), cold.getSpec().getResources().getRequests().get("storage"));
    assertEquals(List.of("ReadWriteOnce"), cold.getSpec().getAccessModes());
    assertNull(sts.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName());
    assertTrue(
        mounts(sts).containsAll(List.of("warm:/var/lib/orbit/warm", "cold:/var/lib/orbit/cold")));
  }

  @Test
  void retainOnDeleteMapsToTheClaimRetentionPolicy() {
    var c = Clusters.minimal("ns", "c");
    var policy = model(c).statefulSet().getSpec().getPersistentVolumeClaimRetentionPolicy();
    assertEquals("Retain", policy.getWhenDeleted());
    assertEquals("Retain", policy.getWhenScaled());
    c.getSpec().getStorage().setRetainOnDelete(false);
    policy = model(c).statefulSet().getSpec().getPersistentVolumeClaimRetentionPolicy();
    assertEquals("Delete", policy.getWhenDeleted());
  }

  @Test
  void probesUseTheAdminApi() {
    var c = container(model(Clusters.minimal("ns", "c")).statefulSet());
    assertEquals("/readyz", c.getReadinessProbe().getHttpGet().getPath());
    assertEquals("/livez", c.getLivenessProbe().getHttpGet().getPath());
    assertEquals("/livez", c.getStartupProbe().getHttpGet().getPath());
    assertEquals("admin", c.getReadinessProbe().getHttpGet().getPort().getStrVal());
  }

  @Test
  void podRunsAsNonRootWithFsGroup() {
    var sts = model(Clusters.minimal("ns", "c")).statefulSet();
    var pod = sts.getSpec().getTemplate().getSpec().getSecurityContext();
    assertTrue(pod.getRunAsNonRoot());
    assertEquals(10001L, pod.getFsGroup());
    assertEquals("RuntimeDefault", pod.getSeccompProfile().getType());
    assertNull(pod.getSeccompProfile().getLocalhostProfile());
    var ctr = container(sts).getSecurityContext();
    assertFalse(ctr.getAllowPrivilegeEscalation());
    assertTrue(ctr.getReadOnlyRootFilesystem());
    assertEquals(List.of("ALL"), ctr.getCapabilities().getDrop());
  }

  @Test
  void authPasswordComesFromTheSecret() {
    var c = Clusters.minimal("ns", "c");
    var env = container(model(c).statefulSet()).getEnv();
    assertEquals("ORBIT_AUTH_USERS_ORBIT", env.get(0).getName());
    assertEquals("c-auth", env.get(0).getValueFrom().getSecretKeyRef().getName());
    assertEquals("password", env.get(0).getValueFrom().getSecretKeyRef().getKey());
    c.getSpec().getAuth().setSecretName("my-own");
    assertEquals(
        "my-own",
        container(model(c).statefulSet())
            .getEnv()
            .get(0)
            .getValueFrom()
            .getSecretKeyRef()
            .getName());
    var secret = model(c).authSecret("s3cret");
    assertEquals("my-own", secret.getMetadata().getName());
    assertEquals(Map.of("password", "s3cret"), secret.getStringData());
  }

  @Test
  void adminTokenComesFromTheAdminTokenSecret() {
    var c = Clusters.minimal("ns", "c");
    var token =
        container(model(c).statefulSet()).getEnv().stream()
            .filter(e -> e.getName().equals("ORBIT_ADMIN_TOKEN"))
            .findFirst()
            .orElseThrow();
    assertEquals("c-admin-token", token.getValueFrom().getSecretKeyRef().getName());
    assertEquals("token", token.getValueFrom().getSecretKeyRef().getKey());
    var secret = model(c).adminTokenSecret("t0k3n");
    assertEquals("c-admin-token", secret.getMetadata().getName());
    assertEquals(Map.of("token", "t0k3n"), secret.getStringData());
    assertEquals("c", secret.getMetadata().getOwnerReferences().get(0).getName());
  }

  @Test
  void podLearnsItsNameNamespaceAndAddressFromTheDownwardApi() {
    var env = container(model(Clusters.minimal("ns", "c")).statefulSet()).getEnv();
    var fields = new java.util.LinkedHashMap<String, String>();
    env.stream()
        .filter(e -> e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null)
        .forEach(e -> fields.put(e.getName(), e.getValueFrom().getFieldRef().getFieldPath()));
    assertEquals(
        Map.of(
            "POD_NAME", "metadata.name",
            "POD_NAMESPACE", "metadata.namespace",
            "POD_IP", "status.podIP"),
        fields);
  }

  @Test
  void resourcesAndSchedulingArePassedThrough() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec()
        .setResources(
            new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi")))
                .withLimits(Map.of("memory", new Quantity("2Gi")))
                .build());
    var scheduling = c.getSpec().getScheduling();
    scheduling.setNodeSelector(Map.of("disk", "ssd"));
    scheduling.setTolerations(
        List.of(new TolerationBuilder().withKey("dedicated").withOperator("Exists").build()));
    scheduling.setTopologySpreadConstraints(
        List.of(
            new TopologySpreadConstraintBuilder()
                .withMaxSkew(1)
                .withTopologyKey("topology.kubernetes.io/zone")
                .withWhenUnsatisfiable("ScheduleAnyway")
                .build()));
    var sts = model(c).statefulSet();
    var pod = sts.getSpec().getTemplate().getSpec();
    assertEquals(new Quantity("500m"), container(sts).getResources().getRequests().get("cpu"));
    assertEquals(new Quantity("2Gi"), container(sts).getResources().getLimits().get("memory"));
    assertEquals(Map.of("disk", "ssd"), pod.getNodeSelector());
    assertEquals("dedicated", pod.getTolerations().get(0).getKey());
    assertEquals(
        "topology.kubernetes.io/zone", pod.getTopologySpreadConstraints().get(0).getTopologyKey());
  }

  @Test
  void podAntiAffinityModes() {
    var c = Clusters.minimal("ns", "c");
    var anti =
        model(c).statefulSet().getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity();
    var preferred = anti.getPreferredDuringSchedulingIgnoredDuringExecution().get(0);
    assertEquals(100, preferred.getWeight());
    assertEquals("kubernetes.io/hostname", preferred.getPodAffinityTerm().getTopologyKey());
    assertEquals(
        Labels.selector(c), preferred.getPodAffinityTerm().getLabelSelector().getMatchLabels());

    c.getSpec().getScheduling().setPodAntiAffinity(AntiAffinityMode.REQUIRED);
    anti =
        model(c).statefulSet().getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity();
    assertEquals(1, anti.getRequiredDuringSchedulingIgnoredDuringExecution().size());
    assertTrue(anti.getPreferredDuringSchedulingIgnoredDuringExecution().isEmpty());

    c.getSpec().getScheduling().setPodAntiAffinity(AntiAffinityMode.NONE);
    assertNull(model(c).statefulSet().getSpec().getTemplate().getSpec().getAffinity());

    // A user's own node affinity is kept next to the derived anti-affinity.
    c.getSpec().getScheduling().setPodAntiAffinity(AntiAffinityMode.PREFERRED);
    c.getSpec()
        .getScheduling()
        .setAffinity(
            new AffinityBuilder()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .addNewMatchExpression()
                .withKey("pool")
                .withOperator("In")
                .withValues("db")
                .endMatchExpression()
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .build());
    var affinity = model(c).statefulSet().getSpec().getTemplate().getSpec().getAffinity();
    assertEquals(
        "pool",
        affinity
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms()
            .get(0)
            .getMatchExpressions()
            .get(0)
            .getKey());
    assertEquals(
        1,
        affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution().size());
  }

  @Test
  void podTemplateCarriesUserMetadataOperatorLabelsAndConfigHash() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().getPodTemplate().setLabels(Map.of("team", "data", Labels.CLUSTER, "spoofed"));
    c.getSpec().getPodTemplate().setAnnotations(Map.of("prometheus.io/scrape", "true"));
    var m = model(c);
    var meta = m.statefulSet().getSpec().getTemplate().getMetadata();
    assertEquals("data", meta.getLabels().get("team"));
    assertEquals("c", meta.getLabels().get(Labels.CLUSTER));
    assertEquals(Labels.OPERATOR, meta.getLabels().get(Labels.MANAGED_BY));
    assertEquals("true", meta.getAnnotations().get("prometheus.io/scrape"));
    assertEquals(m.configHash(), meta.getAnnotations().get(Labels.CONFIG_HASH));
    // selector labels are a subset of the pod labels
    assertTrue(
        meta.getLabels()
            .entrySet()
            .containsAll(m.statefulSet().getSpec().getSelector().getMatchLabels().entrySet()));
  }

  @Test
  void configChangeChangesThePodTemplateHash() {
    var c = Clusters.minimal("ns", "c");
    String before = model(c).configHash();
    c.getSpec().setConfig(Map.of("storage.blockCacheSize", "1Gi"));
    assertNotEquals(before, model(c).configHash());
    assertEquals(
        model(c).configHash(),
        model(c)
            .statefulSet()
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get(Labels.CONFIG_HASH));
  }

  @Test
  void servicesExposeOneNamedPortPerEnabledProtocol() {
    var c = Clusters.minimal("db", "orb");
    c.getSpec().getProtocols().getMysql().setEnabled(true);
    var m = model(c);
    Service headless = m.headlessService();
    assertEquals("orb-nodes", headless.getMetadata().getName());
    assertEquals("None", headless.getSpec().getClusterIP());
    assertTrue(headless.getSpec().getPublishNotReadyAddresses());
    assertEquals(List.of("postgres", "redis", "mysql", "admin", "raft"), portNames(headless));
    assertEquals(Labels.selector(c), headless.getSpec().getSelector());

    Service rw = m.readWriteService();
    assertEquals("orb-rw", rw.getMetadata().getName());
    assertEquals("ClusterIP", rw.getSpec().getType());
    assertEquals(List.of("postgres", "redis", "mysql"), portNames(rw));
    assertEquals("primary", rw.getSpec().getSelector().get(Labels.ROLE));
    ServicePort pg = rw.getSpec().getPorts().get(0);
    assertEquals(5432, pg.getPort());
    assertEquals("postgres", pg.getTargetPort().getStrVal());

    Service ro = m.readOnlyService();
    assertEquals("orb-ro", ro.getMetadata().getName());
    assertEquals("replica", ro.getSpec().getSelector().get(Labels.ROLE));
  }

  @Test
  void clientServiceTypeAndAnnotationsComeFromTheSpec() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().getService().setType(ServiceType.LoadBalancer);
    c.getSpec()
        .getService()
        .setAnnotations(Map.of("service.beta.kubernetes.io/aws-load-balancer-internal", "true"));
    var rw = model(c).readWriteService();
    assertEquals("LoadBalancer", rw.getSpec().getType());
    assertEquals(
        "true",
        rw.getMetadata()
            .getAnnotations()
            .get("service.beta.kubernetes.io/aws-load-balancer-internal"));
    assertEquals("LoadBalancer", model(c).readOnlyService().getSpec().getType());
    assertNull(model(c).headlessService().getSpec().getType());
  }

  @Test
  void configMapHoldsTheRenderedConfig() {
    var c = Clusters.minimal("ns", "c");
    var m = model(c);
    var cm = m.configMap();
    assertEquals("c-config-" + m.configHash(), cm.getMetadata().getName());
    assertEquals(m.configHash(), cm.getMetadata().getLabels().get("orbit.dev/config-revision"));
    assertTrue(cm.getImmutable());
    assertEquals(Map.of("orbit.yaml", m.nodeConfig()), cm.getData());
    assertEquals(
        cm.getMetadata().getName(),
        m.statefulSet().getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getConfigMap() != null)
            .findFirst()
            .orElseThrow()
            .getConfigMap()
            .getName(),
        "pods mount their revision's ConfigMap");
    assertEquals(NodeConfig.render(c.getSpec(), c.getSpec().getStorage()), m.nodeConfig());
  }

  @Test
  void podDisruptionBudgetAllowsOneUnavailable() {
    var c = Clusters.minimal("ns", "c");
    var pdb = model(c).podDisruptionBudget();
    assertEquals("c", pdb.getMetadata().getName());
    assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());
    assertEquals(Labels.selector(c), pdb.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void everyObjectIsOwnedAndLabelled() {
    var c = Clusters.minimal("ns", "c");
    c.setApiVersion("orbit.dev/v1alpha1");
    var m = model(c);
    List<HasMetadata> objects =
        List.of(
            m.statefulSet(),
            m.headlessService(),
            m.readWriteService(),
            m.readOnlyService(),
            m.configMap(),
            m.membersConfigMap(),
            m.podDisruptionBudget(),
            m.serviceAccount(),
            m.authSecret("x"));
    for (HasMetadata o : objects) {
      var owner = o.getMetadata().getOwnerReferences();
      assertEquals(1, owner.size(), o.getKind());
      assertEquals("uid-c", owner.get(0).getUid());
      assertEquals("OrbitCluster", owner.get(0).getKind());
      assertEquals("orbit.dev/v1alpha1", owner.get(0).getApiVersion());
      assertTrue(owner.get(0).getController());
      assertEquals("ns", o.getMetadata().getNamespace());
      var labels = o.getMetadata().getLabels();
      assertEquals("orbit", labels.get(Labels.NAME));
      assertEquals("c", labels.get(Labels.INSTANCE));
      assertEquals("orbit-operator", labels.get(Labels.MANAGED_BY));
      assertEquals("c", labels.get(Labels.CLUSTER));
    }
  }

  @Test
  void serviceAccountDoesNotMountAToken() {
    var sa = model(Clusters.minimal("ns", "c")).serviceAccount();
    assertEquals("c", sa.getMetadata().getName());
    assertFalse(sa.getAutomountServiceAccountToken());
  }

  @Test
  void endpointsPointAtTheReadWriteService() {
    var c = Clusters.minimal("shop", "orb");
    c.getSpec().getProtocols().getRedis().setPort(16379);
    assertEquals(
        Map.of("postgres", "orb-rw.shop.svc:5432", "redis", "orb-rw.shop.svc:16379"),
        model(c).endpoints());
  }

  @Test
  void replicasAreTaken() {
    var c = Clusters.minimal("ns", "c");
    c.getSpec().setReplicas(3);
    assertEquals(3, model(c).statefulSet().getSpec().getReplicas());
  }

  @Test
  void everyPodOfTheSpecIsAReplicationMemberAtItsHeadlessServiceName() throws Exception {
    var c = Clusters.minimal("db", "orb");
    c.getSpec().setReplicas(3);
    var m = model(c);
    var cm = m.membersConfigMap();
    assertEquals("orb-members", cm.getMetadata().getName());
    assertEquals(
        "orb-0=orb-0.orb-nodes.db.svc:7000,orb-1=orb-1.orb-nodes.db.svc:7000,"
            + "orb-2=orb-2.orb-nodes.db.svc:7000",
        cm.getData().get("peers"));
    var config = dev.orbit.config.ConfigLoader.yaml().readTree(m.nodeConfigWithMembers());
    assertEquals(7000, config.path("replication").path("port").asInt());
    assertEquals(3, config.path("replication").path("peers").size());
    assertEquals(List.of(), SpecValidator.validateRendered(m.nodeConfigWithMembers()));
  }

  @Test
  void scalingChangesTheMemberListButNotThePodTemplate() {
    var c = Clusters.minimal("db", "orb");
    var one = model(c);
    var template = one.statefulSet().getSpec().getTemplate();
    var members = one.membersConfigMap();
    c.getSpec().setReplicas(5);
    var five = model(c);
    assertEquals(template, five.statefulSet().getSpec().getTemplate());
    assertEquals(one.configHash(), five.configHash());
    assertNotEquals(members, five.membersConfigMap());
  }

  @Test
  void oneReplicaIsAGroupOfOneMember() {
    assertEquals(
        "orb-0=orb-0.orb-nodes.db.svc:7000",
        model(Clusters.minimal("db", "orb")).membersConfigMap().getData().get("peers"));
  }

  @Test
  void eachPodIsTheMemberNamedAfterItselfAndReadsTheMemberList() {
    var env = container(model(Clusters.minimal("ns", "c")).statefulSet()).getEnv();
    var names = env.stream().map(e -> e.getName()).toList();
    var nodeId = env.get(names.indexOf("ORBIT_REPLICATION_NODE_ID"));
    assertEquals("$(POD_NAME)", nodeId.getValue());
    // the kubelet expands $(POD_NAME) only when POD_NAME is defined before it
    assertTrue(names.indexOf("ORBIT_REPLICATION_NODE_ID") > names.indexOf("POD_NAME"));
    var peers = env.get(names.indexOf("ORBIT_REPLICATION_PEERS")).getValueFrom();
    assertEquals("c-members", peers.getConfigMapKeyRef().getName());
    assertEquals("peers", peers.getConfigMapKeyRef().getKey());
  }

  @Test
  void theModelIsDeterministic() {
    var c = Clusters.minimal("ns", "c");
    assertEquals(model(c).statefulSet(), model(c).statefulSet());
    assertEquals(model(c).readWriteService(), model(c).readWriteService());
  }

  private static List<String> templateNames(StatefulSet sts) {
    return sts.getSpec().getVolumeClaimTemplates().stream()
        .map(t -> t.getMetadata().getName())
        .toList();
  }

  private static List<String> mounts(StatefulSet sts) {
    List<VolumeMount> mounts = container(sts).getVolumeMounts();
    return mounts.stream().map(v -> v.getName() + ":" + v.getMountPath()).toList();
  }

  private static List<String> portNames(Service s) {
    return s.getSpec().getPorts().stream().map(ServicePort::getName).toList();
  }
}
