package dev.orbit.node.cql;

import java.nio.ByteBuffer;
import java.util.List;

/** One change a write makes to a row: set a column, change a collection, add to a counter. */
final class Op {
  enum Kind {
    SET,
    APPEND,
    PREPEND,
    REMOVE,
    SET_ELEMENT,
    DELETE,
    DELETE_ELEMENT,
    COUNTER
  }

  final ColumnDef column;
  final Kind kind;
  final Ast.Term element;
  final Ast.Term value;
  final boolean negate;

  Op(ColumnDef column, Kind kind, Ast.Term element, Ast.Term value, boolean negate) {
    this.column = column;
    this.kind = kind;
    this.element = element;
    this.value = value;
    this.negate = negate;
  }

  /** True when applying it needs the row's current state (counters, list positions). */
  boolean needsRead() {
    return kind == Kind.COUNTER
        || column.type().kind == CqlType.Kind.LIST
            && (kind == Kind.SET_ELEMENT || kind == Kind.DELETE_ELEMENT || kind == Kind.REMOVE);
  }

  /** Adds this change to {@code m}; {@code current} is the stored row when {@link #needsRead}. */
  void apply(Row m, Row current, long ts, int expiresAt, int ttl, Exec e) {
    CqlType t = column.type();
    int id = column.id();
    switch (kind) {
      case DELETE -> {
        if (t.multiCell()) {
          coll(m).clearedAt = Math.max(coll(m).clearedAt, ts);
        } else {
          m.cells.put(id, new Cell(ts, 0, 0, null));
        }
      }
      case SET -> {
        byte[] v = e.value(value, t);
        if (v == Terms.UNSET) {
          return;
        }
        if (!t.multiCell()) {
          m.cells.put(id, new Cell(ts, v == null ? 0 : expiresAt, v == null ? 0 : ttl, v));
          return;
        }
        Row.Collection c = coll(m);
        c.clearedAt = Math.max(c.clearedAt, ts - 1);
        if (v != null) {
          addAll(c, v, false, ts, expiresAt, ttl);
        }
      }
      case APPEND, PREPEND -> {
        byte[] v = e.value(value, t);
        if (v == Terms.UNSET || v == null) {
          return;
        }
        addAll(coll(m), v, kind == Kind.PREPEND, ts, expiresAt, ttl);
      }
      case REMOVE -> {
        byte[] v =
            e.value(
                value,
                t.kind == CqlType.Kind.MAP
                    ? CqlType.collection(CqlType.Kind.SET, true, List.of(t.element()))
                    : t);
        if (v == Terms.UNSET || v == null) {
          return;
        }
        if (t.kind == CqlType.Kind.LIST) {
          java.util.Set<ByteBuffer> gone = new java.util.HashSet<>();
          for (byte[] x : Values.unpack(t, v)) {
            gone.add(ByteBuffer.wrap(x));
          }
          Row.Collection cur = current == null ? null : current.collections.get(id);
          if (cur != null) {
            cur.elements.forEach(
                (p, c) -> {
                  if (c.live(e.nowSeconds) && gone.contains(ByteBuffer.wrap(c.value()))) {
                    coll(m).elements.put(p, new Cell(ts, 0, 0, null));
                  }
                });
          }
          return;
        }
        CqlType set = CqlType.collection(CqlType.Kind.SET, true, List.of(t.element()));
        for (byte[] x : Values.unpack(set, v)) {
          coll(m).elements.put(x, new Cell(ts, 0, 0, null));
        }
      }
      case SET_ELEMENT, DELETE_ELEMENT -> element(m, current, ts, expiresAt, ttl, e);
      case COUNTER -> {
        byte[] v = e.value(value, CqlType.of(CqlType.Kind.BIGINT));
        if (v == Terms.UNSET) {
          return;
        }
        if (v == null) {
          throw CqlException.invalid("Invalid null value for counter increment");
        }
        long delta = Values.toLong(v) * (negate ? -1 : 1);
        Cell old = current == null ? null : current.cells.get(id);
        long base = old == null || !old.live(e.nowSeconds) ? 0 : Values.toLong(old.value());
        Cell prior = m.cells.get(id);
        if (prior != null) {
          base = Values.toLong(prior.value());
        }
        m.cells.put(
            id,
            new Cell(
                Math.max(ts, old == null ? ts : old.timestamp() + 1),
                0,
                0,
                Values.ofLong(base + delta)));
      }
    }
  }

