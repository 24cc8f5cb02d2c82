package dev.orbit.node.backup.archive;

/**
 * One committed log entry as archived: its index, term, the leader's append time (epoch millis, -1
 * when the entry carries none) and its bytes (null for Raft's own entries, which change no data).
 */
public record ArchivedEntry(long index, long term, long time, byte[] data) {}
