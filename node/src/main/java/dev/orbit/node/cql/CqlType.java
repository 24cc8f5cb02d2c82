package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.result.RawType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A CQL data type: a native type, a collection (frozen or not), a tuple or a user-defined type (its
 * keyspace, name and fields; {@link #fieldNames} empty while only its name is known).
 */
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
    DURATION(0x15),
    LIST(0x20),
    MAP(0x21),
    SET(0x22),
    UDT(0x30),
    TUPLE(0x31);

    final int id;

    Kind(int id) {
      this.id = id;
    }
  }

  public final Kind kind;
  public final boolean frozen;
  public final List<CqlType> params;

  /** For a user-defined type: its keyspace (null until resolved), name and field names. */
  public final String keyspace;

  public final String name;
  public final List<String> fieldNames;

  private CqlType(Kind kind, boolean frozen, List<CqlType> params) {
    this(kind, frozen, params, null, null, List.of());
  }

  private CqlType(
      Kind kind,
      boolean frozen,
      List<CqlType> params,
      String keyspace,
      String name,
      List<String> fieldNames) {
    this.kind = kind;
    this.frozen = frozen;
    this.params = params;
    this.keyspace = keyspace;
    this.name = name;
    this.fieldNames = fieldNames;
  }

  /** A user-defined type known by name only, as a statement writes it; see {@link #resolve}. */
  public static CqlType udtRef(String keyspace, String name) {
    return new CqlType(Kind.UDT, false, List.of(), keyspace, name, List.of());
  }

  /** A user-defined type with its fields. */
  public static CqlType udt(
      String keyspace, String name, List<String> fieldNames, List<CqlType> fieldTypes) {
    return new CqlType(
        Kind.UDT, false, List.copyOf(fieldTypes), keyspace, name, List.copyOf(fieldNames));
  }

  /** Whether this type is or holds (in elements or fields) a duration. */
  public boolean hasDuration() {
    return kind == Kind.DURATION || params.stream().anyMatch(CqlType::hasDuration);
  }

  public boolean isUdt() {
    return kind == Kind.UDT;
  }

  /** A tuple or a user-defined type: fields serialized one after the other. */
  public boolean hasFields() {
    return kind == Kind.TUPLE || kind == Kind.UDT;
  }

  /**
   * This type with every user-defined type named in it replaced by its definition from {@code
   * lookup} (by name; null when unknown), keeping where it is frozen.
   */
  public CqlType resolve(String ks, java.util.function.Function<String, CqlType> lookup) {
    if (kind == Kind.UDT) {
      if (keyspace != null && !keyspace.equals(ks)) {
        throw CqlException.invalid(
            "Statement on keyspace "
                + ks
                + " cannot refer to a user type in keyspace "
                + keyspace
                + "; user types can only be used in the keyspace they are defined in");
      }
      CqlType def = fieldNames.isEmpty() ? lookup.apply(name) : this;
      if (def == null) {
        throw CqlException.invalid("Unknown type " + ks + "." + name);
      }
      return frozen ? def.freeze() : def;
    }
    if (params.isEmpty()) {
      return this;
    }
    List<CqlType> ps = new ArrayList<>();
    for (CqlType p : params) {
      ps.add(p.resolve(ks, lookup));
    }
    return new CqlType(kind, frozen, ps, keyspace, name, fieldNames);
  }

  public static CqlType of(Kind kind) {
    return new CqlType(kind, false, List.of());
  }

  public static CqlType collection(Kind kind, boolean frozen, List<CqlType> params) {
    return new CqlType(kind, frozen || kind == Kind.TUPLE, List.copyOf(params));
  }

  /** This type frozen (nested collections are always frozen). */
  public CqlType freeze() {
    return (params.isEmpty() && kind != Kind.UDT) || frozen
        ? this
        : new CqlType(kind, true, params, keyspace, name, fieldNames);
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
      case "duration" -> of(Kind.DURATION);
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
          case UDT -> ColumnDef.quote(name);
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
      case UDT -> {
        java.util.LinkedHashMap<String, RawType> fs = new java.util.LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
          fs.put(fieldNames.get(i), params.get(i).raw());
        }
        yield new RawType.RawUdt(keyspace, name, fs);
      }
      default -> RawType.PRIMITIVES.get(kind.id);
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CqlType t
        && t.kind == kind
        && t.frozen == frozen
        && t.params.equals(params)
        && java.util.Objects.equals(t.keyspace, keyspace)
        && java.util.Objects.equals(t.name, name)
        && t.fieldNames.equals(fieldNames);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31
        + params.hashCode()
        + (frozen ? 1 : 0)
        + java.util.Objects.hashCode(name);
  }

  @Override
  public String toString() {
    return cql();
  }
}
