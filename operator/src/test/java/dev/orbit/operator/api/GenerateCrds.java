package dev.orbit.operator.api;

import dev.orbit.operator.api.v1alpha1.OrbitBackup;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.File;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Generates the CRDs from the API classes (the build runs it; {@code args[0]} is the output folder)
 * with fabric8's CRD generator, and keeps the printer columns in the order the classes declare them
 * ({@code kubectl get} shows Age last), where the generator sorts them by path.
 */
public final class GenerateCrds {
  /** The custom resources of the API. */
  static final List<Class<? extends HasMetadata>> RESOURCES =
      List.of(OrbitCluster.class, OrbitBackup.class);

  private GenerateCrds() {}

  public static void main(String[] args) {
    File out = new File(args[0]);
    if (!out.isDirectory() && !out.mkdirs()) {
      throw new IllegalStateException("cannot create " + out); // a fresh clone has no such folder
    }
    var info =
        new CRDGenerator()
            .customResourceClasses(RESOURCES)
            .forCRDVersions("v1")
            .withPostProcessor(new DeclaredColumnOrder())
            .inOutputDir(out)
            .detailedGenerate();
    if (info.numberOfGeneratedCRDs() != RESOURCES.size()) {
      throw new IllegalStateException("generated " + info.numberOfGeneratedCRDs() + " CRDs");
    }
  }

  /** Orders each version's printer columns as the custom resource class declares them. */
  static final class DeclaredColumnOrder implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      String kind = ((CustomResourceDefinition) crd).getSpec().getNames().getKind();
      Class<?> type =
          RESOURCES.stream().filter(r -> r.getSimpleName().equals(kind)).findFirst().orElseThrow();
      List<String> order =
          Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
              .map(AdditionalPrinterColumn::name)
              .toList();
      for (var version : ((CustomResourceDefinition) crd).getSpec().getVersions()) {
        var columns = version.getAdditionalPrinterColumns();
        if (columns != null) {
          columns.sort(
              Comparator.comparingInt(
                  (CustomResourceColumnDefinition c) -> order.indexOf(c.getName())));
        }
      }
      return crd;
    }
  }
}
