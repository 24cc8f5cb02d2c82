package dev.orbit.operator.dependent;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.ClusterModel;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A Secret holding a random value, created when absent and never updated afterwards (no accidental
 * rotation). A Secret someone else made under that name is used as it is.
 */
abstract class GeneratedSecretDependent extends KubernetesDependentResource<Secret, OrbitCluster>
    implements Creator<Secret, OrbitCluster>, GarbageCollected<OrbitCluster> {
  private static final SecureRandom RANDOM = new SecureRandom();

  GeneratedSecretDependent() {
    super(Secret.class);
  }

  /** The Secret's name for this cluster. */
  protected abstract String name(OrbitCluster primary);

  /** The Secret holding {@code value}, from the model. */
  protected abstract Secret build(ClusterModel model, String value);

  @Override
  protected Secret desired(OrbitCluster primary, Context<OrbitCluster> context) {
    // Only called when the Secret is absent: the value is made once, here, never in the model.
    return build(OwnedDependent.model(context), newValue());
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      OrbitCluster primary, Context<OrbitCluster> context) {
    return new ResourceID(name(primary), primary.getMetadata().getNamespace());
  }

  @Override
  public Secret create(Secret desired, OrbitCluster primary, Context<OrbitCluster> context) {
    try {
      return super.create(desired, primary, context);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // A Secret someone created (outside our informer's label selector): keep it.
      return context
          .getClient()
          .secrets()
          .inNamespace(desired.getMetadata().getNamespace())
          .withName(desired.getMetadata().getName())
          .get();
    }
  }

  /** 24 random bytes, URL-safe base64 (32 characters). */
  static String newValue() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
