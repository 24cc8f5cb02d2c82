package dev.orbit.node.cql;

import com.datastax.oss.protocol.internal.response.Result;
import com.datastax.oss.protocol.internal.response.result.ColumnSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A SELECT on a user table: which key ranges to read, what to filter, project and page. */
final class SelectPlan implements Plan {
  static final String FILTERING =
      "Cannot execute this query as it might involve data filtering and thus may have"
          + " unpredictable performance. If you want to execute this query despite the"
          + " performance unpredictability, use ALLOW FILTERING";

  final TableDef table;
  final Selection selection;
  final Vars vars;
  final List<KeyTerms.Values> partition = new ArrayList<>();
  final List<KeyTerms.Values> clusteringEq = new ArrayList<>();
  ColumnDef sliceColumn;
  Ast.Relation lower;
  Ast.Relation upper;
  final List<Ast.Relation> tokenBounds = new ArrayList<>();
  final List<Filter> filters = new ArrayList<>();
  Ast.Term limit;
  Ast.Term perPartitionLimit;
  boolean distinct;

  /** The secondary index the rows are found through ({@code column = value}), or null. */
  TableDef.IndexDef index;

  Ast.Relation indexRelation;

  /** ORDER BY asks for the reverse of the table's clustering order. */
  boolean reversed;

  /** GROUP BY: how many primary key columns (partition key first) make a group; 0 without. */
  int groupPrefix;

  final Scanner scanner;

  SelectPlan(Store store, TableDef t, Ast.Select s, Vars vars) {
    this.table = t;
    this.vars = vars;
    this.selection = new Selection(t, s.selections(), !s.groupBy().isEmpty());
    this.distinct = s.distinct();
    plan(s);
    if (s.json()) {
      selection.json();
    }
    this.scanner = new Scanner(store, this);
  }

