package dev.orbit.operator.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orbit.operator.api.v1alpha1.BootstrapSpec;
import dev.orbit.operator.api.v1alpha1.FromBackupSpec;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.model.BackupPodModel;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreProgressTest {
  private static OrbitCluster bootstrapped() {
    OrbitCluster c = Clusters.minimal("ns", "copy");
    c.getSpec().setBootstrap(new BootstrapSpec());
    c.getSpec().getBootstrap().fromBackup = new FromBackupSpec();
    return c;
  }

  private static Pod pod(String name, boolean running, Integer exit) {
    var state = new ContainerStateBuilder();
    if (running) {
      state.withNewRunning().endRunning();
    } else {
      state.withNewTerminated().withExitCode(exit).withMessage("no backup").endTerminated();
    }
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("ns")
        .endMetadata()
        .withNewStatus()
        .withInitContainerStatuses(
            new ContainerStatusBuilder()
                .withName(BackupPodModel.RESTORE_CONTAINER)
                .withState(state.build())
                .build())
        .endStatus()
        .build();
  }

  @Test
  void aRunningRestoreShowsThePercentageItsContainerLastPrinted() {
    Map<String, String> logs =
        Map.of(
            "copy-0",
            "restore progress: 40% (40 of 100 bytes)\nrestore progress: 45% (45 of 100 bytes)\n",
            "copy-1",
            "Picked up JAVA_TOOL_OPTIONS\n");
    String line =
        RestoreProgress.of(
            bootstrapped(),
            List.of(pod("copy-0", true, null), pod("copy-1", true, null)),
            p -> logs.get(p.getMetadata().getName()));
    assertEquals("{copy-0=Running 45%, copy-1=Running}", line);
    assertTrue(RestoreProgress.running(line));
  }

  @Test
  void aLogThatCannotBeReadLeavesRunningAndEndedRestoresNeedNoLog() {
    String line =
        RestoreProgress.of(
            bootstrapped(), List.of(pod("copy-0", true, null), pod("copy-1", false, 1)), p -> null);
    assertEquals("{copy-0=Running, copy-1=Failed (exit 1): no backup}", line);
    String done =
        RestoreProgress.of(
            bootstrapped(),
            List.of(pod("copy-0", false, 0)),
            p -> {
              throw new AssertionError("no log is read for a finished restore");
            });
    assertEquals("Completed", done);
    assertFalse(RestoreProgress.running(done));
    assertNull(RestoreProgress.of(Clusters.minimal("ns", "plain"), List.of(), p -> null));
  }
}
