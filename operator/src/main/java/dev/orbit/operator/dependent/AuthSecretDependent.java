package dev.orbit.operator.dependent;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.Labels;
import dev.orbit.operator.model.Names;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The auth Secret: created with a random password when absent, never updated afterwards (no
 * accidental rotation). A Secret the user made under that name is used as it is.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class AuthSecretDependent extends KubernetesDependentResource<Secret, OrbitCluster>
    implements Creator<Secret, OrbitCluster>, GarbageCollected<OrbitCluster> {
  private static final SecureRandom RANDOM = new SecureRandom();

  public AuthSecretDependent() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(OrbitCluster primary, Context<OrbitCluster> context) {
    // Only called when the Secret is absent: the password is made once, here, never in the model.
    return OwnedDependent.model(context).authSecret(newPassword());
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      OrbitCluster primary, Context<OrbitCluster> context) {
    return new ResourceID(Names.authSecret(primary), primary.getMetadata().getNamespace());
  }

  @Override
  public Secret create(Secret desired, OrbitCluster primary, Context<OrbitCluster> context) {
    try {
      return super.create(desired, primary, context);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // A Secret the user created (outside our informer's label selector): keep it.
      return context
          .getClient()
          .secrets()
          .inNamespace(desired.getMetadata().getNamespace())
          .withName(desired.getMetadata().getName())
          .get();
    }
  }

  static String newPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
