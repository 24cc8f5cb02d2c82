package dev.orbit.operator.reconciler;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes core/v1 Events about a cluster; a failure to record is logged, never fatal. */
public class EventRecorder {
  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();

  public EventRecorder(Clock clock) {
    this.clock = clock;
  }

  public void record(
      KubernetesClient client, OrbitCluster c, String type, String reason, String message) {
    String now = clock.instant().toString();
    String ns = c.getMetadata().getNamespace();
    String name =
        c.getMetadata().getName()
            + "."
            + Long.toHexString(clock.millis())
            + Long.toHexString(sequence.incrementAndGet());
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(c.getApiVersion())
            .withKind(c.getKind())
            .withName(c.getMetadata().getName())
            .withNamespace(ns)
            .withUid(c.getMetadata().getUid())
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent("orbit-operator")
            .endSource()
            .withReportingComponent("orbit-operator")
            .build();
    LOG.info(
        "event namespace={} name={} type={} reason={} message=\"{}\"",
        ns,
        c.getMetadata().getName(),
        type,
        reason,
        message);
    try {
      client.v1().events().inNamespace(ns).resource(event).create();
    } catch (RuntimeException e) {
      LOG.warn("event not recorded namespace={} name={} reason={}", ns, name, reason, e);
    }
  }
}