  private void element(Row m, Row current, long ts, int expiresAt, int ttl, Exec e) {
    CqlType t = column.type();
    if (t.kind == CqlType.Kind.SET) {
      throw CqlException.invalid("Invalid operation for set column " + column.name());
    }
    if (t.kind == CqlType.Kind.MAP) {
      byte[] k = e.value(element, t.element());
      if (k == null || k == Terms.UNSET) {
        throw CqlException.invalid("Invalid null value for map key");
      }
      byte[] v = kind == Kind.DELETE_ELEMENT ? null : e.value(value, t.value());
      if (v == Terms.UNSET) {
        return;
      }
      coll(m).elements.put(k, new Cell(ts, v == null ? 0 : expiresAt, v == null ? 0 : ttl, v));
      return;
    }
    byte[] idx = e.value(element, CqlType.of(CqlType.Kind.INT));
    if (idx == null || idx == Terms.UNSET) {
      throw CqlException.invalid("Invalid null value for list index");
    }
    int i = Values.toInt(idx);
    Row.Collection cur = current == null ? null : current.collections.get(column.id());
    byte[] path = null;
    int n = 0;
    if (cur != null) {
      for (java.util.Map.Entry<byte[], Cell> x : cur.elements.entrySet()) {
        if (x.getValue().live(e.nowSeconds) && n++ == i) {
          path = x.getKey();
          break;
        }
      }
    }
    if (path == null || i < 0) {
      throw CqlException.invalid("List index " + i + " out of bound, list has size " + n);
    }
    byte[] v = kind == Kind.DELETE_ELEMENT ? null : e.value(value, t.element());
    if (v == Terms.UNSET) {
      return;
    }
    coll(m).elements.put(path, new Cell(ts, v == null ? 0 : expiresAt, v == null ? 0 : ttl, v));
  }

  private static final java.util.concurrent.atomic.AtomicLong LIST_SEQ =
      new java.util.concurrent.atomic.AtomicLong();

  private void addAll(Row.Collection c, byte[] v, boolean prepend, long ts, int exp, int ttl) {
    CqlType t = column.type();
    List<byte[]> items = Values.unpack(t, v);
    if (t.kind == CqlType.Kind.LIST) {
      int n = items.size();
      long base = LIST_SEQ.addAndGet(n);
      for (int i = 0; i < n; i++) {
        // list positions: the write time (negated for prepends, so later ones come first), then
        // the item's place in this write
        long pos = prepend ? -ts : ts;
        byte[] path =
            ByteBuffer.allocate(16)
                .putLong(pos ^ Long.MIN_VALUE)
                .putLong(prepend ? i : base - n + i + 1)
                .array();
        c.elements.put(path, new Cell(ts, exp, ttl, items.get(i)));
      }
    } else if (t.kind == CqlType.Kind.SET) {
      for (byte[] x : items) {
        c.elements.put(x, new Cell(ts, exp, ttl, new byte[0]));
      }
    } else {
      for (int i = 0; i < items.size(); i += 2) {
        c.elements.put(items.get(i), new Cell(ts, exp, ttl, items.get(i + 1)));
      }
    }
  }

  private Row.Collection coll(Row m) {
    return m.collections.computeIfAbsent(
        column.id(), k -> new Row.Collection(CellOrder.of(column.type())));
  }
}