  private void plan(Ast.Select s) {
    Map<String, KeyTerms.Values> eq = new HashMap<>();
    List<Ast.Relation> rest = KeyTerms.split(table, s.where(), eq, vars);
    boolean allPk = table.partitionKey.stream().allMatch(c -> eq.containsKey(c.name()));
    boolean needsFiltering = false;
    if (allPk) {
      for (ColumnDef c : table.partitionKey) {
        partition.add(eq.remove(c.name()));
      }
    } else {
      // partition key parts (if any) become filters of a full scan
      for (ColumnDef c : table.partitionKey) {
        KeyTerms.Values v = eq.remove(c.name());
        if (v != null) {
          needsFiltering = true;
          filters.add(
              new Filter(
                  c,
                  v.listMarker() != null ? "in" : v.terms().size() == 1 ? "=" : "in",
                  v.listMarker() != null
                      ? v.listMarker()
                      : v.terms().size() == 1 ? v.terms().get(0) : null,
                  v.listMarker() == null && v.terms().size() > 1 ? v.terms() : null));
        }
      }
    }
    // clustering: a prefix of = / IN, then at most one range
    boolean prefix = allPk;
    for (ColumnDef c : table.clustering) {
      KeyTerms.Values v = eq.remove(c.name());
      if (v != null && prefix) {
        clusteringEq.add(v);
        continue;
      }
      prefix = false;
      if (v != null) {
        needsFiltering = true;
        filters.add(
            new Filter(
                c,
                v.terms() != null && v.terms().size() == 1 ? "=" : "in",
                v.terms() != null && v.terms().size() == 1 ? v.terms().get(0) : v.listMarker(),
                v.terms() != null && v.terms().size() > 1 ? v.terms() : null));
      }
    }
    for (Ast.Relation r : rest) {
      if (r.token()) {
        noteToken(r);
        if (allPk) {
          throw CqlException.invalid(
              "Columns \""
                  + table.partitionKey.get(0).name()
                  + "\" cannot be restricted by both a normal relation and a token relation");
        }
        tokenBounds.add(r);
        continue;
      }
      ColumnDef c = table.require(r.column());
      if (r.op().equals("!=")) {
        throw CqlException.invalid("Unsupported \"!=\" relation: " + c.name() + " != ...");
      }
      boolean range = List.of("<", "<=", ">", ">=").contains(r.op());
      int pos = table.clustering.indexOf(c);
      if (c.kind() == ColumnDef.Kind.CLUSTERING
          && range
          && allPk
          && pos == clusteringEq.size()
          && (sliceColumn == null || sliceColumn == c)) {
        sliceColumn = c;
        vars.note(r.value(), table.keyspace, table.name, c.name(), c.type());
        if (r.op().startsWith(">")) {
          if (lower != null) {
            throw CqlException.invalid(
                "More than one restriction was found for the start bound on " + c.name());
          }
          lower = r;
        } else {
          if (upper != null) {
            throw CqlException.invalid(
                "More than one restriction was found for the end bound on " + c.name());
          }
          upper = r;
        }
        continue;
      }
      if (c.kind() == ColumnDef.Kind.PARTITION_KEY && range) {
        throw CqlException.invalid(
            "Only EQ and IN relation are supported on the partition key (unless you use the token() function)");
      }
      if (r.op().equals("=") && table.indexOn(c.name()) != null) {
        // an indexed column needs no ALLOW FILTERING; without the whole partition key it is read
        // through the index, and checked against the row either way
        vars.note(r.value(), table.keyspace, table.name, c.name(), c.type());
        filters.add(new Filter(c, r.op(), r.value(), null));
        if (!allPk && index == null) {
          index = table.indexOn(c.name());
          indexRelation = r;
        }
        continue;
      }
      needsFiltering = true;
      if (r.op().startsWith("contains") && !c.type().isCollection()) {
        throw CqlException.invalid("Cannot use CONTAINS on non-collection column " + c.name());
      }
      CqlType vt =
          r.op().equals("contains")
              ? (c.type().kind == CqlType.Kind.MAP ? c.type().value() : c.type().element())
              : r.op().equals("contains key") ? c.type().element() : c.type();
      if (r.in() != null) {
        r.in().forEach(x -> vars.note(x, table.keyspace, table.name, c.name(), c.type()));
      } else {
        vars.note(
            r.value(),
            table.keyspace,
            table.name,
            c.name(),
            r.op().equals("in")
                ? CqlType.collection(CqlType.Kind.LIST, true, List.of(c.type()))
                : vt);
      }
      filters.add(new Filter(c, r.op(), r.value(), r.in()));
    }
    if (sliceColumn == null && !allPk && !clusteringEq.isEmpty()) {
      needsFiltering = true;
    }
    if (needsFiltering && !s.allowFiltering()) {
      if (!allPk
          && table.partitionKey.stream()
              .anyMatch(
                  c -> s.where().stream().anyMatch(r -> !r.token() && r.column().equals(c.name())))
          && filters.stream().allMatch(f -> f.column().kind() == ColumnDef.Kind.PARTITION_KEY)) {
        throw CqlException.invalid(FILTERING);
      }
      throw CqlException.invalid(FILTERING);
    }
    if (index != null && (!tokenBounds.isEmpty() || distinct)) {
      throw CqlException.unsupported("token() relations or DISTINCT with a secondary index");
    }
    orderBy(s, allPk);
    groupBy(s);
    if (s.limit() != null) {
      limit = s.limit();
      vars.note(limit, table.keyspace, table.name, "[limit]", CqlType.of(CqlType.Kind.INT));
    }
    if (s.perPartitionLimit() != null && selection.aggregate) {
      throw CqlException.invalid("PER PARTITION LIMIT is not allowed with aggregate queries.");
    }
    if (s.perPartitionLimit() != null) {
      perPartitionLimit = s.perPartitionLimit();
      vars.note(
          perPartitionLimit,
          table.keyspace,
          table.name,
          "[per_partition_limit]",
          CqlType.of(CqlType.Kind.INT));
    }
    if (distinct) {
      for (Selection.Out o : selection.outs) {
        if (o.column() == null
            || o.column().kind() != ColumnDef.Kind.PARTITION_KEY
                && o.column().kind() != ColumnDef.Kind.STATIC) {
          if (!(o.fn() != null && o.fn().equals("token"))
              && !(o.fn() != null && o.fn().startsWith("count"))) {
            throw CqlException.invalid(
                "SELECT DISTINCT queries must only request partition key columns and/or static columns (not "
                    + o.name()
                    + ")");
          }
        }
      }
    }
  }

  /**
   * GROUP BY: a prefix of the primary key at least as long as the partition key, in declared order;
   * columns fixed by {@code =} may be left out, as in Cassandra.
   */
  private void groupBy(Ast.Select s) {
    if (s.groupBy().isEmpty()) {
      return;
    }
    String order =
        "Group by currently only support groups of columns following their declared order in the"
            + " PRIMARY KEY";
    List<ColumnDef> key = new ArrayList<>(table.partitionKey);
    key.addAll(table.clustering);
    int at = 0;
    for (String g : s.groupBy()) {
      ColumnDef def = table.require(g);
      if (!def.isPrimaryKey()) {
        throw CqlException.invalid(
            "Group by is only supported on partition key columns and clustering columns, "
                + def.name()
                + " is not");
      }
      while (true) {
        if (at >= key.size()) {
          throw CqlException.invalid(order);
        }
        ColumnDef c = key.get(at++);
        if (c == def) {
          break;
        }
        if (!fixedByEq(c)) {
          throw CqlException.invalid(order);
        }
      }
    }
    if (at < table.partitionKey.size()) {
      throw CqlException.invalid("Group by is not supported on only a part of the partition key");
    }
    if (distinct) {
      throw CqlException.unsupported("GROUP BY with SELECT DISTINCT");
    }
    if (s.perPartitionLimit() != null) {
      throw CqlException.unsupported("PER PARTITION LIMIT with GROUP BY");
    }
    if (reversed) {
      throw CqlException.unsupported("GROUP BY with ORDER BY in reverse clustering order");
    }
    groupPrefix = at;
  }

