package dev.orbit.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orbit.operator.api.v1alpha1.ApiObject;
import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every object class of the API keeps unknown fields aside instead of failing the watch (see
 * ApiObject): a class added without it would make a manifest with one unknown field stop the
 * operator again.
 */
class EveryApiClassToleratesUnknownFieldsTest {
  @Test
  void everyObjectClassOfTheApiExtendsApiObject() throws IOException, URISyntaxException {
    Path dir =
        Path.of(OrbitCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve(OrbitCluster.class.getPackageName().replace('.', '/'));
    var missing = new ArrayList<String>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = f.getFileName().toString().replace(".class", "");
        if (name.contains("$")) {
          continue;
        }
        Class<?> c;
        try {
          c = Class.forName(OrbitCluster.class.getPackageName() + "." + name);
        } catch (ClassNotFoundException e) {
          throw new AssertionError(e);
        }
        boolean objectClass =
            !c.isEnum()
                && !c.isInterface()
                && !Modifier.isAbstract(c.getModifiers())
                && !CustomResource.class.isAssignableFrom(c)
                && !c.getSimpleName().equals("Rules");
        if (objectClass && !ApiObject.class.isAssignableFrom(c)) {
          missing.add(c.getSimpleName());
        }
      }
    }
    assertEquals(new ArrayList<String>(), missing, "API classes that do not extend ApiObject");
  }
}
