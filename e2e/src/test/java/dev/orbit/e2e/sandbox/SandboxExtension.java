package dev.orbit.e2e.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One sandbox for every E2E class of the run (started by the first, stopped when the run ends), in
 * a fresh state folder under {@code target/}.
 */
public final class SandboxExtension implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(SandboxExtension.class);
  private static volatile Sandbox shared;

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final Path NODE_JAR = REPO.resolve("node/target/orbit-node.jar");
  static final Path CRD = REPO.resolve("crds/orbitclusters.orbit.dev-v1.yml");
  static final Path BACKUP_CRD = REPO.resolve("crds/orbitbackups.orbit.dev-v1.yml");

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    synchronized (SandboxExtension.class) {
      if (shared == null) {
        Path state = Files.createTempDirectory(Path.of("target"), "sandbox-e2e-");
        shared = Sandbox.start(new Sandbox.Options(state, 0, NODE_JAR, List.of(CRD, BACKUP_CRD)));
        context.getRoot().getStore(NS).put("sandbox", new Stopper());
      }
    }
  }

  /** Stops the shared sandbox when the run ends (JUnit closes root store values). */
  private static final class Stopper
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      synchronized (SandboxExtension.class) {
        if (shared != null) {
          shared.close();
          shared = null;
        }
      }
    }
  }

  /** The running sandbox. */
  public static Sandbox sandbox() {
    return shared;
  }
}
