package dev.orbit.node.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/** The scalar function library, by name. */
final class Builtins {
  private Builtins() {}

  interface Body {
    Object apply(Object[] a, Env env);
  }

  /** A function that returns NULL when any argument is NULL. */
  private static Expr strict(PgType t, List<Expr> args, Body body) {
    return Expr.of(
        t,
        env -> {
          Object[] a = new Object[args.size()];
          for (int i = 0; i < a.length; i++) {
            a[i] = args.get(i).eval(env);
            if (a[i] == null) {
              return null;
            }
          }
          return body.apply(a, env);
        });
  }

  private static Expr lenient(PgType t, List<Expr> args, Body body) {
    return Expr.of(
        t,
        env -> {
          Object[] a = new Object[args.size()];
          for (int i = 0; i < a.length; i++) {
            a[i] = args.get(i).eval(env);
          }
          return body.apply(a, env);
        });
  }

  /** quote_literal: a string literal, E'' when it holds a backslash (as PostgreSQL writes it). */
  private static String quoteLiteral(String v) {
    String q = "'" + v.replace("'", "''").replace("\\", "\\\\") + "'";
    return v.indexOf('\\') >= 0 ? "E" + q : q;
  }

  /** PostgreSQL's built-in privileges of an owner for an object kind (acldefault). */
  private static List<String> aclDefault(String kind, String owner) {
    String o = owner + "=";
    String by = "/" + owner;
    return switch (kind) {
      case "r" -> List.of(o + "arwdDxt" + by);
      case "s" -> List.of(o + "rwU" + by);
      case "n" -> List.of(o + "UC" + by);
      case "f", "p" -> List.of("=X" + by, o + "X" + by);
      case "T", "l" -> List.of("=U" + by, o + "U" + by);
      case "d" -> List.of("=Tc" + by, o + "CTc" + by);
      case "L" -> List.of(o + "rw" + by);
      case "F", "S" -> List.of(o + "U" + by);
      case "t" -> List.of(o + "C" + by);
      default -> throw new SqlException("22023", "unrecognized object type abbreviation: " + kind);
    };
  }

  private static String roleName(Exec ex, long oid) {
    String n = SystemTables.roleName(ex, oid);
    return n != null ? n : String.valueOf(oid);
  }

  /** current_schemas: the schemas of search_path that exist, pg_catalog first if implicit. */
  static List<String> currentSchemas(Exec ex, boolean implicit) {
    List<String> out = new java.util.ArrayList<>();
    for (String part : ex.session.setting("search_path").split(",")) {
      String n = part.trim();
      n = n.startsWith("\"") ? ExprCompiler.unquote(n) : n.toLowerCase(Locale.ROOT);
      if ((n.equals("public") || n.equals("pg_catalog") || n.equals("information_schema"))
          && !out.contains(n)) {
        out.add(n);
      }
    }
    if (implicit && !out.contains("pg_catalog")) {
      out.add(0, "pg_catalog");
    }
    return out;
  }

  private static String s(Object v) {
    return ExprCompiler.text(v);
  }

  private static int i(Object v) {
    return (int) Values.asLong(v);
  }

  private static PgType firstType(List<Expr> args) {
    for (Expr a : args) {
      if (a.type != PgType.UNKNOWN) {
        return a.type;
      }
    }
    return PgType.TEXT;
  }

