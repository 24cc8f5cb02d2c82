package dev.orbit.operator.ops;

import io.javaoperatorsdk.operator.Operator;

/**
 * What {@code /healthz} and {@code /readyz} say about the operator: alive while it starts and while
 * every informer of a started operator is healthy; not alive once the start failed or the leader
 * Lease was lost (Kubernetes then restarts it); ready once started with healthy informers.
 */
public final class OperatorHealth {
  private enum State {
    STARTING,
    RUNNING,
    FAILED
  }

  private volatile State state = State.STARTING;
  private volatile String failure = "";
  private volatile Operator operator;

  /** The operator started (as leader, or waiting to become one). */
  public void running(Operator operator) {
    this.operator = operator;
    this.state = State.RUNNING;
  }

  /** The operator cannot go on: the start failed, or it lost its leader Lease. */
  public void failed(String why) {
    this.failure = why;
    this.state = State.FAILED;
  }

  public boolean alive() {
    return switch (state) {
      case STARTING -> true;
      case FAILED -> false;
      case RUNNING -> operator.getRuntimeInfo().allEventSourcesAreHealthy();
    };
  }

  public boolean ready() {
    return state == State.RUNNING && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /** A line for the probe's answer: why it is not ok, or empty. */
  public String why() {
    return switch (state) {
      case STARTING -> "starting";
      case FAILED -> failure;
      case RUNNING ->
          operator.getRuntimeInfo().allEventSourcesAreHealthy()
              ? ""
              : "unhealthy event sources: "
                  + operator.getRuntimeInfo().unhealthyEventSources().keySet();
    };
  }
}
