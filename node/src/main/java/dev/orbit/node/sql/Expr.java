package dev.orbit.node.sql;

import java.util.function.Function;

/** A compiled expression: evaluates against a row environment, with a static result type. */
abstract class Expr {
  final PgType type;

  Expr(PgType type) {
    this.type = type;
  }

  abstract Object eval(Env env);

  /** True when this expression reads no column (constants, parameters, functions of them). */
  boolean constant() {
    return false;
  }

  static Expr of(PgType type, Function<Env, Object> fn) {
    return new Expr(type) {
      @Override
      Object eval(Env env) {
        return fn.apply(env);
      }
    };
  }

  static Expr literal(PgType type, Object value) {
    return new Expr(type) {
      @Override
      Object eval(Env env) {
        return value;
      }

      @Override
      boolean constant() {
        return true;
      }
    };
  }

  /** SQL truth: only TRUE passes a filter. */
  static boolean isTrue(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v == null) {
      return false;
    }
    return Values.parseBool(v.toString());
  }
}
