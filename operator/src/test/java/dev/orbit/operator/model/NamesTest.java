package dev.orbit.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orbit.operator.testing.Clusters;
import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void objectNamesDeriveFromTheClusterName() {
    var c = Clusters.minimal("ns", "orb");
    assertEquals("orb", Names.statefulSet(c));
    assertEquals("orb-nodes", Names.headlessService(c));
    assertEquals("orb-rw", Names.readWriteService(c));
    assertEquals("orb-ro", Names.readOnlyService(c));
    assertEquals("orb-config-0123abcd", Names.configMap(c, "0123abcd"));
    assertEquals("orb", Names.podDisruptionBudget(c));
    assertEquals("orb", Names.serviceAccount(c));
    assertEquals("orb-auth", Names.authSecret(c));
    assertEquals("hot-orb-2", Names.claim(Tier.HOT, c, 2));
  }

  @Test
  void ordinalsAndRoles() {
    assertEquals(0, Names.ordinalOf("orb-0"));
    assertEquals(12, Names.ordinalOf("my-orb-12"));
    assertEquals(-1, Names.ordinalOf("orb"));
    assertEquals(-1, Names.ordinalOf("orb-x"));
    assertEquals("primary", Labels.roleOf(0));
    assertEquals("replica", Labels.roleOf(3));
  }
}
