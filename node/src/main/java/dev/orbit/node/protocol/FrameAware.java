package dev.orbit.node.protocol;

/**
 * A decoder that keeps a partly received frame in its own state rather than in Netty's buffer (an
 * incremental decoder) tells the listener so, for the partial-frame timeout.
 */
public interface FrameAware {
  /** True while part of a frame has arrived and the rest has not. */
  boolean midFrame();
}
