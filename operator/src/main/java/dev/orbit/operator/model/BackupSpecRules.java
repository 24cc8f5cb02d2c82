package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.BackupTargetSpec;
import dev.orbit.operator.api.v1alpha1.OrbitClusterSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks of {@code spec.backup} and {@code spec.bootstrap} the CRD schema cannot express (cron
 * syntax), and its rules again for API servers that skip CEL. Pure.
 */
final class BackupSpecRules {
  private BackupSpecRules() {}

  static List<String> validate(OrbitClusterSpec spec) {
    var problems = new ArrayList<String>();
    var b = spec.getBackup();
    if (b != null) {
      target("spec.backup.target", b.target, problems);
      cron("spec.backup.schedule", b.schedule, problems);
      if (b.verify != null) {
        cron("spec.backup.verify.schedule", b.verify.schedule, problems);
      }
      if (b.retention != null && b.retention.keepLast == null && b.retention.maxAge == null) {
        problems.add("spec.backup.retention needs keepLast, maxAge or both");
      }
    }
    var boot = spec.getBootstrap();
    if (boot != null && boot.fromBackup != null) {
      var f = boot.fromBackup;
      if ((f.backupName == null) == (f.target == null)) {
        problems.add("spec.bootstrap.fromBackup needs backupName or target, not both");
      }
      if (f.target != null) {
        target("spec.bootstrap.fromBackup.target", f.target, problems);
      }
    }
    return problems;
  }

  static void target(String path, BackupTargetSpec t, List<String> problems) {
    if (t == null) {
      problems.add(path + " is required");
    } else if ((t.s3 == null) == (t.volume == null)) {
      problems.add(path + " needs exactly one of s3 or volume");
    } else if (t.s3 != null && (t.s3.bucket == null || t.s3.credentialsSecret == null)) {
      problems.add(path + ".s3 needs bucket and credentialsSecret");
    }
  }

  private static void cron(String path, String cron, List<String> problems) {
    if (cron != null) {
      String p = BackupSchedule.problem(cron);
      if (p != null) {
        problems.add(path + ": " + p);
      }
    }
  }
}
