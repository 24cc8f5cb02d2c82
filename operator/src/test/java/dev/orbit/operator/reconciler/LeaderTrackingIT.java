package dev.orbit.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.Conditions;
import dev.orbit.operator.model.Labels;
import dev.orbit.operator.testing.Await;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leader tracking on the mock API server, with fake nodes answering {@code /v1/status} as the real
 * node does (one Raft group per protocol store) and honouring leadership transfers.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderTrackingIT {
  static KubernetesClient client;
  static final FakeNodes nodes = new FakeNodes();

  @RegisterExtension
  static final FakeNodeFixture fx = new FakeNodeFixture(() -> client, nodes, "orbitclusters");

  @Test
  void theRwServiceSelectsThePodTheNodesReportAsLeaderAndFollowsAFailover() {
    String ns = "lead";
    var c = Clusters.minimal(ns, "lt");
    c.getSpec().setReplicas(3);
    client.resource(c).create();
    nodes.lead("lt-1", "postgres", "redis");
    for (int i = 0; i < 3; i++) {
      client.resource(pod(ns, "lt-" + i)).create();
    }

    awaitRoles(ns, Map.of("lt-0", "replica", "lt-1", "primary", "lt-2", "replica"));
    Service rw = client.services().inNamespace(ns).withName("lt-rw").get();
    assertEquals("primary", rw.getSpec().getSelector().get(Labels.ROLE));
    var s = fx.awaitStatus(ns, "lt", x -> "lt-1".equals(x.getStatus().getLeader())).getStatus();
    var ft = Conditions.find(s.getConditions(), Conditions.FAULT_TOLERANT).orElseThrow();
    assertEquals("True", ft.getStatus());
    fx.awaitEvent(ns, "LeaderChanged", "lt-1 leads");

    // the leader's pod goes; the two left elect leaders of their own per store
    nodes.down("lt-1");
    client.pods().inNamespace(ns).withName("lt-1").delete();
    nodes.lead("lt-2", "postgres");
    nodes.lead("lt-0", "redis");

    // one group each: the lowest ordinal wins, and lt-2 is asked to hand its group over
    awaitRoles(ns, Map.of("lt-0", "primary", "lt-2", "replica"));
    Await.until(
        "a leadership transfer from lt-2 to lt-0",
        () -> List.copyOf(nodes.transfers),
        t -> t.contains("lt-2->lt-0"));
    assertEquals(List.of("postgres", "redis"), nodes.ledBy("lt-0"));
    fx.awaitStatus(ns, "lt", x -> "lt-0".equals(x.getStatus().getLeader()));
    // the events name each change from the leader before it: lt-1 -> lt-0, or lt-1 -> lt-2 ->
    // lt-0 when the operator saw lt-2 lead both stores before lt-0 took redis
    fx.awaitEvent(ns, "LeaderChanged", "-> lt-0 leads");
    fx.awaitEvent(ns, "LeaderChanged", "lt-1 -> lt-");
  }

  @Test
  void theStatusListsHowFarBehindItsLeaderEachMemberIs() {
    String ns = "lag";
    var c = Clusters.minimal(ns, "lg");
    c.getSpec().setReplicas(3);
    client.resource(c).create();
    nodes.lead("lg-0", "postgres", "redis");
    nodes.lagMillis.put("lg-2", 12_500L);
    for (int i = 0; i < 3; i++) {
      client.resource(pod(ns, "lg-" + i)).create();
    }
    var s =
        fx.awaitStatus(
                ns,
                "lg",
                x ->
                    x.getStatus().getNodes().size() == 3
                        && x.getStatus().getNodes().get(2).getLagSeconds() != null)
            .getStatus();
    assertEquals(
        List.of(true, true, false), s.getNodes().stream().map(n -> n.getCaughtUp()).toList());
    assertEquals(List.of(0, 0, 12), s.getNodes().stream().map(n -> n.getLagSeconds()).toList());

    // it catches up: the status follows; a node that stops answering shows no figures
    nodes.lagMillis.put("lg-2", 200L);
    fx.awaitStatus(
        ns, "lg", x -> Integer.valueOf(0).equals(x.getStatus().getNodes().get(2).getLagSeconds()));
    nodes.down("lg-1");
    var after =
        fx.awaitStatus(ns, "lg", x -> x.getStatus().getNodes().get(1).getCaughtUp() == null)
            .getStatus();
    assertEquals(true, after.getNodes().get(2).getCaughtUp());
  }

  @Test
  void twoMembersAreNotFaultTolerantWithAWarning() {
    String ns = "two";
    var c = Clusters.minimal(ns, "duo");
    c.getSpec().setReplicas(2);
    client.resource(c).create();
    var s =
        fx.awaitStatus(
            ns,
            "duo",
            x ->
                Conditions.find(x.getStatus().getConditions(), Conditions.FAULT_TOLERANT)
                    .isPresent());
    var ft =
        Conditions.find(s.getStatus().getConditions(), Conditions.FAULT_TOLERANT).orElseThrow();
    assertEquals("False", ft.getStatus());
    assertEquals("TwoMembers", ft.getReason());
    assertTrue(ft.getMessage().contains("tolerate no failure"), ft.getMessage());
    fx.awaitEvent(ns, "NotFaultTolerant", "replicas: 3");
  }

  @Test
  void scalingAddsMembersOneAtATimeAndRemovesThemBeforeTheirPodsGo() {
    String ns = "scale";
    var c = Clusters.minimal(ns, "sc");
    c.getSpec().setReplicas(3);
    client.resource(c).create();
    nodes.lead("sc-0", "postgres", "redis");
    for (int i = 0; i < 3; i++) {
      client.resource(pod(ns, "sc-" + i)).create();
    }
    fx.awaitStatus(ns, "sc", x -> "sc-0".equals(x.getStatus().getLeader()));
    awaitMembers(ns, "3", 3);

    setReplicas(ns, "sc", 5);
    // one pod more, not yet a member: the leader adds it once it runs, then the next pod comes
    awaitMembers(ns, "3", 4);
    assertTrue(nodes.memberCalls.isEmpty(), nodes.memberCalls.toString());
    client.resource(pod(ns, "sc-3")).create();
    awaitMembers(ns, "4", 5);
    assertEquals(
        List.of("sc-0: POST sc-3 sc-3.sc-nodes.scale.svc:7000"), List.copyOf(nodes.memberCalls));
    client.resource(pod(ns, "sc-4")).create();
    awaitMembers(ns, "5", 5);
    assertTrue(
        client
            .configMaps()
            .inNamespace(ns)
            .withName("sc-members")
            .get()
            .getData()
            .get("peers")
            .contains("sc-4=sc-4.sc-nodes.scale.svc:7000"));

    // scale down: while the leader refuses the removal, the StatefulSet keeps every pod
    nodes.memberCalls.clear();
    nodes.refuseMembers.set(true);
    setReplicas(ns, "sc", 3);
    Await.until(
        "the removal of sc-4 asked twice",
        () -> List.copyOf(nodes.memberCalls),
        calls -> calls.stream().filter(x -> x.equals("sc-0: DELETE sc-4")).count() >= 2);
    assertEquals(
        5,
        client.apps().statefulSets().inNamespace(ns).withName("sc").get().getSpec().getReplicas());
    nodes.refuseMembers.set(false);
    awaitMembers(ns, "3", 3);
    assertEquals(
        List.of("sc-0: DELETE sc-4", "sc-0: DELETE sc-3"),
        nodes.memberCalls.stream().distinct().toList());
    fx.awaitEvent(ns, "MemberRemoved", "sc-3 left");
  }

  /** Waits for the acknowledged member count and the StatefulSet's replicas. */
  private static void awaitMembers(String ns, String joined, int stsReplicas) {
    Await.until(
        joined + " members and " + stsReplicas + " pods",
        () -> {
          var cm = client.configMaps().inNamespace(ns).withName("sc-members").get();
          var sts = client.apps().statefulSets().inNamespace(ns).withName("sc").get();
          return (cm == null ? null : cm.getMetadata().getAnnotations().get("orbit.dev/members"))
              + "/"
              + (sts == null ? null : sts.getSpec().getReplicas());
        },
        now -> now.equals(joined + "/" + stsReplicas),
        java.time.Duration.ofSeconds(120));
  }

  private static void setReplicas(String ns, String name, int replicas) {
    Await.until(
        "spec.replicas " + replicas,
        () -> {
          try {
            // a patch of spec.replicas (as kubectl scale sends), not a PUT of the whole object:
            // the mock API server would take the PUT's stale status too (a real one ignores it),
            // and the operator's next status patch, computed from its own newer status, then fails
            client
                .resources(OrbitCluster.class)
                .inNamespace(ns)
                .withName(name)
                .edit(
                    c -> {
                      c.getSpec().setReplicas(replicas);
                      return c;
                    });
            return true;
          } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            return false; // 409: the operator wrote status meanwhile
          }
        },
        ok -> ok);
  }

  private static void awaitRoles(String ns, Map<String, String> roles) {
    Await.until(
        "pod roles " + roles,
        () -> {
          var now = new java.util.TreeMap<String, String>();
          for (Pod p : client.pods().inNamespace(ns).list().getItems()) {
            now.put(p.getMetadata().getName(), p.getMetadata().getLabels().get(Labels.ROLE));
          }
          return now;
        },
        now -> now.equals(new java.util.TreeMap<>(roles)));
  }

  private static Pod pod(String ns, String name) {
    return FakeNodeFixture.readyPod(ns, name, 0, Map.of());
  }
}
