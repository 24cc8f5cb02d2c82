package dev.orbit.operator.reconciler;

import dev.orbit.operator.api.v1alpha1.OrbitCluster;
import dev.orbit.operator.backup.BootstrapResolver;
import dev.orbit.operator.backup.ClusterBackups;
import dev.orbit.operator.backup.NodeEndpoints;
import dev.orbit.operator.config.OperatorConfig;
import dev.orbit.operator.dependent.AdminTokenSecretDependent;
import dev.orbit.operator.dependent.AuthSecretDependent;
import dev.orbit.operator.dependent.ConfigRevisionsDependent;
import dev.orbit.operator.dependent.HeadlessServiceDependent;
import dev.orbit.operator.dependent.MembersConfigMapDependent;
import dev.orbit.operator.dependent.PodDisruptionBudgetDependent;
import dev.orbit.operator.dependent.ReadOnlyServiceDependent;
import dev.orbit.operator.dependent.ReadWriteServiceDependent;
import dev.orbit.operator.dependent.ServiceAccountDependent;
import dev.orbit.operator.dependent.StatefulSetDependent;
import dev.orbit.operator.model.BootstrapSource;
import dev.orbit.operator.model.ClusterModel;
import dev.orbit.operator.model.ClusterStatusModel;
import dev.orbit.operator.model.ContinuousArchiving;
import dev.orbit.operator.model.Labels;
import dev.orbit.operator.model.Observed;
import dev.orbit.operator.model.Problem;
import dev.orbit.operator.model.SpecValidator;
import dev.orbit.operator.model.StorageDiff;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles an {@link OrbitCluster}: validates the spec, classifies storage changes, lets the
 * dependents apply the model, labels pod roles and writes status. Writes nothing when nothing
 * changed, and never writes the spec.
 */
@ControllerConfiguration(
    name = OrbitClusterReconciler.NAME,
    // the pause annotation changes no generation: the filter lets it (and specs) through
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrPauseChanged.class))
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(name = "serviceaccount", type = ServiceAccountDependent.class),
      @Dependent(name = "auth", type = AuthSecretDependent.class),
      @Dependent(name = "admintoken", type = AdminTokenSecretDependent.class),
      @Dependent(name = "config", type = ConfigRevisionsDependent.class),
      @Dependent(name = "members", type = MembersConfigMapDependent.class),
      @Dependent(name = "nodes", type = HeadlessServiceDependent.class),
      @Dependent(name = "rw", type = ReadWriteServiceDependent.class),
      @Dependent(name = "ro", type = ReadOnlyServiceDependent.class),
      @Dependent(
          name = "statefulset",
          type = StatefulSetDependent.class,
          dependsOn = {"serviceaccount", "auth", "admintoken", "config", "members", "nodes"}),
      @Dependent(name = "pdb", type = PodDisruptionBudgetDependent.class)
    })
public class OrbitClusterReconciler implements Reconciler<OrbitCluster> {
  public static final String NAME = "orbitcluster";
  private static final Logger LOG = LoggerFactory.getLogger(OrbitClusterReconciler.class);
  private static final Duration RESIZE_RECHECK = Duration.ofSeconds(2);

  /** How often the nodes of a replicated cluster are asked who leads. */
  static final Duration LEADER_RECHECK = Duration.ofSeconds(2);

  /** How often a one-node cluster that archives its log is asked how archiving goes. */
  static final Duration ARCHIVE_RECHECK = Duration.ofSeconds(5);

  static final String BOOTSTRAP_NOT_READY = "BootstrapSourceNotReady";

  private final OperatorConfig config;
  private final Clock clock;
  private final EventRecorder events;
  private final StorageResizer resizer = new StorageResizer();
  private final PodRoleLabeler roles = new PodRoleLabeler();
  private final StuckPodReplacer stuckPods = new StuckPodReplacer();
  private final Rollouts rollouts;
  private final StatusReporter status;
  private final ClusterBackups backups;
  private final Leaders leaders;
  private final MemberChanges members;
  private final LeaderLastRoll leaderLast;
  private final Switchover switchover;

  public OrbitClusterReconciler(OperatorConfig config, Clock clock) {
    this(config, clock, NodeEndpoints.POD_IP);
  }

