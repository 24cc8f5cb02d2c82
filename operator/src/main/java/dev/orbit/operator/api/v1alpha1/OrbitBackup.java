package dev.orbit.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One backup of an {@link OrbitCluster}: on demand, or made by the cluster's backup schedule. */
@Group(OrbitCluster.GROUP)
@Version(OrbitCluster.VERSION)
@Kind("OrbitBackup")
@Plural("orbitbackups")
@Singular("orbitbackup")
@ShortNames("ob")
@AdditionalPrinterColumn(
    name = "Cluster",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".spec.cluster")
@AdditionalPrinterColumn(
    name = "Phase",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.phase")
@AdditionalPrinterColumn(
    name = "Size",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.size")
@AdditionalPrinterColumn(
    name = "Age",
    type = AdditionalPrinterColumn.Type.DATE,
    jsonPath = ".metadata.creationTimestamp")
public class OrbitBackup extends CustomResource<OrbitBackupSpec, OrbitBackupStatus>
    implements Namespaced {
  @Override
  protected OrbitBackupSpec initSpec() {
    return new OrbitBackupSpec();
  }
}
