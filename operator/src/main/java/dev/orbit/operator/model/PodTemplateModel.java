package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.AntiAffinityMode;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.OrbitClusterSpec;
import dev.orbit.operator.api.v1alpha1.SchedulingSpec;
import dev.orbit.operator.api.v1alpha1.StorageSpec;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodAntiAffinityBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** The pod template of the node StatefulSet: one container running {@code orbit-node serve}. */
final class PodTemplateModel {
  static final String CONTAINER = "orbit";
  static final String CONFIG_VOLUME = "config";
  static final String TMP_VOLUME = "tmp";
  static final String AUTH_ENV = "ORBIT_AUTH_USERS_ORBIT";
  static final String AUTH_KEY = "password";
  static final String ADMIN_TOKEN_ENV = "ORBIT_ADMIN_TOKEN";
  static final String ADMIN_TOKEN_KEY = dev.orbit.operator.nodeclient.AdminToken.KEY;
  static final String POD_NAME_ENV = "POD_NAME";
  static final String REPLICATION_NODE_ID_ENV = "ORBIT_REPLICATION_NODE_ID";
  static final String POD_NAMESPACE_ENV = "POD_NAMESPACE";
  static final String POD_IP_ENV = "POD_IP";
  static final long USER_ID = 10001L;
  private static final String HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";

  private PodTemplateModel() {}

  static PodTemplateSpec build(
      OrbitCluster c, String image, StorageSpec storage, String configHash) {
    OrbitClusterSpec spec = c.getSpec();
    var labels = new LinkedHashMap<String, String>();
    if (spec.getPodTemplate() != null && spec.getPodTemplate().getLabels() != null) {
      labels.putAll(spec.getPodTemplate().getLabels());
    }
    labels.putAll(Labels.common(c, "node"));
    var annotations = new LinkedHashMap<String, String>();
    if (spec.getPodTemplate() != null && spec.getPodTemplate().getAnnotations() != null) {
      annotations.putAll(spec.getPodTemplate().getAnnotations());
    }
    annotations.put(Labels.CONFIG_HASH, configHash);
    SchedulingSpec scheduling =
        spec.getScheduling() == null ? new SchedulingSpec() : spec.getScheduling();
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(Names.serviceAccount(c))
        .withAutomountServiceAccountToken(false)
        .withTerminationGracePeriodSeconds(60L)
        .withImagePullSecrets(
            spec.getImagePullSecrets() == null ? List.of() : spec.getImagePullSecrets())
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(USER_ID)
        .withRunAsGroup(USER_ID)
        .withFsGroup(USER_ID)
        .withFsGroupChangePolicy("OnRootMismatch")
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(container(c, image, storage))
        .withVolumes(volumes(c, configHash))
        .withNodeSelector(
            scheduling.getNodeSelector() == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(scheduling.getNodeSelector()))
        .withTolerations(
            scheduling.getTolerations() == null ? List.of() : scheduling.getTolerations())
        .withTopologySpreadConstraints(
            scheduling.getTopologySpreadConstraints() == null
                ? List.of()
                : scheduling.getTopologySpreadConstraints())
        .withAffinity(affinity(c, scheduling))
        .endSpec()
        .build();
  }

  private static Container container(OrbitCluster c, String image, StorageSpec storage) {
    OrbitClusterSpec spec = c.getSpec();
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(image)
        .withImagePullPolicy(
            spec.getImagePullPolicy() == null ? null : spec.getImagePullPolicy().name())
        .withCommand("orbit-node")
        .withArgs("serve", "--config", NodeConfig.PATH)
        .withPorts(ports(spec))
        .withEnv(env(c))
        .withVolumeMounts(mounts(storage))
        .withResources(
            spec.getResources() == null ? new ResourceRequirements() : spec.getResources())
        .withStartupProbe(probe("/livez", 60))
        .withLivenessProbe(probe("/livez", 3))
        .withReadinessProbe(probe("/readyz", 3))
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .build();
  }

