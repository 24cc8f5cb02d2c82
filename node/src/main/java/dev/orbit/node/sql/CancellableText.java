package dev.orbit.node.sql;

/**
 * Text handed to java.util.regex that checks for cancellation as the matcher reads it, so a pattern
 * that backtracks heavily stops at CancelRequest, statement_timeout or disconnect.
 */
final class CancellableText implements CharSequence {
  private final String s;
  private final Runnable cancel;
  private int reads;

  CancellableText(String s, Runnable cancel) {
    this.s = s;
    this.cancel = cancel;
  }

  @Override
  public int length() {
    return s.length();
  }

  @Override
  public char charAt(int index) {
    if ((++reads & 0xFFFFF) == 0) {
      cancel.run();
    }
    return s.charAt(index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new CancellableText(s.substring(start, end), cancel);
  }

  @Override
  public String toString() {
    return s;
  }
}
