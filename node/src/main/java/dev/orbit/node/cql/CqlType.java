package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.result.RawType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A CQL data type: a native type, a collection (frozen or not) or a tuple. */
public final class CqlType {
  /** The kinds of type, with their native-protocol ids. */
  public enum Kind {
    ASCII(0x01),
    BIGINT(0x02),
    BLOB(0x03),
    BOOLEAN(0x04),
    COUNTER(0x05),
    DECIMAL(0x06),
    DOUBLE(0x07),
    FLOAT(0x08),
    INT(0x09),
    TIMESTAMP(0x0B),
    UUID(0x0C),
    TEXT(0x0D),
    VARINT(0x0E),
    TIMEUUID(0x0F),
    INET(0x10),
    DATE(0x11),
    TIME(0x12),
    SMALLINT(0x13),
    TINYINT(0x14),
    LIST(0x20),
    MAP(0x21),
    SET(0x22),
    TUPLE(0x31);

    final int id;

    Kind(int id) {
      this.id = id;
    }
  }

  public final Kind kind;
  public final boolean frozen;
  public final List<CqlType> params;

  private CqlType(Kind kind, boolean frozen, List<CqlType> params) {
    this.kind = kind;
    this.frozen = frozen;
    this.params = params;
  }

  public static CqlType of(Kind kind) {
    return new CqlType(kind, false, List.of());
  }

  public static CqlType collection(Kind kind, boolean frozen, List<CqlType> params) {
    return new CqlType(kind, frozen || kind == Kind.TUPLE, List.copyOf(params));
  }

  /** This type frozen (nested collections are always frozen). */
  public CqlType freeze() {
    return params.isEmpty() || frozen ? this : new CqlType(kind, true, params);
  }

  /** The native type named {@code name} (as written in CQL), or null. */
  public static CqlType nativeType(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "varchar", "text" -> of(Kind.TEXT);
      case "ascii" -> of(Kind.ASCII);
      case "bigint" -> of(Kind.BIGINT);
      case "blob" -> of(Kind.BLOB);
      case "boolean" -> of(Kind.BOOLEAN);
      case "counter" -> of(Kind.COUNTER);
      case "decimal" -> of(Kind.DECIMAL);
      case "double" -> of(Kind.DOUBLE);
      case "float" -> of(Kind.FLOAT);
      case "int" -> of(Kind.INT);
      case "timestamp" -> of(Kind.TIMESTAMP);
      case "uuid" -> of(Kind.UUID);
      case "varint" -> of(Kind.VARINT);
      case "timeuuid" -> of(Kind.TIMEUUID);
      case "inet" -> of(Kind.INET);
      case "date" -> of(Kind.DATE);
      case "time" -> of(Kind.TIME);
      case "smallint" -> of(Kind.SMALLINT);
      case "tinyint" -> of(Kind.TINYINT);
      default -> null;
    };
  }

  public boolean isCollection() {
    return kind == Kind.LIST || kind == Kind.SET || kind == Kind.MAP;
  }

  /** A non-frozen collection: its elements are cells of their own. */
  public boolean multiCell() {
    return isCollection() && !frozen;
  }

  public boolean isCounter() {
    return kind == Kind.COUNTER;
  }

  /** Element type of a list or set, key type of a map. */
  public CqlType element() {
    return params.get(0);
  }

  /** Value type of a map. */
  public CqlType value() {
    return params.get(1);
  }

  public boolean isText() {
    return kind == Kind.TEXT || kind == Kind.ASCII;
  }

  /** The type as CQL writes it, e.g. {@code frozen<map<text, int>>}. */
  public String cql() {
    String base =
        switch (kind) {
          case LIST, SET, MAP, TUPLE -> {
            List<String> ps = new ArrayList<>();
            for (CqlType p : params) {
              ps.add(p.cql());
            }
            yield kind.name().toLowerCase(Locale.ROOT) + "<" + String.join(", ", ps) + ">";
          }
          default -> kind.name().toLowerCase(Locale.ROOT);
        };
    return frozen && kind != Kind.TUPLE ? "frozen<" + base + ">" : base;
  }

  /** The type as result and bind-variable metadata describe it. */
  public RawType raw() {
    return switch (kind) {
      case LIST -> new RawType.RawList(element().raw());
      case SET -> new RawType.RawSet(element().raw());
      case MAP -> new RawType.RawMap(element().raw(), value().raw());
      case TUPLE -> {
        List<RawType> ps = new ArrayList<>();
        for (CqlType p : params) {
          ps.add(p.raw());
        }
        yield new RawType.RawTuple(ps);
      }
      default -> RawType.PRIMITIVES.get(kind.id);
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CqlType t
        && t.kind == kind
        && t.frozen == frozen
        && t.params.equals(params);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + params.hashCode() + (frozen ? 1 : 0);
  }

  @Override
  public String toString() {
    return cql();
  }
}
