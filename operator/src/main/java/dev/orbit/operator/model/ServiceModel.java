package dev.orbit.operator.model;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.api.v1alpha1.OrbitClusterSpec;
import dev.orbit.operator.api.v1alpha1.ServiceType;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Services of a cluster: headless for pod DNS, rw for the primary, ro for the replicas. */
final class ServiceModel {
  private ServiceModel() {}

  static Service headless(OrbitCluster c) {
    var ports = ports(c.getSpec());
    ports.add(port(Protocol.ADMIN_PORT_NAME, Protocol.ADMIN_PORT));
    ports.add(port(Protocol.REPLICATION_PORT_NAME, Protocol.REPLICATION_PORT));
    return new ServiceBuilder()
        .withMetadata(Owners.meta(c, Names.headlessService(c), "node"))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(Labels.selector(c))
        .withPorts(ports)
        .endSpec()
        .build();
  }

  static Service readWrite(OrbitCluster c) {
    return client(c, Names.readWriteService(c), Labels.ROLE_PRIMARY);
  }

  static Service readOnly(OrbitCluster c) {
    return client(c, Names.readOnlyService(c), Labels.ROLE_REPLICA);
  }

  private static Service client(OrbitCluster c, String name, String role) {
    var svc = c.getSpec().getService();
    Map<String, String> annotations =
        svc == null || svc.getAnnotations() == null ? Map.of() : svc.getAnnotations();
    ServiceType type = svc == null || svc.getType() == null ? ServiceType.ClusterIP : svc.getType();
    return new ServiceBuilder()
        .withMetadata(Owners.meta(c, name, "client", annotations))
        .withNewSpec()
        .withType(type.name())
        .withSelector(Labels.selector(c, role))
        .withPorts(ports(c.getSpec()))
        .endSpec()
        .build();
  }

  private static List<ServicePort> ports(OrbitClusterSpec spec) {
    var ports = new ArrayList<ServicePort>();
    for (Protocol p : Protocol.enabledIn(spec.getProtocols())) {
      ports.add(port(p.key(), p.port(spec.getProtocols())));
    }
    return ports;
  }

  private static ServicePort port(String name, int port) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(port)
        .withTargetPort(new IntOrString(name))
        .withProtocol("TCP")
        .build();
  }
}
