package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Desired state of an {@link OrbitCluster}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OrbitClusterSpec extends ApiObject {
  @JsonPropertyDescription(
      "Number of orbit nodes (pods), each a member of every replication group; the pod the nodes"
          + " report as leader is the primary. Scaling up adds one member at a time, once its pod"
          + " runs; scaling down removes the highest ordinals from the groups before their pods"
          + " go, and never while the members left would not be a majority that answers.")
  @Default("1")
  @Min(0)
  private Integer replicas = 1;

  @JsonPropertyDescription(
      "Container image of orbit-node. Defaults to the operator's configured node image.")
  private String image;

  @JsonPropertyDescription("Image pull policy of the node container.")
  private PullPolicy imagePullPolicy;

  @JsonPropertyDescription("Secrets used to pull the node image.")
  private List<LocalObjectReference> imagePullSecrets = new ArrayList<>();

  @JsonPropertyDescription("Wire protocols the nodes serve; postgres and redis are on by default.")
  private ProtocolsSpec protocols = new ProtocolsSpec();

  @JsonPropertyDescription(
      "Volumes of each node: wal and hot are required; warm and cold live in folders of the hot"
          + " volume when omitted.")
  @Required
  private StorageSpec storage = new StorageSpec();

  @JsonPropertyDescription("Age-based movement of data between the hot, warm and cold tiers.")
  private TieringSpec tiering = new TieringSpec();

  @JsonPropertyDescription(
      "When a write is acknowledged: sync (fsync each write), group (group commit) or async.")
  @Default("group")
  private Durability durability = Durability.GROUP;

  @JsonPropertyDescription("CPU and memory requests and limits of the node container.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Where the node pods are scheduled.")
  private SchedulingSpec scheduling = new SchedulingSpec();

  @JsonPropertyDescription("The client Services <cluster>-rw and <cluster>-ro.")
  private ServiceSpec service = new ServiceSpec();

  @JsonPropertyDescription("The Secret holding the superuser password.")
  private AuthSpec auth = new AuthSpec();

  @JsonPropertyDescription(
      "Extra node configuration: dotted key path to value, e.g. 'tiering.interval: 30s'."
          + " Only known, operator-unmanaged keys are accepted.")
  @ValidationRule(
      value = Rules.CONFIG_KEYS_ONLY,
      message =
          "spec.config may set only "
              + Rules.CONFIG_KEYS
              + "; the operator manages the rest (spec.storage, spec.protocols)")
  private Map<String, String> config = new LinkedHashMap<>();

  @JsonPropertyDescription("Extra labels and annotations of the node pods.")
  private PodTemplateOverrides podTemplate = new PodTemplateOverrides();

  @JsonPropertyDescription(
      "Backups of the cluster: target, cron schedule, retention and verification. Without it,"
          + " OrbitBackups of the cluster need their own target.")
  private ClusterBackupSpec backup;

  @JsonPropertyDescription(
      "How the volumes of a new cluster are filled before its nodes serve (only read when a"
          + " node's volumes are empty).")
  private BootstrapSpec bootstrap;

  @JsonPropertyDescription("How changes that restart node pods roll out (e.g. held while paused).")
  private RolloutSpec rollout = new RolloutSpec();

  @JsonPropertyDescription(
      "Stop every node pod and keep the volumes; set back to false to bring the same data back.")
  @Default("false")
  private Boolean hibernate = false;

  public RolloutSpec getRollout() {
    return rollout;
  }

  public void setRollout(RolloutSpec rollout) {
    this.rollout = rollout;
  }

  public Boolean getHibernate() {
    return hibernate;
  }

  public void setHibernate(Boolean hibernate) {
    this.hibernate = hibernate;
  }

  /** Whether spec.hibernate asks every pod to stop. */
  public boolean hibernating() {
    return Boolean.TRUE.equals(hibernate);
  }

  /** Whether spec.rollout.paused holds rolls. */
  public boolean rolloutPaused() {
    return rollout != null && Boolean.TRUE.equals(rollout.getPaused());
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public PullPolicy getImagePullPolicy() {
    return imagePullPolicy;
  }

  public void setImagePullPolicy(PullPolicy imagePullPolicy) {
    this.imagePullPolicy = imagePullPolicy;
  }

  public List<LocalObjectReference> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  public ProtocolsSpec getProtocols() {
    return protocols;
  }

  public void setProtocols(ProtocolsSpec protocols) {
    this.protocols = protocols;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public TieringSpec getTiering() {
    return tiering;
  }

  public void setTiering(TieringSpec tiering) {
    this.tiering = tiering;
  }

  public Durability getDurability() {
    return durability;
  }

  public void setDurability(Durability durability) {
    this.durability = durability;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public SchedulingSpec getScheduling() {
    return scheduling;
  }

  public void setScheduling(SchedulingSpec scheduling) {
    this.scheduling = scheduling;
  }

  public ServiceSpec getService() {
    return service;
  }

  public void setService(ServiceSpec service) {
    this.service = service;
  }

  public AuthSpec getAuth() {
    return auth;
  }

  public void setAuth(AuthSpec auth) {
    this.auth = auth;
  }

  public Map<String, String> getConfig() {
    return config;
  }

  public void setConfig(Map<String, String> config) {
    this.config = config;
  }

  public PodTemplateOverrides getPodTemplate() {
    return podTemplate;
  }

  public void setPodTemplate(PodTemplateOverrides podTemplate) {
    this.podTemplate = podTemplate;
  }

  public ClusterBackupSpec getBackup() {
    return backup;
  }

  public void setBackup(ClusterBackupSpec backup) {
    this.backup = backup;
  }

  public BootstrapSpec getBootstrap() {
    return bootstrap;
  }

  public void setBootstrap(BootstrapSpec bootstrap) {
    this.bootstrap = bootstrap;
  }
}
