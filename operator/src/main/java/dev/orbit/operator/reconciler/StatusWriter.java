package dev.orbit.operator.reconciler;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.OrbitClusterStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.HttpURLConnection;
import java.util.Objects;

/**
 * Writes a cluster's whole status: a PUT of the status subresource, locked on the version just read
 * from the API server, retried on a conflict. A JSON patch computed from the informer's copy
 * (JOSDK's patchStatus without server-side apply) fails, or edits the wrong list entries, whenever
 * that copy lags the server — and while the cache stays behind every retry fails the same way. The
 * status is computed whole on each reconcile, so replacing it is exact. The written cluster is
 * handed to JOSDK's cache so the next reconcile starts from it.
 */
final class StatusWriter {
  private static final int ATTEMPTS = 5;

  private StatusWriter() {}

  /** Writes {@code status} unless the cluster is gone (or already has it). */
  static void write(Context<OrbitCluster> context, OrbitCluster cached, OrbitClusterStatus status) {
    var meta = cached.getMetadata();
    var one =
        context
            .getClient()
            .resources(OrbitCluster.class)
            .inNamespace(meta.getNamespace())
            .withName(meta.getName());
    KubernetesClientException conflict = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      OrbitCluster fresh = one.get();
      if (fresh == null || !Objects.equals(fresh.getMetadata().getUid(), meta.getUid())) {
        return; // deleted (or deleted and created again): nothing of ours to write
      }
      if (status.equals(fresh.getStatus())) {
        return;
      }
      fresh.setStatus(status);
      try {
        OrbitCluster written = context.getClient().resource(fresh).updateStatus();
        context
            .eventSourceRetriever()
            .getControllerEventSource()
            .handleRecentResourceUpdate(ResourceID.fromResource(written), written, cached);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        conflict = e; // another writer came between the read and the write: read again
      }
    }
    throw conflict;
  }
}