  static Expr call(ExprCompiler ec, String name, List<Expr> args) {
    int n = args.size();
    switch (name) {
      case "now", "transaction_timestamp", "statement_timestamp", "clock_timestamp":
        return Functions.timeKey("now");
      case "version":
        return Expr.literal(PgType.TEXT, Functions.VERSION);
      case "current_database":
        return Expr.of(PgType.NAME, env -> env.exec.session.database);
      case "current_schema":
        return Expr.literal(PgType.NAME, "public");
      case "current_user", "session_user":
        return Expr.of(PgType.NAME, env -> env.exec.session.user);
      case "pg_backend_pid":
        return Expr.of(PgType.INT4, env -> (long) env.exec.session.pid);
      case "current_schemas":
        return strict(
            PgType.NAME_ARRAY, args, (a, env) -> currentSchemas(env.exec, Expr.isTrue(a[0])));
      case "coalesce":
        return lenient(
            firstType(args),
            args,
            (a, env) -> {
              for (Object v : a) {
                if (v != null) {
                  return v;
                }
              }
              return null;
            });
      case "nullif":
        return lenient(
            firstType(args),
            args,
            (a, env) ->
                a[0] != null && a[1] != null && Values.compare(a[0], a[1]) == 0 ? null : a[0]);
      case "greatest", "least":
        boolean g = name.equals("greatest");
        return lenient(
            firstType(args),
            args,
            (a, env) -> {
              Object best = null;
              for (Object v : a) {
                if (v != null && (best == null || (Values.compare(v, best) > 0) == g)) {
                  best = v;
                }
              }
              return best;
            });
      case "lower":
        return strict(PgType.TEXT, args, (a, env) -> s(a[0]).toLowerCase(Locale.ROOT));
      case "upper":
        return strict(PgType.TEXT, args, (a, env) -> s(a[0]).toUpperCase(Locale.ROOT));
      case "length", "char_length", "character_length":
        return strict(
            PgType.INT4,
            args,
            (a, env) ->
                (long)
                    (a[0] instanceof byte[] b
                        ? b.length
                        : s(a[0]).codePointCount(0, s(a[0]).length())));
      case "octet_length":
        return strict(
            PgType.INT4,
            args,
            (a, env) -> (long) s(a[0]).getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
      case "substring", "substr":
        return strict(
            PgType.TEXT,
            args,
            (a, env) -> {
              String str = s(a[0]);
              int from = Math.max(0, i(a[1]) - 1);
              int len = a.length > 2 ? i(a[2]) + Math.min(0, i(a[1]) - 1) : str.length();
              if (from >= str.length() || len <= 0) {
                return "";
              }
              return str.substring(from, Math.min(str.length(), from + len));
            });
      case "trim", "btrim":
        return strict(
            PgType.TEXT,
            args,
            (a, env) -> a.length > 1 ? trim(s(a[0]), s(a[1]), 3) : s(a[0]).strip());
      case "ltrim":
        return strict(
            PgType.TEXT, args, (a, env) -> trim(s(a[0]), a.length > 1 ? s(a[1]) : " ", 1));
      case "rtrim":
        return strict(
            PgType.TEXT, args, (a, env) -> trim(s(a[0]), a.length > 1 ? s(a[1]) : " ", 2));
      case "replace":
        return strict(PgType.TEXT, args, (a, env) -> s(a[0]).replace(s(a[1]), s(a[2])));
      case "concat":
        return lenient(
            PgType.TEXT,
            args,
            (a, env) -> {
              StringBuilder sb = new StringBuilder();
              for (Object v : a) {
                if (v != null) {
                  sb.append(s(v));
                }
              }
              return sb.toString();
            });
      case "left":
        return strict(
            PgType.TEXT,
            args,
            (a, env) -> {
              String x = s(a[0]);
              int k = i(a[1]);
              return k >= 0
                  ? x.substring(0, Math.min(k, x.length()))
                  : x.substring(0, Math.max(0, x.length() + k));
            });
      case "right":
        return strict(
            PgType.TEXT,
            args,
            (a, env) -> {
              String x = s(a[0]);
              int k = i(a[1]);
              return k >= 0
                  ? x.substring(Math.max(0, x.length() - k))
                  : x.substring(Math.min(x.length(), -k));
            });
      case "strpos", "position":
        return strict(PgType.INT4, args, (a, env) -> (long) (s(a[0]).indexOf(s(a[1])) + 1));
      case "repeat":
        return strict(
            PgType.TEXT,
            args,
            (a, env) -> {
              String x = s(a[0]);
              long times = Math.max(0, Values.asLong(a[1]));
              env.exec.memory.checkValue(2L * x.length() * times);
              return x.repeat((int) times);
            });
      case "lpad", "rpad":
        boolean left = name.equals("lpad");
        return strict(
            PgType.TEXT,
            args,
            (a, env) -> {
              String x = s(a[0]);
              long want = Values.asLong(a[1]);
              if (want <= 0) {
                return "";
              }
              env.exec.memory.checkValue(2L * want);
              int len = (int) want;
              String fill = a.length > 2 ? s(a[2]) : " ";
              if (x.length() >= len) {
                return x.substring(0, len);
              }
              if (fill.isEmpty()) {
                return x;
              }
              StringBuilder pad = new StringBuilder();
              while (pad.length() < len - x.length() && !fill.isEmpty()) {
                pad.append(fill);
              }
              pad.setLength(len - x.length());
              return left ? pad + x : x + pad;
            });
      case "split_part":
        return strict(
            PgType.TEXT,
            args,
            (a, env) -> {
              String[] p = s(a[0]).split(java.util.regex.Pattern.quote(s(a[1])), -1);
              int k = i(a[2]);
              return k >= 1 && k <= p.length ? p[k - 1] : "";
            });
      case "md5":
        return strict(PgType.TEXT, args, (a, env) -> Functions.md5(s(a[0])));
      case "quote_literal":
        return strict(PgType.TEXT, args, (a, env) -> quoteLiteral(s(a[0])));
      case "array_remove":
        return lenient(
            args.isEmpty() || !args.get(0).type.isArray() ? PgType.TEXT_ARRAY : args.get(0).type,
            args,
            (a, env) -> {
              if (a[0] == null) {
                return null;
              }
              List<?> l = a[0] instanceof List<?> x ? x : Functions.parseArray(s(a[0]));
              List<Object> out = new java.util.ArrayList<>();
              for (Object v : l) {
                boolean same =
                    v == null || a[1] == null ? v == null && a[1] == null : s(v).equals(s(a[1]));
                if (!same) {
                  out.add(v);
                }
              }
              return out;
            });
      case "quote_ident":
        return strict(
            PgType.TEXT,
            args,
            (a, env) ->
                s(a[0]).matches("[a-z_][a-z0-9_]*")
                    ? s(a[0])
                    : '"' + s(a[0]).replace("\"", "\"\"") + '"');
      case "abs":
        return strict(
            firstType(args),
            args,
            (a, env) ->
                a[0] instanceof Long l
                    ? Math.abs(l)
                    : a[0] instanceof Double d ? Math.abs(d) : Values.toDecimal(a[0]).abs());
      case "round":
        return strict(
            firstType(args), args, (a, env) -> Functions.round(a[0], a.length > 1 ? i(a[1]) : 0));
      case "trunc":
        return strict(
            firstType(args),
            args,
            (a, env) ->
                a[0] instanceof Long
                    ? a[0]
                    : a[0] instanceof Double d
                        ? (double) (long) (double) d
                        : Values.toDecimal(a[0])
                            .setScale(a.length > 1 ? i(a[1]) : 0, RoundingMode.DOWN));
      case "floor":
        return strict(firstType(args), args, (a, env) -> roundToInteger(a[0], RoundingMode.FLOOR));
      case "ceil", "ceiling":
        return strict(
            firstType(args), args, (a, env) -> roundToInteger(a[0], RoundingMode.CEILING));
      case "mod":
        return strict(firstType(args), args, (a, env) -> ExprCompiler.Arith.apply('%', a[0], a[1]));
      case "power", "pow":
        return strict(
            PgType.FLOAT8,
            args,
            (a, env) ->
                Math.pow(
                    ((Number) Values.coerce(a[0], PgType.FLOAT8, -1)).doubleValue(),
                    ((Number) Values.coerce(a[1], PgType.FLOAT8, -1)).doubleValue()));
      case "sqrt":
        return strict(
            PgType.FLOAT8,
            args,
            (a, env) -> Math.sqrt(((Number) Values.coerce(a[0], PgType.FLOAT8, -1)).doubleValue()));
      case "random":
        return lenient(PgType.FLOAT8, args, (a, env) -> Functions.random());
      case "gen_random_uuid", "uuid_generate_v4":
        return lenient(PgType.UUID, args, (a, env) -> Functions.uuid());
      case "nextval":
        return strict(PgType.INT8, args, (a, env) -> env.exec.session.nextval(seq(env, a[0])));
      case "lastval":
        return lenient(PgType.INT8, args, (a, env) -> env.exec.session.lastval());
      case "currval":
        return strict(PgType.INT8, args, (a, env) -> env.exec.session.currval(seq(env, a[0])));
      case "setval":
        return strict(
            PgType.INT8,
            args,
            (a, env) ->
                env.exec.session.setval(
                    seq(env, a[0]), Values.asLong(a[1]), a.length < 3 || Expr.isTrue(a[2])));
      case "pg_table_is_visible",
      "pg_type_is_visible",
      "pg_function_is_visible",
      "has_table_privilege",
      "has_schema_privilege",
      "has_database_privilege",
      "has_column_privilege":
        return lenient(PgType.BOOL, args, (a, env) -> true);
      case "pg_relation_is_publishable":
        return lenient(PgType.BOOL, args, (a, env) -> true);
      case "array_upper":
        return strict(
            PgType.INT4,
            args,
            (a, env) -> {
              List<?> l = a[0] instanceof List<?> x ? x : Functions.parseArray(s(a[0]));
              return l.isEmpty() ? null : (long) l.size();
            });
      case "array_lower":
        return strict(PgType.INT4, args, (a, env) -> 1L);
      case "pg_is_in_recovery":
        return Expr.literal(PgType.BOOL, false);
      case "format_type":
        return lenient(
            PgType.TEXT,
            args,
            (a, env) ->
                a[0] == null
                    ? null
                    : SystemTables.formatType(
                        Values.asLong(a[0]), a.length > 1 && a[1] != null ? i(a[1]) : -1));
      case "acldefault":
        return strict(
            PgType.TEXT_ARRAY,
            args,
            (a, env) -> aclDefault(s(a[0]), roleName(env.exec, Values.asLong(a[1]))));
      case "pg_get_userbyid":
        return strict(
            PgType.NAME,
            args,
            (a, env) -> {
              long oid = Values.asLong(a[0]);
              String role = SystemTables.roleName(env.exec, oid);
              return role != null ? role : "unknown (OID=" + oid + ")";
            });
      case "pg_get_statisticsobjdef_columns",
      "pg_get_triggerdef",
      "pg_get_ruledef",
      "pg_get_functiondef",
      "pg_get_partkeydef",
      "pg_get_partition_constraintdef":
        return lenient(PgType.TEXT, args, (a, env) -> null);
      case "pg_partition_ancestors":
        // a relation that is no partition is its only ancestor (Orbit has no partitions)
        return strict(
            PgType.REGCLASS,
            args,
            (a, env) ->
                a[0] instanceof Long l
                    ? l
                    : s(a[0]).matches("\\d+")
                        ? (Object) Long.parseLong(s(a[0]))
                        : SystemTables.regclass(env.exec, s(a[0])));
      case "pg_get_viewdef":
        return strict(PgType.TEXT, args, (a, env) -> ViewCatalog.viewdef(env.exec, a[0]));
      case "obj_description":
        return strict(
            PgType.TEXT,
            args,
            (a, env) ->
                Comments.describe(env.exec, Values.asLong(a[0]), a.length > 1 ? s(a[1]) : null, 0));
      case "col_description":
        return strict(
            PgType.TEXT,
            args,
            (a, env) ->
                Comments.describe(env.exec, Values.asLong(a[0]), "pg_class", Values.asLong(a[1])));
      case "shobj_description":
        return lenient(PgType.TEXT, args, (a, env) -> null);
      case "pg_get_expr":
        // a sequence a default names prints qualified when public is off search_path (regclass)
        return strict(
            PgType.TEXT,
            args,
            (a, env) ->
                currentSchemas(env.exec, false).contains("public")
                    ? s(a[0])
                    : s(a[0])
                        .replaceAll(
                            "nextval\\('([^'.]+)'::regclass\\)", "nextval('public.$1'::regclass)"));
      case "pg_encoding_to_char":
        return lenient(PgType.NAME, args, (a, env) -> "UTF8");
      case "pg_get_indexdef":
        return strict(
            PgType.TEXT, args, (a, env) -> SystemTables.indexDef(env.exec, Values.asLong(a[0])));
      case "pg_get_constraintdef":
        return strict(
            PgType.TEXT,
            args,
            (a, env) -> SystemTables.constraintDef(env.exec, Values.asLong(a[0])));
      case "pg_get_serial_sequence":
        return strict(
            PgType.TEXT, args, (a, env) -> SystemTables.serialSequence(env.exec, s(a[0]), s(a[1])));
      case "pg_relation_size", "pg_total_relation_size", "pg_table_size", "pg_indexes_size":
        return lenient(PgType.INT8, args, (a, env) -> 0L);
      case "pg_size_pretty":
        return strict(PgType.TEXT, args, (a, env) -> Values.asLong(a[0]) + " bytes");
      case "array_to_string":
        return strict(
            PgType.TEXT,
            args,
            (a, env) -> {
              List<?> l = a[0] instanceof List<?> x ? x : Functions.parseArray(s(a[0]));
              StringBuilder sb = new StringBuilder();
              for (Object v : l) {
                if (v != null) {
                  if (sb.length() > 0) {
                    sb.append(s(a[1]));
                  }
                  sb.append(s(v));
                }
              }
              return sb.toString();
            });
      case "array_length", "cardinality":
        boolean cardinality = name.equals("cardinality");
        return strict(
            PgType.INT4,
            args,
            (a, env) -> {
              List<?> l = a[0] instanceof List<?> x ? x : Functions.parseArray(s(a[0]));
              // an empty array has no dimension 1 (NULL) but cardinality 0
              return l.isEmpty() && !cardinality ? null : (Object) (long) l.size();
            });
      case "array_position":
        return strict(
            PgType.INT4,
            args,
            (a, env) -> {
              List<?> l = a[0] instanceof List<?> x ? x : Functions.parseArray(s(a[0]));
              for (int k = 0; k < l.size(); k++) {
                if (l.get(k) != null && Values.compare(l.get(k), a[1]) == 0) {
                  return (long) k + 1;
                }
              }
              return null;
            });
      case "current_setting":
        return strict(PgType.TEXT, args, (a, env) -> env.exec.session.setting(s(a[0])));
      case "set_config":
        return strict(
            PgType.TEXT,
            args,
            (a, env) -> {
              env.exec.session.set(s(a[0]), s(a[1]));
              return s(a[1]);
            });
      case "txid_current", "pg_current_xact_id":
        return Expr.of(PgType.INT8, env -> env.exec.session.txid());
      case "to_char":
        // its format is not implemented: refused rather than ignored
        throw SqlException.unsupported("to_char");
      case "date":
        return strict(PgType.DATE, args, (a, env) -> Values.coerce(a[0], PgType.DATE, -1));
      case "div":
        return strict(
            PgType.NUMERIC,
            args,
            (a, env) -> Values.toDecimal(a[0]).divideToIntegralValue(Values.toDecimal(a[1])));
      case "sign":
        return strict(
            firstType(args),
            args,
            (a, env) ->
                a[0] instanceof Long l
                    ? (long) Long.signum(l)
                    : a[0] instanceof Double d
                        ? Math.signum(d)
                        : BigDecimal.valueOf(Values.toDecimal(a[0]).signum()));
      default:
        return null;
    }
  }

  /** A sequence named by text or by its regclass oid. */
  private static String seq(Env env, Object v) {
    if (v instanceof Long oid) {
      String n = SystemTables.sequenceByOid(env.exec, oid);
      if (n == null) {
        throw new SqlException("42809", "relation with OID " + oid + " is not a sequence");
      }
      return n;
    }
    return s(v);
  }

  private static String trim(String s, String chars, int sides) {
    int a = 0;
    int b = s.length();
    if ((sides & 1) != 0) {
      while (a < b && chars.indexOf(s.charAt(a)) >= 0) {
        a++;
      }
    }
    if ((sides & 2) != 0) {
      while (b > a && chars.indexOf(s.charAt(b - 1)) >= 0) {
        b--;
      }
    }
    return s.substring(a, b);
  }

  /** floor/ceil of an integer, double or numeric value, keeping its type. */
  private static Object roundToInteger(Object v, RoundingMode mode) {
    if (v instanceof Long) {
      return v;
    }
    if (v instanceof Double d) {
      return mode == RoundingMode.FLOOR ? Math.floor(d) : Math.ceil(d);
    }
    return Values.toDecimal(v).setScale(0, mode);
  }
}
