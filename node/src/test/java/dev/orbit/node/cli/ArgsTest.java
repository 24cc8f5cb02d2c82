package dev.orbit.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {
  @Test
  void optionsInBothFormsAndRepeatedSets() {
    Args a =
        Args.parse(
            new String[] {
              "serve",
              "--config",
              "f.yaml",
              "--data-dir=/d",
              "--set",
              "a.b=1",
              "--set=c.d=x=y",
              "--force"
            },
            Set.of("config", "data-dir"),
            Set.of("force"));
    assertEquals(List.of("serve"), a.words);
    assertEquals("f.yaml", a.options.get("config"));
    assertEquals("/d", a.options.get("data-dir"));
    assertEquals(List.of("a.b=1", "c.d=x=y"), a.sets);
    assertTrue(a.flags.contains("force"));
  }

  @Test
  void unknownOptionsAndMissingValuesAreUsageErrors() {
    assertThrows(
        Args.UsageException.class, () -> Args.parse(new String[] {"--nope"}, Set.of(), Set.of()));
    assertThrows(
        Args.UsageException.class,
        () -> Args.parse(new String[] {"--config"}, Set.of("config"), Set.of()));
  }
}
