package dev.orbit.operator.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.HttpURLConnection;
import java.util.Objects;

/**
 * Writes a custom resource's whole status: a PUT of the status subresource, locked on the version
 * just read from the API server, retried on a conflict. A JSON patch computed from the informer's
 * copy (JOSDK's patchStatus without server-side apply) fails, or edits the wrong list entries,
 * whenever that copy lags the server — and while the cache stays behind every retry fails the same
 * way. The status is computed whole on each reconcile, so replacing it is exact. The written
 * resource is handed to JOSDK's cache so the next reconcile starts from it (not from a copy older
 * than what it just wrote: a backup seen as still pending would be started twice).
 */
public final class StatusWriter {
  private static final int ATTEMPTS = 5;

  private StatusWriter() {}

  /** Writes {@code status} unless the resource is gone (or already has it). */
  public static <S, R extends CustomResource<?, S>> void write(
      Context<R> context, R cached, S status) {
    var meta = cached.getMetadata();
    @SuppressWarnings("unchecked")
    Class<R> type = (Class<R>) cached.getClass();
    var one =
        context
            .getClient()
            .resources(type)
            .inNamespace(meta.getNamespace())
            .withName(meta.getName());
    String wanted = Serialization.asJson(status);
    KubernetesClientException conflict = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      R fresh = one.get();
      if (fresh == null || !Objects.equals(fresh.getMetadata().getUid(), meta.getUid())) {
        return; // deleted (or deleted and created again): nothing of ours to write
      }
      if (wanted.equals(Serialization.asJson(fresh.getStatus()))) {
        return;
      }
      fresh.setStatus(status);
      try {
        R written = context.getClient().resource(fresh).updateStatus();
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
