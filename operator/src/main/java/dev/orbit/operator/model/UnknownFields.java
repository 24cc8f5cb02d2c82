package dev.orbit.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orbit.operator.api.v1alpha1.ApiObject;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The fields of a cluster's spec the operator does not know and ignores, as dotted paths ({@code
 * spec.storage.lukewarm}): those our API classes set aside, and those of embedded Kubernetes types
 * (resources, affinity, tolerations …) that landed in their {@code additionalProperties}.
 */
public final class UnknownFields {
  private static final String FABRIC8_MODEL = "io.fabric8.kubernetes.api.model";

  private UnknownFields() {}

  /** The unknown fields (top level, then the spec's), in document order; empty when none. */
  public static List<String> of(OrbitCluster c) {
    var out = new ArrayList<String>(c.unknownFields().keySet());
    walk(c.getSpec(), "spec", out);
    return out;
  }

  private static void walk(Object o, String path, List<String> out) {
    if (o == null) {
      return;
    }
    if (o instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        walk(item, path + "[" + i++ + "]", out);
      }
      return;
    }
    if (o instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, out));
      return;
    }
    if (o instanceof ApiObject a) {
      a.unknownFields().keySet().forEach(k -> out.add(path + "." + k));
    } else if (!o.getClass().getName().startsWith(FABRIC8_MODEL)) {
      return; // strings, numbers, enums, quantities
    }
    for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        Object value = read(f, o);
        if (f.getName().equals("additionalProperties") && value instanceof Map<?, ?> extra) {
          extra.keySet().forEach(k -> out.add(path + "." + k));
        } else if (!(o instanceof ApiObject) || !f.getName().equals("unknownFields")) {
          walk(value, path + "." + jsonName(f), out);
        }
      }
    }
  }

  private static Object read(Field f, Object o) {
    try {
      f.setAccessible(true);
      return f.get(o);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static String jsonName(Field f) {
    JsonProperty p = f.getAnnotation(JsonProperty.class);
    return p != null && !p.value().isEmpty() ? p.value() : f.getName();
  }
}
