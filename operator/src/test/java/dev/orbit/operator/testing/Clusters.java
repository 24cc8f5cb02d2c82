package dev.orbit.operator.testing;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.VolumeSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/** Builds OrbitCluster resources for tests. */
public final class Clusters {
  private Clusters() {}

  /** A minimal valid cluster: wal 1Gi, hot 10Gi, defaults elsewhere. */
  public static OrbitCluster minimal(String namespace, String name) {
    var c = new OrbitCluster();
    c.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withUid("uid-" + name)
            .withGeneration(1L)
            .build());
    c.getSpec().getStorage().setWal(new VolumeSpec("1Gi", null));
    c.getSpec().getStorage().setHot(new VolumeSpec("10Gi", null));
    return c;
  }

  /** Creates the CRD the build generated ({@code orbitclusters} or {@code orbitbackups}). */
  public static void installCrd(KubernetesClient client, String plural) {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .load(Path.of("target/classes/META-INF/fabric8/" + plural + ".orbit.dev-v1.yml").toFile())
        .create();
  }
}
