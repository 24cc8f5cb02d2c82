package dev.orbit.node.sql;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * Writes appended in strictly ascending key order (COPY into a table keyed by hidden row ids), held
 * in lists until the transaction's write map is needed: an empty TreeMap with the same comparator
 * takes a sorted map in linear time, where putting the keys one by one costs a search each. Only
 * what {@code TreeMap.putAll} uses is implemented.
 */
final class AscendingRun extends AbstractMap<byte[], byte[]> implements SortedMap<byte[], byte[]> {
  private final Comparator<byte[]> order;
  private final List<byte[]> keys = new ArrayList<>();
  private final List<byte[]> values = new ArrayList<>();

  AscendingRun(Comparator<byte[]> order) {
    this.order = order;
  }

  /** True when {@code key} sorts after every key held. */
  boolean accepts(byte[] key) {
    return keys.isEmpty() || order.compare(key, keys.get(keys.size() - 1)) > 0;
  }

  void add(byte[] key, byte[] value) {
    keys.add(key);
    values.add(value);
  }

  @Override
  public int size() {
    return keys.size();
  }

  @Override
  public void clear() {
    keys.clear();
    values.clear();
  }

  @Override
  public Comparator<? super byte[]> comparator() {
    return order;
  }

  @Override
  public Set<Entry<byte[], byte[]>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return keys.size();
      }

      @Override
      public Iterator<Entry<byte[], byte[]>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < keys.size();
          }

          @Override
          public Entry<byte[], byte[]> next() {
            if (i >= keys.size()) {
              throw new java.util.NoSuchElementException();
            }
            Entry<byte[], byte[]> e = new SimpleImmutableEntry<>(keys.get(i), values.get(i));
            i++;
            return e;
          }
        };
      }
    };
  }

  @Override
  public SortedMap<byte[], byte[]> subMap(byte[] fromKey, byte[] toKey) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SortedMap<byte[], byte[]> headMap(byte[] toKey) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SortedMap<byte[], byte[]> tailMap(byte[] fromKey) {
    throw new UnsupportedOperationException();
  }

  @Override
  public byte[] firstKey() {
    return keys.get(0);
  }

  @Override
  public byte[] lastKey() {
    return keys.get(keys.size() - 1);
  }
}
