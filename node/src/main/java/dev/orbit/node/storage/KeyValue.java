package dev.orbit.node.storage;

/** A key and its current value, as returned by scans. */
public record KeyValue(byte[] key, byte[] value) {}
