package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.testing.Clusters;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownFieldsTest {
  static OrbitCluster read(String specJson) {
    return Serialization.unmarshal(
        "{\"apiVersion\":\"orbit.dev/v1alpha1\",\"kind\":\"OrbitCluster\","
            + "\"metadata\":{\"name\":\"c\",\"namespace\":\"ns\"},\"spec\":"
            + specJson
            + "}",
        OrbitCluster.class);
  }

  @Test
  void aKnownSpecHasNone() {
    assertEquals(List.of(), UnknownFields.of(Clusters.minimal("ns", "c")));
    assertEquals(
        List.of(),
        UnknownFields.of(
            read(
                "{\"storage\":{\"wal\":{\"size\":\"1Gi\"},\"hot\":{\"size\":\"1Gi\"}},"
                    + "\"resources\":{\"limits\":{\"memory\":\"1Gi\"}},"
                    + "\"scheduling\":{\"tolerations\":[{\"key\":\"k\",\"operator\":\"Exists\"}]}}")));
  }

  @Test
  void fieldsTheOperatorDoesNotKnowAreReadAndNamedNotFatal() {
    OrbitCluster c =
        read(
            "{\"storage\":{\"wal\":{\"size\":\"1Gi\"},\"hot\":{\"size\":\"1Gi\"},"
                + "\"lukewarm\":{\"size\":\"5Gi\"}},"
                + "\"tiering\":{\"warm\":{\"minAge\":\"1h\",\"colour\":\"red\"}},"
                + "\"resources\":{\"limitz\":{\"cpu\":\"1\"}},"
                + "\"scheduling\":{\"tolerations\":[{\"key\":\"k\",\"effekt\":\"x\"}]},"
                + "\"future\":true}");
    assertEquals("1Gi", c.getSpec().getStorage().getWal().getSize().toString());
    assertEquals("1h", c.getSpec().getTiering().getWarm().getMinAge());
    assertEquals(
        List.of(
            "spec.future",
            "spec.storage.lukewarm",
            "spec.tiering.warm.colour",
            "spec.resources.limitz",
            "spec.scheduling.tolerations[0].effekt"),
        UnknownFields.of(c));
  }

  @Test
  void unknownTopLevelFieldsAndStatusFieldsDoNotFailReading() {
    OrbitCluster c =
        Serialization.unmarshal(
            "{\"apiVersion\":\"orbit.dev/v1alpha1\",\"kind\":\"OrbitCluster\","
                + "\"metadata\":{\"name\":\"c\"},\"extra\":1,\"spec\":{},"
                + "\"status\":{\"replicas\":1,\"newerField\":{\"x\":1}}}",
            OrbitCluster.class);
    assertEquals(1, c.getStatus().getReplicas());
    assertEquals(List.of("extra"), UnknownFields.of(c));
  }

  @Test
  void unknownFieldsSurviveACopyOfTheResource() {
    OrbitCluster c = read("{\"storage\":{\"wal\":{\"size\":\"1Gi\"},\"lukewarm\":1}}");
    OrbitCluster copy = Serialization.unmarshal(Serialization.asJson(c), OrbitCluster.class);
    assertEquals(List.of("spec.storage.lukewarm"), UnknownFields.of(copy));
  }
}
