package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.ProtocolConstants;
import dev.orbit.node.cql.Ast.Term;
import dev.orbit.node.cql.Lexer.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/** Turns terms (literals, bind markers, collection literals, now() …) into serialized values. */
public final class Terms {
  /** Marks an unset bound value: the assignment or condition it feeds is skipped. */
  public static final byte[] UNSET = new byte[0];

  private Terms() {}

  /** The bound values of one execution, by marker index. */
  public interface Bound {
    ByteBuffer value(int index);
  }

  public static byte[] value(Term t, CqlType type, Bound bound) {
    if (t instanceof Ast.Null) {
      return null;
    }
    if (t instanceof Ast.Marker m) {
      ByteBuffer b = bound.value(m.index());
      if (b == ProtocolConstants.UNSET_VALUE) {
        return UNSET;
      }
      if (b == null) {
        return null;
      }
      byte[] v = new byte[b.remaining()];
      b.duplicate().get(v);
      Values.validate(type, v);
      return v;
    }
    if (t instanceof Ast.Literal l) {
      return literal(l, type);
    }
    if (t instanceof Ast.FunctionCall f) {
      return function(f, type, bound);
    }
    return collection(t, type, bound);
  }

  private static byte[] collection(Term t, CqlType type, Bound bound) {
    List<byte[]> items = new ArrayList<>();
    switch (type.kind) {
      case LIST -> {
        if (!(t instanceof Ast.ListLit l)) {
          throw mismatch(type);
        }
        for (Term i : l.items()) {
          items.add(element(i, type.element(), bound));
        }
      }
      case SET -> {
        if (!(t instanceof Ast.SetLit s)) {
          throw mismatch(type);
        }
        TreeSet<byte[]> sorted = new TreeSet<>(Values.comparator(type.element()));
        for (Term i : s.items()) {
          sorted.add(element(i, type.element(), bound));
        }
        items.addAll(sorted);
      }
      case MAP -> {
        java.util.TreeMap<byte[], byte[]> sorted =
            new java.util.TreeMap<>(Values.comparator(type.element()));
        if (t instanceof Ast.MapLit m) {
          for (int i = 0; i < m.keys().size(); i++) {
            sorted.put(
                element(m.keys().get(i), type.element(), bound),
                element(m.values().get(i), type.value(), bound));
          }
        } else if (!(t instanceof Ast.SetLit s && s.items().isEmpty())) {
          throw mismatch(type);
        }
        sorted.forEach(
            (k, v) -> {
              items.add(k);
              items.add(v);
            });
      }
      case TUPLE -> {
        if (!(t instanceof Ast.TupleLit tl) || tl.items().size() > type.params.size()) {
          throw mismatch(type);
        }
        for (int i = 0; i < tl.items().size(); i++) {
          items.add(value(tl.items().get(i), type.params.get(i), bound));
        }
      }
      case UDT -> items.addAll(udt(t, type, bound));
      default -> throw mismatch(type);
    }
    return Values.pack(type, items);
  }