  /** Whether the key column is restricted to a single value by {@code =}. */
  private boolean fixedByEq(ColumnDef c) {
    int pos = c.kind() == ColumnDef.Kind.PARTITION_KEY ? c.position() : -1;
    KeyTerms.Values v =
        pos >= 0
            ? (pos < partition.size() ? partition.get(pos) : null)
            : (c.position() < clusteringEq.size() ? clusteringEq.get(c.position()) : null);
    return v != null && v.listMarker() == null && v.terms() != null && v.terms().size() == 1;
  }

  private void noteToken(Ast.Relation r) {
    List<String> want = table.partitionKey.stream().map(ColumnDef::name).toList();
    if (!r.columns().equals(want)) {
      throw CqlException.invalid(
          "The token() function must be applied to all partition key components or none of them");
    }
    vars.note(
        r.value(),
        table.keyspace,
        table.name,
        "partition key token",
        CqlType.of(CqlType.Kind.BIGINT));
    if (r.op().equals("=") || r.op().equals("in")) {
      throw CqlException.unsupported("token() with = or IN");
    }
  }

  private void orderBy(Ast.Select s, boolean allPk) {
    if (s.orderBy().isEmpty()) {
      return;
    }
    if (!allPk) {
      throw CqlException.invalid(
          "ORDER BY is only supported when the partition key is restricted by an EQ or an IN.");
    }
    Boolean reversed = null;
    int i = 0;
    for (Ast.Ordering o : s.orderBy()) {
      ColumnDef c = table.require(o.column());
      if (c.kind() != ColumnDef.Kind.CLUSTERING) {
        throw CqlException.invalid(
            "Order by is currently only supported on the clustered columns of the PRIMARY KEY, got "
                + c.name());
      }
      while (i < table.clustering.size() && table.clustering.get(i) != c) {
        int idx = i;
        if (clusteringEq.stream().noneMatch(v -> v.column() == table.clustering.get(idx))) {
          throw CqlException.invalid(
              "Order by currently only supports the ordering of columns following their declared order in the PRIMARY KEY");
        }
        i++;
      }
      i++;
      boolean rev = o.descending() != c.descending();
      if (reversed != null && reversed != rev) {
        throw CqlException.invalid("Unsupported order by relation");
      }
      reversed = rev;
    }
    this.reversed = Boolean.TRUE.equals(reversed);
    if (partition.stream().anyMatch(v -> v.listMarker() != null || v.terms().size() > 1)) {
      throw CqlException.unsupported("ORDER BY with an IN restriction on the partition key");
    }
  }

  @Override
  public List<ColumnSpec> variables() {
    return vars.specs();
  }

  @Override
  public List<ColumnSpec> resultColumns() {
    return selection.specs();
  }

  @Override
  public int[] partitionKeyIndexes() {
    int[] out = new int[partition.size()];
    for (int i = 0; i < out.length; i++) {
      List<Ast.Term> ts = partition.get(i).terms();
      if (ts == null || ts.size() != 1 || !(ts.get(0) instanceof Ast.Marker m)) {
        return new int[0];
      }
      out[i] = m.index();
    }
    return out;
  }

  int intOf(Ast.Term t, Exec e, String what) {
    if (t == null) {
      return Integer.MAX_VALUE;
    }
    byte[] v = e.value(t, CqlType.of(CqlType.Kind.INT));
    if (v == null || v == Terms.UNSET) {
      return Integer.MAX_VALUE;
    }
    int n = Values.toInt(v);
    if (n <= 0) {
      throw CqlException.invalid(what + " must be strictly positive");
    }
    return n;
  }

  @Override
  public CompletableFuture<Result> execute(Exec e) {
    return CompletableFuture.completedFuture(scanner.run(e));
  }

  static ByteBuffer wrap(byte[] b) {
    return b == null ? null : ByteBuffer.wrap(b);
  }
}
