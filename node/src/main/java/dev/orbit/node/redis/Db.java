package dev.orbit.node.redis;

/** A logical Redis database (0-15, what SELECT names) and the physical id its records use. */
public record Db(int index, int phys) {}