  public OrbitClusterReconciler(OperatorConfig config, Clock clock, NodeEndpoints endpoints) {
    this.config = config;
    this.clock = clock;
    this.events = new EventRecorder(clock);
    this.status = new StatusReporter(events, clock, config.nodeFailingAfter());
    this.rollouts = new Rollouts(events);
    this.backups = new ClusterBackups(endpoints, clock);
    var tracker = new LeaderTracker(endpoints);
    this.leaders = new Leaders(tracker);
    this.members = new MemberChanges(endpoints, events);
    this.leaderLast = new LeaderLastRoll(tracker, events);
    this.switchover = new Switchover(tracker, events);
  }

  @Override
  public List<EventSource<?, OrbitCluster>> prepareEventSources(
      EventSourceContext<OrbitCluster> context) {
    var pods =
        InformerEventSourceConfiguration.from(Pod.class, OrbitCluster.class)
            .withName("pods")
            .withNamespacesInheritedFromController()
            .withLabelSelector(Labels.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(
                (Pod p) -> {
                  var labels = p.getMetadata().getLabels();
                  String cluster = labels == null ? null : labels.get(Labels.CLUSTER);
                  return cluster == null
                      ? Set.of()
                      : Set.of(new ResourceID(cluster, p.getMetadata().getNamespace()));
                })
            .build();
    return List.of(new InformerEventSource<>(pods, context));
  }

  @Override
  public UpdateControl<OrbitCluster> reconcile(OrbitCluster c, Context<OrbitCluster> context) {
    StatefulSet sts = context.getSecondaryResource(StatefulSet.class).orElse(null);
    Collection<Pod> pods = context.getSecondaryResources(Pod.class);

    if (reconcilePaused(c)) {
      return status.report(
          context,
          c,
          new StatusReporter.Found(
              null, null, null, Observed.Hold.RECONCILE_PAUSED, null, null, null));
    }
    List<String> invalid = SpecValidator.validate(c);
    if (!invalid.isEmpty()) {
      return refuse(context, c, invalid);
    }

    BootstrapSource bootstrap;
    try {
      bootstrap = BootstrapResolver.resolve(context.getClient(), c);
    } catch (BootstrapResolver.NotReady e) {
      if (sts == null) {
        var problem = new Problem(BOOTSTRAP_NOT_READY, e.getMessage());
        return status
            .report(context, c, null, problem)
            .rescheduleAfter(RESIZE_RECHECK.multipliedBy(5));
      }
      bootstrap = null; // restored long ago: the nodes keep their data without the init container
    }
    StorageDiff storage = StorageDiff.between(sts, c.getSpec().getStorage());
    ClusterModel model = ClusterModel.from(c, config, storage.effective()).withBootstrap(bootstrap);
    // the node's own rules on the config it would get, before any object is written
    invalid = SpecValidator.validateRendered(model.nodeConfigWithMembers());
    if (!invalid.isEmpty()) {
      return refuse(context, c, invalid);
    }
    Problem problem = null;
    switch (storage.kind()) {
      case REFUSED ->
          problem =
              new Problem(Problem.STORAGE_CHANGE_REFUSED, String.join("; ", storage.reasons()));
      case EXPAND -> {
        int claims = resizer.expand(context.getClient(), c, storage);
        events.record(
            context.getClient(),
            c,
            EventRecorder.NORMAL,
            "VolumeExpansion",
            "Expanded " + claims + " claims to " + storage.grown() + "; re-creating StatefulSet");
        return status.report(context, c, model, null).rescheduleAfter(RESIZE_RECHECK);
      }
      case UNCHANGED -> {}
    }

    if (!ClusterModel.podManagementCurrent(sts)) {
      resizer.recreate(context.getClient(), c, "parallel pod management (replicated members)");
      events.record(
          context.getClient(),
          c,
          EventRecorder.NORMAL,
          "StatefulSetRecreated",
          "Re-creating the StatefulSet with podManagementPolicy Parallel (the pods keep running)");
      return status.report(context, c, model, problem).rescheduleAfter(RESIZE_RECHECK);
    }
    var observation = leaders.observe(context.getClient(), c, pods);
    var leader = observation.leader();
    model.withMembers(
        members.plan(
            context.getClient(), c, context.getSecondaryResources(ConfigMap.class), pods, leader));
    var planned = rollouts.plan(context, c, sts, pods, model);
    model.withRollPartition(
        leaderLast.partition(
            context.getClient(),
            c,
            sts,
            pods,
            planned.pending() == null ? List.of() : planned.pending().getRestarts(),
            planned.hold() == Observed.Hold.ROLLOUT_PAUSED,
            leader));
    switchover.apply(context.getClient(), c, pods, leader, model.members().joined());
    context.managedWorkflowAndDependentResourceContext().put(ClusterModel.class, model);
    context
        .managedWorkflowAndDependentResourceContext()
        .reconcileManagedWorkflow()
        .throwAggregateExceptionIfErrorsPresent();
    roles.label(context.getClient(), pods, leader);
    stuckPods.replace(context.getClient(), events, c, sts, pods);
    recordRollouts(context, c, sts, model);
    ClusterBackups.Outcome backup = backups.reconcile(context.getClient(), c, pods);
    var control =
        status.report(
            context,
            c,
            new StatusReporter.Found(
                model,
                problem,
                backup,
                planned.hold(),
                planned.pending(),
                observation.replication(),
                observation.archive()));
    int running = LeaderTracker.running(pods).size();
    if (running > 1) {
      // a failover changes no Kubernetes object: look at the nodes again soon
      long next = control.getScheduleDelay().orElse(Long.MAX_VALUE);
      control.rescheduleAfter(Math.min(next, LEADER_RECHECK.toMillis()));
    } else if (running == 1 && ContinuousArchiving.enabled(c)) {
      // nor does an archive pass that fails (or works again)
      long next = control.getScheduleDelay().orElse(Long.MAX_VALUE);
      control.rescheduleAfter(Math.min(next, ARCHIVE_RECHECK.toMillis()));
    }
    return control;
  }

  /** Whether the annotation orbit.dev/reconcile: paused stops reconciliation. */
  public static boolean reconcilePaused(OrbitCluster c) {
    var annotations = c.getMetadata().getAnnotations();
    return annotations != null
        && "paused".equals(annotations.get(ClusterStatusModel.PAUSE_ANNOTATION));
  }

  /** An invalid spec: Degraded with InvalidSpec (and an event when new); nothing is written. */
  private UpdateControl<OrbitCluster> refuse(
      Context<OrbitCluster> context, OrbitCluster c, List<String> invalid) {
    var problem = new Problem(Problem.INVALID_SPEC, String.join("; ", invalid));
    LOG.warn(
        "invalid spec namespace={} name={} problems=\"{}\"",
        c.getMetadata().getNamespace(),
        c.getMetadata().getName(),
        problem.message());
    return status.report(context, c, null, problem);
  }

  @Override
  public ErrorStatusUpdateControl<OrbitCluster> updateErrorStatus(
      OrbitCluster c, Context<OrbitCluster> context, Exception e) {
    LOG.error(
        "reconcile failed namespace={} name={}",
        c.getMetadata().getNamespace(),
        c.getMetadata().getName(),
        e);
    var problem = new Problem(Problem.RECONCILE_ERROR, String.valueOf(e.getMessage()));
    var next = status.status(context, c, StatusReporter.Found.of(null, problem));
    if (next.equals(c.getStatus())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    try {
      StatusWriter.write(context, c, next);
    } catch (RuntimeException writeFailed) {
      LOG.warn(
          "status not written namespace={} name={}: {}",
          c.getMetadata().getNamespace(),
          c.getMetadata().getName(),
          writeFailed.getMessage());
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  private void recordRollouts(
      Context<OrbitCluster> context, OrbitCluster c, StatefulSet sts, ClusterModel model) {
    var previous = c.getStatus();
    if (sts == null && (previous == null || previous.getConfigHash() == null)) {
      events.record(
          context.getClient(),
          c,
          EventRecorder.NORMAL,
          "Created",
          "Created the objects of the cluster (image " + model.image() + ")");
    }
  }
}
