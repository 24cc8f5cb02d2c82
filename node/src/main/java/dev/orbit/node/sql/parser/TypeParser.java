package dev.orbit.node.sql.parser;

import java.util.ArrayList;
import java.util.List;

/** Type names: the standard SQL spellings (mapped to PostgreSQL's names) and generic names. */
abstract class TypeParser extends ParserBase {
  TypeParser(String sql, List<Token> tokens) {
    super(sql, tokens);
  }

  /** Whether a type name starts here (for typed literals such as {@code int4 '1'}). */
  boolean atStandardTypeKeyword() {
    Token t = peek();
    if (t.kind() != Token.Kind.IDENT || t.keyword() == null) {
      return false;
    }
    return switch (t.keyword()) {
      case "int",
          "integer",
          "smallint",
          "bigint",
          "real",
          "float",
          "double",
          "decimal",
          "dec",
          "numeric",
          "boolean",
          "bit",
          "character",
          "char",
          "varchar",
          "nchar",
          "national",
          "timestamp",
          "time",
          "interval" ->
          true;
      default -> false;
    };
  }

  TypeName typeName() {
    int loc = loc();
    boolean setof = accept("setof");
    TypeName t = simpleTypeName();
    if (accept("array")) {
      if (acceptOp("[")) {
        iconst();
        expectOp("]");
      }
      t = t.withArrayDims(1);
    } else {
      int dims = 0;
      while (atOp("[")) {
        next();
        if (peek().kind() == Token.Kind.ICONST) {
          next();
        }
        expectOp("]");
        dims++;
      }
      if (dims > 0) {
        t = t.withArrayDims(dims);
      }
    }
    if (atOp("%") && peek(1).is("type")) {
      throw error("0A000", "%TYPE is not supported", loc);
    }
    return setof ? t.withSetof() : t;
  }

  /** A type name without array bounds. */
  TypeName simpleTypeName() {
    int loc = loc();
    Token t = peek();
    if (t.kind() == Token.Kind.IDENT && t.keyword() != null) {
      TypeName std = standardType(loc, false);
      if (std != null) {
        return std;
      }
    }
    if (!isTypeFunctionName(t)) {
      throw syntaxError();
    }
    List<String> names = new ArrayList<>();
    names.add(next().text());
    while (atOp(".")) {
      next();
      names.add(colLabel());
    }
    List<Node> mods = atOp("(") ? typeMods() : List.of();
    return new TypeName(names, mods, 0, false, null, loc);
  }

  List<Node> typeMods() {
    expectOp("(");
    List<Node> mods = new ArrayList<>();
    do {
      mods.add(parseExprForTypeMod());
    } while (acceptOp(","));
    expectOp(")");
    return mods;
  }

  /** Type modifiers are expressions in PostgreSQL's grammar (constants in practice). */
  abstract Node parseExprForTypeMod();

  /** A standard type name for a typed literal ({@code char 'x'} keeps its length open). */
  TypeName constTypeName() {
    return standardType(loc(), true);
  }

  private TypeName standardType(int loc, boolean literal) {
    String kw = peek().keyword();
    switch (kw) {
      case "int", "integer":
        next();
        return TypeName.system("int4", List.of(), loc);
      case "smallint":
        next();
        return TypeName.system("int2", List.of(), loc);
      case "bigint":
        next();
        return TypeName.system("int8", List.of(), loc);
      case "real":
        next();
        return TypeName.system("float4", List.of(), loc);
      case "double":
        next();
        expect("precision");
        return TypeName.system("float8", List.of(), loc);
      case "float":
        next();
        if (atOp("(")) {
          next();
          Token p = peek();
          long prec = iconst();
          expectOp(")");
          if (prec < 1) {
            throw error("22023", "precision for type float must be at least 1 bit", p.start());
          }
          if (prec > 53) {
            throw error("22023", "precision for type float must be less than 54 bits", p.start());
          }
          return TypeName.system(prec <= 24 ? "float4" : "float8", List.of(), loc);
        }
        return TypeName.system("float8", List.of(), loc);
      case "decimal", "dec", "numeric":
        next();
        return TypeName.system("numeric", atOp("(") ? typeMods() : List.of(), loc);
      case "boolean":
        next();
        return TypeName.system("bool", List.of(), loc);
      case "bit":
        {
          next();
          boolean varying = accept("varying");
          List<Node> mods = atOp("(") ? typeMods() : List.of();
          return TypeName.system(varying ? "varbit" : "bit", mods, loc);
        }
      case "character", "char", "varchar", "nchar", "national":
        return characterType(loc, literal);
      case "timestamp", "time":
        {
          next();
          List<Node> mods = atOp("(") ? typeMods() : List.of();
          boolean tz = false;
          if (accept("with", "time", "zone")) {
            tz = true;
          } else {
            accept("without", "time", "zone");
          }
          String base = kw.equals("timestamp") ? "timestamp" : "time";
          return TypeName.system(tz ? base + "tz" : base, mods, loc);
        }
      case "interval":
        {
          next();
          List<Node> mods = List.of();
          if (atOp("(")) {
            mods = typeMods();
            return new TypeName(List.of("pg_catalog", "interval"), mods, 0, false, null, loc);
          }
          String fields = intervalFields();
          if (fields != null && fields.endsWith("second") && atOp("(")) {
            mods = typeMods();
          }
          return new TypeName(List.of("pg_catalog", "interval"), mods, 0, false, fields, loc);
        }
      default:
        return null;
    }
  }

  private TypeName characterType(int loc, boolean literal) {
    String kw = next().keyword();
    boolean varying;
    if (kw.equals("varchar")) {
      varying = true;
    } else {
      if (kw.equals("national")) {
        if (!accept("character") && !accept("char")) {
          throw syntaxError();
        }
      }
      varying = accept("varying");
    }
    List<Node> mods = atOp("(") ? typeMods() : List.of();
    if (mods.isEmpty() && !varying && !literal) {
      mods = List.of(new Ex.Const("INT", "1", -1)); // char means char(1)
    }
    return TypeName.system(varying ? "varchar" : "bpchar", mods, loc);
  }

  /** Interval field qualifiers: YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, and X TO Y forms. */
  String intervalFields() {
    String first = intervalField();
    if (first == null) {
      return null;
    }
    if (accept("to")) {
      String second = intervalField();
      if (second == null) {
        throw syntaxError();
      }
      return first + " to " + second;
    }
    return first;
  }

  private String intervalField() {
    Token t = peek();
    if (t.kind() != Token.Kind.IDENT || t.keyword() == null) {
      return null;
    }
    return switch (t.keyword()) {
      case "year", "month", "day", "hour", "minute", "second" -> next().keyword();
      default -> null;
    };
  }
}
