package dev.orbit.node.sql.parser;

/** A node of a parsed statement; {@link #loc()} is where it starts in the text (-1: nowhere). */
public interface Node {
  int loc();
}