  /**
   * The superuser password from the auth Secret, the admin API's bearer token from the admin token
   * Secret, and the pod's identity from the downward API ({@code POD_NAME}, {@code POD_NAMESPACE},
   * {@code POD_IP}): a node learns its own name and address from them.
   */
  private static List<EnvVar> env(OrbitCluster c) {
    return List.of(
        new EnvVarBuilder()
            .withName(AUTH_ENV)
            .withNewValueFrom()
            .withNewSecretKeyRef(AUTH_KEY, Names.authSecret(c), false)
            .endValueFrom()
            .build(),
        new EnvVarBuilder()
            .withName(ADMIN_TOKEN_ENV)
            .withNewValueFrom()
            .withNewSecretKeyRef(ADMIN_TOKEN_KEY, Names.adminTokenSecret(c), false)
            .endValueFrom()
            .build(),
        field(POD_NAME_ENV, "metadata.name"),
        field(POD_NAMESPACE_ENV, "metadata.namespace"),
        field(POD_IP_ENV, "status.podIP"),
        // the members at the pod's start; a scale changes the ConfigMap, not the template
        new EnvVarBuilder()
            .withName(Members.ENV)
            .withNewValueFrom()
            .withNewConfigMapKeyRef(Members.KEY, Names.membersConfigMap(c), false)
            .endValueFrom()
            .build(),
        // the member id among replication.peers: the pod's own name
        new EnvVarBuilder()
            .withName(REPLICATION_NODE_ID_ENV)
            .withValue("$(" + POD_NAME_ENV + ")")
            .build());
  }

  private static EnvVar field(String name, String path) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath(path)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  static List<ContainerPort> ports(OrbitClusterSpec spec) {
    var ports = new ArrayList<ContainerPort>();
    for (Protocol p : Protocol.enabledIn(spec.getProtocols())) {
      ports.add(
          new ContainerPortBuilder()
              .withName(p.key())
              .withContainerPort(p.port(spec.getProtocols()))
              .withProtocol("TCP")
              .build());
    }
    ports.add(
        new ContainerPortBuilder()
            .withName(Protocol.ADMIN_PORT_NAME)
            .withContainerPort(Protocol.ADMIN_PORT)
            .withProtocol("TCP")
            .build());
    ports.add(
        new ContainerPortBuilder()
            .withName(Protocol.REPLICATION_PORT_NAME)
            .withContainerPort(Protocol.REPLICATION_PORT)
            .withProtocol("TCP")
            .build());
    return ports;
  }

  private static Probe probe(String path, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(Protocol.ADMIN_PORT_NAME))
        .endHttpGet()
        .withPeriodSeconds(failureThreshold > 3 ? 5 : 10)
        .withTimeoutSeconds(2)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static List<VolumeMount> mounts(StorageSpec storage) {
    var mounts = new ArrayList<VolumeMount>();
    mounts.add(
        new VolumeMountBuilder()
            .withName(CONFIG_VOLUME)
            .withMountPath(NodeConfig.MOUNT_DIR)
            .withReadOnly(true)
            .build());
    for (Tier tier : Tier.values()) {
      if (tier.volume(storage).isPresent()) {
        mounts.add(
            new VolumeMountBuilder()
                .withName(tier.volumeName())
                .withMountPath(tier.mountPath())
                .build());
      }
    }
    // RocksDB's JNI library unpacks itself into java.io.tmpdir; the root filesystem is read-only.
    mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
    return mounts;
  }

  private static List<Volume> volumes(OrbitCluster c, String configHash) {
    return List.of(
        new VolumeBuilder()
            .withName(CONFIG_VOLUME)
            .withNewConfigMap()
            .withName(Names.configMap(c, configHash))
            .endConfigMap()
            .build(),
        new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
  }

  private static Affinity affinity(OrbitCluster c, SchedulingSpec scheduling) {
    Affinity user = scheduling.getAffinity();
    if (user != null && user.getPodAntiAffinity() != null) {
      return user;
    }
    AntiAffinityMode mode =
        scheduling.getPodAntiAffinity() == null
            ? AntiAffinityMode.PREFERRED
            : scheduling.getPodAntiAffinity();
    var builder = user == null ? new AffinityBuilder() : new AffinityBuilder(user);
    PodAffinityTerm term =
        new PodAffinityTermBuilder()
            .withTopologyKey(HOSTNAME_TOPOLOGY)
            .withNewLabelSelector()
            .withMatchLabels(Labels.selector(c))
            .endLabelSelector()
            .build();
    switch (mode) {
      case NONE -> {
        return user;
      }
      case REQUIRED ->
          builder.withPodAntiAffinity(
              new PodAntiAffinityBuilder()
                  .withRequiredDuringSchedulingIgnoredDuringExecution(term)
                  .build());
      case PREFERRED ->
          builder.withPodAntiAffinity(
              new PodAntiAffinityBuilder()
                  .addNewPreferredDuringSchedulingIgnoredDuringExecution()
                  .withWeight(100)
                  .withPodAffinityTerm(term)
                  .endPreferredDuringSchedulingIgnoredDuringExecution()
                  .build());
    }
    return builder.build();
  }
}
