package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbit.operator.api.v1alpha1.ArchiveSpec;
import dev.orbit.operator.api.v1alpha1.ClusterBackupSpec;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContinuousArchivingTest {
  private static final String T0 = "2026-01-01T00:00:00Z";
  private static final String T1 = "2026-01-01T00:05:00Z";

  private static OrbitCluster archiving(boolean enabled) {
    OrbitCluster c = Clusters.minimal("ns", "c");
    c.getSpec().setBackup(new ClusterBackupSpec());
    c.getSpec().getBackup().archive = new ArchiveSpec();
    c.getSpec().getBackup().archive.enabled = enabled;
    return c;
  }

  @Test
  void theErrorsAreTheStoresWhoseLastPassFailed() throws Exception {
    var status =
        new ObjectMapper()
            .readTree(
                "{\"archive\":{\"postgres\":{\"lastIndex\":4,\"error\":null},"
                    + "\"redis\":{\"lastIndex\":-1,\"error\":\"S3 error NoSuchBucket (HTTP 404)\"}}}");
    assertEquals(
        Map.of("redis", "S3 error NoSuchBucket (HTTP 404)"), ContinuousArchiving.errors(status));
    assertNull(ContinuousArchiving.errors(new ObjectMapper().readTree("{\"replication\":{}}")));
  }

  @Test
  void everyFailingStoreOfEveryPodIsNamedAndTheTransitionTimeIsKeptWhileItFails() {
    OrbitCluster c = archiving(true);
    Condition failing =
        ContinuousArchiving.condition(
            List.of(),
            c,
            Map.of("c-1", Map.of("redis", "denied"), "c-0", Map.of("postgres", "gone")),
            1L,
            T0);
    assertEquals("False", failing.getStatus());
    assertEquals(
        "c-0 cannot archive the postgres log: gone; c-1 cannot archive the redis log: denied (the"
            + " log is kept, not purged, until it is archived: it grows meanwhile)",
        failing.getMessage());
    Condition still =
        ContinuousArchiving.condition(
            List.of(failing), c, Map.of("c-0", Map.of("postgres", "gone")), 1L, T1);
    assertEquals(T0, still.getLastTransitionTime());
    Condition ok =
        ContinuousArchiving.condition(List.of(still), c, Map.of("c-0", Map.of()), 1L, T1);
    assertEquals("True", ok.getStatus());
    assertEquals(T1, ok.getLastTransitionTime());
  }

  @Test
  void withoutAnAnswerThePreviousConditionStandsAndWithoutArchivingThereIsNone() {
    Condition failing =
        ContinuousArchiving.condition(
            List.of(), archiving(true), Map.of("c-0", Map.of("redis", "x")), 1L, T0);
    assertEquals(
        failing,
        ContinuousArchiving.condition(List.of(failing), archiving(true), Map.of(), 1L, T1));
    assertEquals(
        failing, ContinuousArchiving.condition(List.of(failing), archiving(true), null, 1L, T1));
    assertNull(
        ContinuousArchiving.condition(
            List.of(failing), archiving(false), Map.of("c-0", Map.of()), 1L, T1));
  }
}
