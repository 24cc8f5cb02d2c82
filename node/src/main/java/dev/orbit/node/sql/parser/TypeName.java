package dev.orbit.node.sql.parser;

import java.util.List;

/**
 * A type as written: its (possibly qualified) name, modifiers ({@code varchar(10)}, {@code
 * numeric(10,2)}), array dimensions, and interval fields ({@code interval day to second}).
 * Standard-syntax names are given as PostgreSQL's internal names ({@code int4}, {@code bpchar},
 * {@code timestamptz}, …) under {@code pg_catalog}.
 */
public record TypeName(
    List<String> names,
    List<Node> mods,
    int arrayDims,
    boolean setof,
    String intervalFields,
    int loc)
    implements Node {
  public static TypeName system(String name, List<Node> mods, int loc) {
    return new TypeName(List.of("pg_catalog", name), mods, 0, false, null, loc);
  }

  public String simpleName() {
    return names.get(names.size() - 1);
  }

  public TypeName withArrayDims(int dims) {
    return new TypeName(names, mods, dims, setof, intervalFields, loc);
  }

  public TypeName withSetof() {
    return new TypeName(names, mods, arrayDims, true, intervalFields, loc);
  }
}
