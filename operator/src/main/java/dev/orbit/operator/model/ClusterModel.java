package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.StorageSpec;
import dev.orbit.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Desired Kubernetes objects of one cluster, computed from its spec and the operator config. Pure:
 * no client, clock, randomness or environment.
 */
public final class ClusterModel {
  private final OrbitCluster cluster;
  private final String image;
  private final String nodeConfig;
  private final String configHash;
  private final StorageSpec storage;
  private BootstrapSource bootstrap;
  private PodTemplateSpec heldTemplate;
  private Members.Plan members;
  private int rollPartition;

  private ClusterModel(OrbitCluster cluster, OperatorConfig config, StorageSpec storage) {
    this.cluster = cluster;
    this.storage = storage;
    String specImage = cluster.getSpec().getImage();
    this.image = specImage == null || specImage.isBlank() ? config.nodeImage() : specImage;
    this.nodeConfig = NodeConfig.render(cluster.getSpec(), storage);
    this.configHash = NodeConfig.hash(nodeConfig);
    this.members = Members.Plan.settled(cluster);
  }

  /** The model of a spec that passed {@link SpecValidator}. */
  public static ClusterModel from(OrbitCluster cluster, OperatorConfig config) {
    return new ClusterModel(cluster, config, cluster.getSpec().getStorage());
  }

  /** As {@link #from(OrbitCluster, OperatorConfig)}, with the storage to render given. */
  public static ClusterModel from(
      OrbitCluster cluster, OperatorConfig config, StorageSpec effectiveStorage) {
    return new ClusterModel(cluster, config, effectiveStorage);
  }

  /**
   * Whether an existing StatefulSet has the pod management policy the model gives (an immutable
   * field: a StatefulSet made by an older operator with OrderedReady must be re-created).
   */
  public static boolean podManagementCurrent(StatefulSet sts) {
    return sts == null
        || StatefulSetModel.POD_MANAGEMENT.equals(sts.getSpec().getPodManagementPolicy());
  }

  public String image() {
    return image;
  }

  /**
   * The config a member starts with: {@link #nodeConfig()} plus the member list it gets from the
   * environment; what the node's own rules check before anything is written.
   */
  public String nodeConfigWithMembers() {
    return NodeConfig.render(cluster.getSpec(), storage, Members.peers(cluster));
  }

  /**
   * The ConfigMap {@code <c>-members}: the member list the pods read at start (every pod, the
   * joining one too) and the count of acknowledged members ({@link Members#JOINED_ANNOTATION}).
   */
  public ConfigMap membersConfigMap() {
    var meta =
        Owners.meta(
            cluster,
            Names.membersConfigMap(cluster),
            "node",
            members.formed()
                ? Map.of(Members.JOINED_ANNOTATION, String.valueOf(members.joined()))
                : Map.of());
    return new ConfigMapBuilder()
        .withMetadata(meta)
        .withData(Map.of(Members.KEY, Members.envValue(cluster, members.pods())))
        .build();
  }

  /** The model running {@code plan}'s members and pods (a membership change under way). */
  public ClusterModel withMembers(Members.Plan plan) {
    this.members = plan;
    return this;
  }

  /** The StatefulSet's RollingUpdate partition: ordinals below it keep their revision. */
  public ClusterModel withRollPartition(int partition) {
    this.rollPartition = partition;
    return this;
  }

  public Members.Plan members() {
    return members;
  }

  /** The rendered {@code orbit.yaml}. */
  public String nodeConfig() {
    return nodeConfig;
  }

  public String configHash() {
    return configHash;
  }

  public StorageSpec storage() {
    return storage;
  }

  /** The model whose nodes first restore {@code source} (spec.bootstrap.fromBackup, resolved). */
  public ClusterModel withBootstrap(BootstrapSource source) {
    this.bootstrap = source;
    return this;
  }

  /**
   * The model whose StatefulSet keeps {@code running} as its pod template: a roll held by
   * spec.rollout.paused (everything else, replicas included, still follows the spec).
   */
  public ClusterModel holdingTemplate(PodTemplateSpec running) {
    this.heldTemplate = running;
    return this;
  }

  /** Whether a roll is held: the StatefulSet keeps the running pod template. */
  public boolean holdsTemplate() {
    return heldTemplate != null;
  }

  /** The pod template the spec asks for (whether or not a roll is held). */
  public PodTemplateSpec podTemplate() {
    return BackupPodModel.apply(
        cluster, PodTemplateModel.build(cluster, image, storage, configHash), bootstrap);
  }

  public StatefulSet statefulSet() {
    return StatefulSetModel.build(
        cluster,
        image,
        storage,
        heldTemplate != null ? heldTemplate : podTemplate(),
        members.pods(),
        rollPartition);
  }

  public Service headlessService() {
    return ServiceModel.headless(cluster);
  }

  public Service readWriteService() {
    return ServiceModel.readWrite(cluster);
  }

  public Service readOnlyService() {
    return ServiceModel.readOnly(cluster);
  }

  /**
   * The immutable ConfigMap of this config revision, {@code <c>-config-<hash>}: pods mount their
   * own revision's, so a new config reaches each pod only when the roll reaches it.
   */
  public ConfigMap configMap() {
    var meta = Owners.meta(cluster, Names.configMap(cluster, configHash), "config");
    meta.getLabels().put(Labels.CONFIG_REVISION, configHash);
    return new ConfigMapBuilder()
        .withMetadata(meta)
        .withImmutable(true)
        .withData(Map.of(NodeConfig.FILE_NAME, nodeConfig))
        .build();
  }

  public PodDisruptionBudget podDisruptionBudget() {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(Owners.meta(cluster, Names.podDisruptionBudget(cluster), "node"))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(Labels.selector(cluster))
        .endSelector()
        .endSpec()
        .build();
  }

  public ServiceAccount serviceAccount() {
    return new ServiceAccountBuilder()
        .withMetadata(Owners.meta(cluster, Names.serviceAccount(cluster), "node"))
        .withAutomountServiceAccountToken(false)
        .build();
  }

  /** The auth Secret holding {@code password}; the caller supplies the generated password. */
  public Secret authSecret(String password) {
    return new SecretBuilder()
        .withMetadata(Owners.meta(cluster, Names.authSecret(cluster), "auth"))
        .withType("Opaque")
        .withStringData(Map.of(PodTemplateModel.AUTH_KEY, password))
        .build();
  }

  /** The admin token Secret holding {@code token}; the caller supplies the generated token. */
  public Secret adminTokenSecret(String token) {
    return new SecretBuilder()
        .withMetadata(Owners.meta(cluster, Names.adminTokenSecret(cluster), "admin"))
        .withType("Opaque")
        .withStringData(Map.of(PodTemplateModel.ADMIN_TOKEN_KEY, token))
        .build();
  }

  /** Client endpoint per enabled protocol: {@code <c>-rw.<ns>.svc:<port>}. */
  public Map<String, String> endpoints() {
    var endpoints = new LinkedHashMap<String, String>();
    var protocols = cluster.getSpec().getProtocols();
    for (Protocol p : Protocol.enabledIn(protocols)) {
      endpoints.put(
          p.key(),
          Names.readWriteService(cluster)
              + "."
              + cluster.getMetadata().getNamespace()
              + ".svc:"
              + p.port(protocols));
    }
    return endpoints;
  }
}