  /** The fields of a {@code {field: value}} literal, in the type's order (absent ones null). */
  private static List<byte[]> udt(Term t, CqlType type, Bound bound) {
    if (!(t instanceof Ast.UdtLit u)) {
      throw CqlException.invalid("Invalid user type literal for a value of type " + type.cql());
    }
    byte[][] fields = new byte[type.params.size()][];
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < u.names().size(); i++) {
      String n = u.names().get(i);
      int f = type.fieldNames.indexOf(n);
      if (f < 0) {
        throw CqlException.invalid(
            "Unknown field '" + n + "' in value of user defined type " + type.name);
      }
      if (!seen.add(n)) {
        throw CqlException.invalid(
            "Duplicate field '" + n + "' in value of user defined type " + type.name);
      }
      byte[] v = value(u.values().get(i), type.params.get(f), bound);
      if (v == UNSET) {
        throw CqlException.invalid(
            "Invalid unset value for field '" + n + "' of user defined type " + type.name);
      }
      fields[f] = v;
    }
    return new ArrayList<>(java.util.Arrays.asList(fields));
  }

  private static byte[] element(Term t, CqlType type, Bound bound) {
    byte[] v = value(t, type, bound);
    if (v == null || v == UNSET) {
      throw CqlException.invalid("null is not supported inside collections");
    }
    return v;
  }

  private static CqlException mismatch(CqlType type) {
    return CqlException.invalid("Invalid value for a column of type " + type.cql());
  }

  private static byte[] function(Ast.FunctionCall f, CqlType type, Bound bound) {
    switch (f.name()) {
      case "now":
        requireType(f, type, CqlType.Kind.TIMEUUID);
        return Values.ofUuid(TimeUuids.next());
      case "uuid":
        requireType(f, type, CqlType.Kind.UUID);
        return Values.ofUuid(UUID.randomUUID());
      case "currenttimestamp":
        requireType(f, type, CqlType.Kind.TIMESTAMP);
        return Values.ofLong(System.currentTimeMillis());
      case "currentdate":
        requireType(f, type, CqlType.Kind.DATE);
        return Values.ofInt((int) (LocalDate.now(ZoneOffset.UTC).toEpochDay() + (1L << 31)));
      case "totimestamp":
        if (f.args().size() == 1) {
          requireType(f, type, CqlType.Kind.TIMESTAMP);
          byte[] u = value(f.args().get(0), CqlType.of(CqlType.Kind.TIMEUUID), bound);
          return u == null ? null : Values.ofLong(TimeUuids.millis(u));
        }
        break;
      case "fromjson", "from_json":
        if (f.args().size() == 1) {
          byte[] json = value(f.args().get(0), CqlType.of(CqlType.Kind.TEXT), bound);
          if (json == null || json == UNSET) {
            return null;
          }
          return value(
              JsonIn.fromJson(new String(json, java.nio.charset.StandardCharsets.UTF_8), type),
              type,
              bound);
        }
        throw CqlException.invalid(f.name() + "() only accepts one argument");
      default:
        break;
    }
    throw CqlException.unsupported("function " + f.name() + "() in values");
  }

  private static void requireType(Ast.FunctionCall f, CqlType type, CqlType.Kind k) {
    if (type.kind != k && !(k == CqlType.Kind.TIMEUUID && type.kind == CqlType.Kind.UUID)) {
      throw CqlException.invalid(
          "Type error: cannot assign result of function "
              + f.name()
              + " (type "
              + k.name().toLowerCase()
              + ") to a value of type "
              + type.cql());
    }
  }

  private static byte[] literal(Ast.Literal l, CqlType type, Bound bound) {
    return literal(l, type);
  }

  static byte[] literal(Ast.Literal l, CqlType type) {
    String s = l.text();
    Kind k = l.kind();
    try {
      switch (type.kind) {
        case TEXT:
        case ASCII:
          if (k != Kind.STRING) {
            break;
          }
          byte[] v = Values.ofText(s);
          Values.validate(type, v);
          return v;
        case INT:
          if (k == Kind.INTEGER) {
            return Values.ofInt(Integer.parseInt(s));
          }
          break;
        case BIGINT:
        case COUNTER:
          if (k == Kind.INTEGER) {
            return Values.ofLong(Long.parseLong(s));
          }
          break;
        case SMALLINT:
          if (k == Kind.INTEGER) {
            return ByteBuffer.allocate(2).putShort(Short.parseShort(s)).array();
          }
          break;
        case TINYINT:
          if (k == Kind.INTEGER) {
            return new byte[] {Byte.parseByte(s)};
          }
          break;
        case VARINT:
          if (k == Kind.INTEGER) {
            return new BigInteger(s).toByteArray();
          }
          break;
        case DECIMAL:
          if (k == Kind.INTEGER || k == Kind.FLOAT) {
            return Values.ofDecimal(new BigDecimal(s));
          }
          break;
        case DOUBLE:
          if (k == Kind.INTEGER || k == Kind.FLOAT) {
            return ByteBuffer.allocate(8).putDouble(parseDouble(s)).array();
          }
          break;
        case FLOAT:
          if (k == Kind.INTEGER || k == Kind.FLOAT) {
            return ByteBuffer.allocate(4).putFloat((float) parseDouble(s)).array();
          }
          break;
        case BOOLEAN:
          if (k == Kind.IDENT) {
            return Values.ofBoolean(s.equals("true"));
          }
          break;
        case UUID:
        case TIMEUUID:
          if (k == Kind.UUID) {
            byte[] u = Values.ofUuid(UUID.fromString(s));
            Values.validate(type, u);
            return u;
          }
          break;
        case BLOB:
          if (k == Kind.HEX) {
            if (s.length() % 2 != 0) {
              throw CqlException.invalid("Hex string has an odd number of characters: 0x" + s);
            }
            return java.util.HexFormat.of().parseHex(s);
          }
          break;
        case TIMESTAMP:
          if (k == Kind.INTEGER) {
            return Values.ofLong(Long.parseLong(s));
          }
          if (k == Kind.STRING) {
            return Values.ofLong(parseTimestamp(s));
          }
          break;
        case DATE:
          if (k == Kind.STRING) {
            return Values.ofInt((int) (LocalDate.parse(s).toEpochDay() + (1L << 31)));
          }
          if (k == Kind.INTEGER) {
            return Values.ofInt((int) Long.parseLong(s));
          }
          break;
        case TIME:
          if (k == Kind.STRING) {
            return Values.ofLong(LocalTime.parse(s).toNanoOfDay());
          }
          if (k == Kind.INTEGER) {
            return Values.ofLong(Long.parseLong(s));
          }
          break;
        case DURATION:
          if (k == Kind.DURATION) {
            return Durations.parse(s);
          }
          break;
        case INET:
          if (k == Kind.STRING && (s.contains(".") || s.contains(":"))) {
            return InetAddress.getByName(s).getAddress();
          }
          break;
        default:
          break;
      }
    } catch (java.time.DateTimeException
        | java.net.UnknownHostException
        | IllegalArgumentException e) {
      if (e instanceof CqlException ce) {
        throw ce;
      }
      throw CqlException.invalid(
          "Invalid " + type.cql() + " literal '" + s + "': " + e.getMessage());
    }
    throw CqlException.invalid(
        "Invalid " + describe(k) + " constant (" + s + ") for a value of type " + type.cql());
  }

  private static String describe(Kind k) {
    return switch (k) {
      case STRING -> "STRING";
      case INTEGER -> "INTEGER";
      case FLOAT -> "FLOAT";
      case UUID -> "UUID";
      case HEX -> "HEX";
      case DURATION -> "DURATION";
      default -> "BOOLEAN";
    };
  }

  private static double parseDouble(String s) {
    return switch (s) {
      case "nan" -> Double.NaN;
      case "infinity" -> Double.POSITIVE_INFINITY;
      case "-infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  private static final DateTimeFormatter TS =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd")
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendPattern("HH:mm")
          .optionalStart()
          .appendPattern(":ss")
          .optionalEnd()
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
          .parseDefaulting(ChronoField.OFFSET_SECONDS, 0)
          .toFormatter();

  /**
   * A timestamp literal: {@code yyyy-mm-dd[ hh:mm[:ss[.fff]]][+hhmm]}, read as UTC without zone.
   */
  static long parseTimestamp(String s) {
    return OffsetDateTime.parse(s.trim(), TS).toInstant().toEpochMilli();
  }
}
