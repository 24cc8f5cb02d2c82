package dev.orbit.operator;

/** Entry point of orbit-operator. */
public final class OperatorMain {
  private OperatorMain() {}

  public static void main(String[] args) {
    System.err.println("orbit-operator: not implemented yet");
    System.exit(2);
  }
}
