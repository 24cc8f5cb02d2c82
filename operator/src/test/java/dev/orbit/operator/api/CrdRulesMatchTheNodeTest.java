package dev.orbit.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orbit.config.ServedProtocols;
import dev.orbit.operator.api.v1alpha1.AqlProtocolSpec;
import dev.orbit.operator.api.v1alpha1.BoltProtocolSpec;
import dev.orbit.operator.api.v1alpha1.CqlProtocolSpec;
import dev.orbit.operator.api.v1alpha1.MysqlProtocolSpec;
import dev.orbit.operator.api.v1alpha1.PostgresProtocolSpec;
import dev.orbit.operator.api.v1alpha1.RedisProtocolSpec;
import dev.orbit.operator.api.v1alpha1.Rules;
import dev.orbit.operator.model.ConfigKeys;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The CRD's rules say what the node and the operator do: a protocol is refused at apply exactly
 * when this node build does not serve it, and spec.config admits exactly the keys the operator
 * leaves to users. When the node starts serving a protocol, this fails until its rule is removed.
 */
class CrdRulesMatchTheNodeTest {
  static final Map<String, Class<?>> PROTOCOLS =
      Map.of(
          "postgres", PostgresProtocolSpec.class,
          "redis", RedisProtocolSpec.class,
          "mysql", MysqlProtocolSpec.class,
          "cql", CqlProtocolSpec.class,
          "bolt", BoltProtocolSpec.class,
          "aql", AqlProtocolSpec.class);

  @Test
  void exactlyTheProtocolsThisBuildDoesNotServeAreRefused() {
    PROTOCOLS.forEach(
        (name, type) -> {
          boolean refused = type.getAnnotation(ValidationRule.class) != null;
          assertEquals(
              !ServedProtocols.SERVED.contains(name),
              refused,
              name
                  + (refused
                      ? " is served now: remove its @ValidationRule"
                      : " is not served: give it @ValidationRule(Rules.NOT_ENABLED, …)"));
        });
  }

  @Test
  void theServedListInMessagesIsTheNodes() {
    assertEquals(
        "available: " + String.join(", ", new TreeSet<>(ServedProtocols.SERVED)), Rules.SERVED);
  }

  @Test
  void configKeysRuleListsTheSettableKeys() {
    assertEquals(
        ConfigKeys.settable().stream().map(k -> "'" + k + "'").collect(Collectors.joining(", ")),
        Rules.CONFIG_KEYS);
    assertEquals(
        ConfigKeys.settable(),
        Arrays.stream(Rules.CONFIG_KEYS.split(",")).map(s -> s.trim().replace("'", "")).toList());
  }
}
