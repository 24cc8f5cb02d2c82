package dev.orbit.operator.dependent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.ClusterModel;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;

/**
 * A dependent whose desired object comes from the {@link ClusterModel} the reconciler computed for
 * this reconciliation. Each desired object carries a hash of itself, so a change that only removes
 * something (a port, a key) is still seen, while fields the API server defaults or normalises never
 * cause writes.
 */
public abstract class OwnedDependent<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, OrbitCluster> {
  /** Annotation with the hash of the desired object as last written by the operator. */
  public static final String DESIRED_HASH = "orbit.dev/desired-hash";

  private static final ObjectMapper SORTED =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  protected OwnedDependent(Class<R> type) {
    super(type);
  }

  /** The desired object; a line that calls the model. */
  protected abstract R build(ClusterModel model);

  /** The model the reconciler put into the context before invoking the workflow. */
  public static ClusterModel model(Context<OrbitCluster> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(ClusterModel.class, ClusterModel.class);
  }

  @Override
  protected R desired(OrbitCluster primary, Context<OrbitCluster> context) {
    R desired = build(model(context));
    var annotations = desired.getMetadata().getAnnotations();
    if (annotations == null) {
      annotations = new LinkedHashMap<>();
      desired.getMetadata().setAnnotations(annotations);
    }
    annotations.remove(DESIRED_HASH);
    annotations.put(DESIRED_HASH, hash(desired));
    return desired;
  }

  /**
   * Matches on the hash of the desired object only. Comparing field by field would see the API
   * server's normalisations (CPU "1000m" read back as "1", defaulted fields) as changes and write
   * on every reconciliation; an object whose hash annotation differs is replaced with the desired
   * one.
   */
  @Override
  public Matcher.Result<R> match(
      R actual, R desired, OrbitCluster primary, Context<OrbitCluster> context) {
    String want = desired.getMetadata().getAnnotations().get(DESIRED_HASH);
    var actualAnnotations = actual.getMetadata().getAnnotations();
    String have = actualAnnotations == null ? null : actualAnnotations.get(DESIRED_HASH);
    return Matcher.Result.computed(want.equals(have), desired);
  }

  static String hash(HasMetadata object) {
    try {
      // Canonical JSON: the object as the API sees it, with every map's keys sorted.
      Object tree = SORTED.readValue(Serialization.asJson(object), Object.class);
      byte[] json = SORTED.writeValueAsBytes(tree);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash " + object.getKind(), e);
    }
  }
}
