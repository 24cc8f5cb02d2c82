package dev.orbit.e2e.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates the CEL rules of a CRD ({@code x-kubernetes-validations}) as the API server does:
 * {@code self} is the value at the rule's place in the object, {@code oldSelf} its previous value
 * (a rule that reads {@code oldSelf} runs on updates only), with CEL's standard macros and the
 * strings extension that Kubernetes also offers. Compiled programs are cached by rule text.
 */
final class CelRules {
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addLibraries(CelExtensions.strings())
          .build();
  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().addLibraries(CelExtensions.strings()).build();
  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

  private CelRules() {}

  /** Whether a rule compares with the previous value (a transition rule). */
  static boolean readsOldSelf(String rule) {
    return rule.contains("oldSelf");
  }

  /**
   * Evaluates a rule; true when it holds.
   *
   * @throws IllegalArgumentException when the rule does not compile or its evaluation fails (the
   *     message says why)
   */
  static boolean holds(String rule, JsonNode self, JsonNode oldSelf) {
    CelRuntime.Program program = PROGRAMS.computeIfAbsent(rule, CelRules::compile);
    var vars = new HashMap<String, Object>();
    vars.put("self", value(self));
    if (oldSelf != null) {
      vars.put("oldSelf", value(oldSelf));
    }
    try {
      Object result = program.eval(vars);
      if (!(result instanceof Boolean b)) {
        throw new IllegalArgumentException("rule does not give a boolean: " + result);
      }
      return b;
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Compiles every rule of a CRD (its {@code x-kubernetes-validations}) into the cache. */
  static void compileAll(JsonNode crd) {
    if (crd.isObject()) {
      crd.path("x-kubernetes-validations")
          .forEach(r -> PROGRAMS.computeIfAbsent(r.path("rule").asText(), CelRules::compile));
      crd.forEach(CelRules::compileAll);
    } else if (crd.isArray()) {
      crd.forEach(CelRules::compileAll);
    }
  }

  private static CelRuntime.Program compile(String rule) {
    try {
      CelAbstractSyntaxTree ast = COMPILER.compile(rule).getAst();
      return RUNTIME.createProgram(ast);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalArgumentException("rule does not compile: " + e.getMessage(), e);
    }
  }

  /** A JSON value as CEL sees it: maps, lists, int64, double, string, bool; nulls left out. */
  static Object value(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isObject()) {
      var map = new LinkedHashMap<String, Object>();
      node.fields()
          .forEachRemaining(
              e -> {
                Object v = value(e.getValue());
                if (v != null) {
                  map.put(e.getKey(), v);
                }
              });
      return map;
    }
    if (node.isArray()) {
      var list = new ArrayList<Object>();
      node.forEach(
          e -> {
            Object v = value(e);
            if (v != null) {
              list.add(v);
            }
          });
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }
}
