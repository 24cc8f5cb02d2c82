package dev.orbit.node.backup;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The storage a backup target offers: named objects under one root (a folder, or a bucket and
 * prefix). Keys are relative paths with {@code /} separators. Every call is safe from many threads.
 */
public interface ObjectStore extends AutoCloseable {
  /** Every object whose key starts with {@code prefix}, with its size in bytes. */
  Map<String, Long> list(String prefix);

  /** Stores {@code file} as {@code key}; {@code progress} receives the bytes sent as they go. */
  void upload(Path file, String key, LongConsumer progress);

  /**
   * Writes object {@code key} to {@code file}; {@code progress} receives the bytes received.
   * Returns the CRC32C (8 hex digits) of what was written, computed on the way.
   */
  String download(String key, Path file, LongConsumer progress);

  /** Stores a small object in one step: readers see the old content or the new, never a part. */
  void put(String key, byte[] content);

  /** A small object's content, or null when there is no such object. */
  byte[] get(String key);

  /** Removes {@code key}; removing a missing object is not an error. */
  void delete(String key);

  /** The target as the user wrote it, for messages. */
  String describe();

  @Override
  void close();
}
