package dev.orbit.e2e.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code orbit-sandbox up}: starts the sandbox in the foreground until SIGTERM/Ctrl-C, applies the
 * manifests given with {@code -f} (creating what does not exist yet), waits for the pods to be
 * ready, then prints how to connect and writes {@code <state>/ready}.
 */
public final class SandboxMain {
  private SandboxMain() {}

  public static void main(String[] args) throws Exception {
    Path state = Path.of(".orbit-sandbox");
    int port = 0;
    Path nodeJar = Path.of("node/target/orbit-node.jar");
    Path crds = Path.of("crds");
    List<Path> manifests = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "up" -> {}
        case "--state" -> state = Path.of(args[++i]);
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--node-jar" -> nodeJar = Path.of(args[++i]);
        case "--crds" -> crds = Path.of(args[++i]);
        case "-f" -> manifests.add(Path.of(args[++i]));
        default -> {
          System.err.println(
              "usage: orbit-sandbox up [--state DIR] [--port N] [--node-jar JAR] [--crds DIR] [-f MANIFEST ...]");
          System.exit(2);
        }
      }
    }
    List<Path> crdFiles;
    try (Stream<Path> s = Files.list(crds)) {
      crdFiles = s.filter(p -> p.getFileName().toString().endsWith("-v1.yml")).sorted().toList();
    }
    Files.deleteIfExists(state.resolve("ready"));
    var sandbox =
        Sandbox.start(new Sandbox.Options(state, port, nodeJar.toAbsolutePath(), crdFiles));
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sandbox.close();
                  stopped.countDown();
                },
                "sandbox-stop"));
    for (Path m : manifests) {
      for (HasMetadata o : sandbox.client().load(Files.newInputStream(m)).items()) {
        var r = sandbox.client().resource(o);
        if (r.get() == null) {
          r.create();
          System.out.println("created " + o.getKind() + " " + o.getMetadata().getName());
        } else {
          System.out.println(o.getKind() + " " + o.getMetadata().getName() + " exists (kept)");
        }
      }
    }
    boolean ready = sandbox.awaitClustersReady(Duration.ofSeconds(120));
    var text = new StringBuilder();
    text.append(ready ? "orbit-sandbox is up" : "orbit-sandbox is up (clusters not ready yet)")
        .append('\n');
    text.append("API server: ").append(sandbox.apiUrl()).append('\n');
    sandbox.endpointLines().forEach(l -> text.append("  ").append(l).append('\n'));
    text.append(SandboxS3.describe(sandbox.s3())).append('\n');
    text.append("export KUBECONFIG=").append(sandbox.kubeconfig()).append('\n');
    text.append("then: kubectl get oc; kubectl get pods,sts,svc,pvc").append('\n');
    sandbox.connectHints().forEach(l -> text.append(l).append('\n'));
    System.out.print(text);
    Files.writeString(state.resolve("ready"), text.toString());
    stopped.await();
  }
}
