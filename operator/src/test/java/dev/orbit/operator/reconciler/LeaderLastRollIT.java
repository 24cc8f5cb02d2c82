package dev.orbit.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.Labels;
import dev.orbit.operator.testing.Await;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rolling updates with the leader last, and switchover by annotation, on the mock API server with
 * fake nodes. The test plays the StatefulSet controller: it restarts (re-creates) the pods the
 * partition lets roll, highest ordinal first, and reports the revisions in the StatefulSet status.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderLastRollIT {
  static KubernetesClient client;
  static final FakeNodes nodes = new FakeNodes();

  @RegisterExtension
  static final FakeNodeFixture fx = new FakeNodeFixture(() -> client, nodes, "orbitclusters");

  @Test
  void aConfigChangeRollsTheFollowersFirstAndTheLeaderAfterHandingOver() {
    String ns = "roll";
    var c = Clusters.minimal(ns, "rl");
    c.getSpec().setReplicas(3);
    client.resource(c).create();
    nodes.lead("rl-1", "postgres", "redis");
    for (int i = 0; i < 3; i++) {
      client.resource(pod(ns, "rl-" + i, "r1")).create();
    }
    StatefulSet first = controllerSees(ns, "rl", "r1");
    fx.awaitStatus(ns, "rl", x -> "rl-1".equals(x.getStatus().getLeader()));

    editSpec(ns, "rl", x -> x.getSpec().getTiering().setInterval("20s"));
    // the new template, with the leader (ordinal 1) and ordinal 0 kept back
    StatefulSet rolling =
        Await.until(
            "the new template with partition 2",
            () -> client.apps().statefulSets().inNamespace(ns).withName("rl").get(),
            s -> !hash(s).equals(hash(first)) && partition(s) == 2);
    controllerSees(ns, "rl", "r2");
    assertEquals(List.of(), transfers("rl"));
    assertEquals(2, partition(get(ns, "rl")), "held while rl-2 has not restarted");

    // rl-2 restarts on the new revision: the leader hands over to it, then the rest may roll
    restart(ns, "rl-2", "r2");
    awaitPartition(ns, "rl", 0);
    assertEquals(List.of("rl-1->rl-2"), transfers("rl"));
    fx.awaitEvent(ns, "LeadershipTransferred", "rl-1 handed the leadership to rl-2");
    restart(ns, "rl-1", "r2");
    restart(ns, "rl-0", "r2");
    fx.awaitStatus(ns, "rl", x -> x.getStatus().getPendingChanges() == null);
    assertEquals(List.of("rl-1->rl-2"), transfers("rl"));
    assertEquals(0, partition(get(ns, "rl")));
    assertEquals(hash(rolling), hash(get(ns, "rl")));
  }

  @Test
  void aLeaderOnTheHighestOrdinalHandsOverBeforeTheRollStartsAndAgainBeforeItsSuccessorsTurn() {
    String ns = "top";
    var c = Clusters.minimal(ns, "tp");
    c.getSpec().setReplicas(3);
    client.resource(c).create();
    nodes.lead("tp-2", "postgres", "redis");
    for (int i = 0; i < 3; i++) {
      client.resource(pod(ns, "tp-" + i, "r1")).create();
    }
    controllerSees(ns, "tp", "r1");
    fx.awaitStatus(ns, "tp", x -> "tp-2".equals(x.getStatus().getLeader()));

    editSpec(ns, "tp", x -> x.getSpec().getTiering().setInterval("20s"));
    // no pod runs the new revision yet: the lowest-ordinal follower leads meanwhile
    Await.until("tp-2 hands over to tp-0", () -> transfers("tp"), t -> !t.isEmpty());
    assertEquals(List.of("tp-2->tp-0"), transfers("tp"));
    controllerSees(ns, "tp", "r2");
    awaitPartition(ns, "tp", 1);
    restart(ns, "tp-2", "r2");
    restart(ns, "tp-1", "r2");
    // tp-0 is last and leads: it hands over to the lowest ordinal on the new revision
    awaitPartition(ns, "tp", 0);
    assertEquals(List.of("tp-2->tp-0", "tp-0->tp-1"), transfers("tp"));
    restart(ns, "tp-0", "r2");
    fx.awaitStatus(ns, "tp", x -> x.getStatus().getPendingChanges() == null);
  }

  @Test
  void theSwitchoverAnnotationHandsTheLeadershipToThatPodAndIsRemoved() {
    String ns = "switch";
    var c = Clusters.minimal(ns, "sw");
    c.getSpec().setReplicas(3);
    client.resource(c).create();
    nodes.lead("sw-0", "postgres", "redis");
    for (int i = 0; i < 3; i++) {
      client.resource(pod(ns, "sw-" + i, "r1")).create();
    }
    fx.awaitStatus(ns, "sw", x -> "sw-0".equals(x.getStatus().getLeader()));

    annotate(ns, "sw", "sw-2");
    fx.awaitEvent(ns, "SwitchedOver", "sw-0 handed the leadership to sw-2");
    assertEquals(List.of("sw-0->sw-2"), transfers("sw"));
    awaitNoAnnotation(ns, "sw");
    fx.awaitStatus(ns, "sw", x -> "sw-2".equals(x.getStatus().getLeader()));
    assertEquals(
        Labels.ROLE_PRIMARY,
        client
            .pods()
            .inNamespace(ns)
            .withName("sw-2")
            .get()
            .getMetadata()
            .getLabels()
            .get(Labels.ROLE));

    // a pod that is no member: refused with a Warning, nothing transferred, annotation removed
    annotate(ns, "sw", "sw-7");
    var refused = fx.awaitEvent(ns, "SwitchoverRefused", "sw-7 is not a ready member");
    assertEquals("Warning", refused.getType());
    awaitNoAnnotation(ns, "sw");
    assertEquals(List.of("sw-0->sw-2"), transfers("sw"));
  }

  /** The leadership transfers the fake nodes of one cluster were asked for, in order. */
  private static List<String> transfers(String cluster) {
    return nodes.transfers.stream().filter(t -> t.startsWith(cluster + "-")).toList();
  }

  private static StatefulSet get(String ns, String name) {
    return client.apps().statefulSets().inNamespace(ns).withName(name).get();
  }

  /** The StatefulSet controller's view: every spec seen, {@code revision} the update revision. */
  private static StatefulSet controllerSees(String ns, String name, String revision) {
    StatefulSet sts = Await.until("the StatefulSet", () -> get(ns, name), s -> s != null);
    sts.setStatus(
        new StatefulSetStatusBuilder()
            .withObservedGeneration(sts.getMetadata().getGeneration())
            .withReplicas(sts.getSpec().getReplicas())
            .withReadyReplicas(sts.getSpec().getReplicas())
            .withCurrentRevision("r1")
            .withUpdateRevision(revision)
            .build());
    return client.resource(sts).updateStatus();
  }

  /** Waits for the partition, then lets the controller see that spec (on revision r2). */
  private static void awaitPartition(String ns, String name, int partition) {
    Await.until("partition " + partition, () -> partition(get(ns, name)), p -> p == partition);
    controllerSees(ns, name, "r2");
  }

  /** Restarts a pod as the StatefulSet controller does: deleted, then created on a revision. */
  private static void restart(String ns, String name, String revision) {
    client.pods().inNamespace(ns).withName(name).delete();
    Await.until(
        name + " gone", () -> client.pods().inNamespace(ns).withName(name).get() == null, g -> g);
    client.resource(pod(ns, name, revision)).create();
  }

  private static int partition(StatefulSet s) {
    var ru = s.getSpec().getUpdateStrategy().getRollingUpdate();
    return ru == null || ru.getPartition() == null ? 0 : ru.getPartition();
  }

  private static String hash(StatefulSet s) {
    return s.getSpec().getTemplate().getMetadata().getAnnotations().get(Labels.CONFIG_HASH);
  }

  private static void annotate(String ns, String name, String pod) {
    edit(ns, name, x -> x.getMetadata().getAnnotations().put(Switchover.ANNOTATION, pod));
  }

  private static void editSpec(String ns, String name, Consumer<OrbitCluster> change) {
    edit(ns, name, change);
  }

  /** Edits the cluster as kubectl does: retried on 409 while the operator writes status. */
  private static void edit(String ns, String name, Consumer<OrbitCluster> change) {
    Await.until(
        "the edit of " + name,
        () -> {
          try {
            // a patch of what changed (as kubectl edit sends), not a PUT of the whole object: the
            // mock API server would take the PUT's stale status too (a real one ignores it)
            client
                .resources(OrbitCluster.class)
                .inNamespace(ns)
                .withName(name)
                .edit(
                    x -> {
                      change.accept(x);
                      return x;
                    });
            return true;
          } catch (KubernetesClientException e) {
            return false;
          }
        },
        ok -> ok);
  }

  private static void awaitNoAnnotation(String ns, String name) {
    Await.until(
        "the switchover annotation removed",
        () -> client.resources(OrbitCluster.class).inNamespace(ns).withName(name).get(),
        x -> Switchover.requested(x) == null);
  }

  private static Pod pod(String ns, String name, String revision) {
    return FakeNodeFixture.readyPod(ns, name, 1, Map.of("controller-revision-hash", revision));
  }
}
