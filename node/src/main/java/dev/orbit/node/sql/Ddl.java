package dev.orbit.node.sql;

import dev.orbit.node.storage.KeyValue;
import dev.orbit.node.storage.MergedScan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CheckConstraint;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.drop.Drop;

/** Schema changes. They take effect (durably) at once, also inside a transaction block. */
final class Ddl {
  private static final int BATCH = 5000;

  private Ddl() {}

  static Stmt command(String tag, java.util.function.Consumer<Exec> action) {
    return new Stmt() {
      @Override
      public java.util.List<Field> fields() {
        return null;
      }

      @Override
      public Result run(Exec ex) {
        action.accept(ex);
        if (!tag.startsWith("CREATE")) {
          SchemaUndo.keptOnRollback(ex, tag);
        }
        return Result.command(tag);
      }

      @Override
      public boolean transactional() {
        return false;
      }
    };
  }

  // ---- CREATE TABLE ----

  private static final java.util.regex.Pattern GENERATED_IDENTITY =
      java.util.regex.Pattern.compile(
          "(?i)\\bgenerated\\s+(always|by\\s+default)\\s+as\\s+identity\\b");
  private static final java.util.regex.Pattern GENERATED =
      java.util.regex.Pattern.compile("(?i)\\bgenerated\\s+always\\s+as\\s*\\(");
  private static final java.util.regex.Pattern NULLS_DISTINCT =
      java.util.regex.Pattern.compile("(?i)\\bnulls\\s+(not\\s+)?distinct\\b");

  static Stmt createTable(Compiler c, CreateTable ct) {
    if (ct.getSelect() != null) {
      if (ct.getColumnDefinitions() != null && !ct.getColumnDefinitions().isEmpty()) {
        throw SqlException.unsupported("CREATE TABLE … AS with column definitions");
      }
      return CreateTableAs.compile(
          c,
          ExprCompiler.unquote(ct.getTable().getName()),
          ct.isIfNotExists(),
          ct.getSelect(),
          ct.getColumns() == null ? List.of() : ct.getColumns());
    }
    // options this engine would otherwise accept and ignore are refused by name
    String opts =
        String.join(
                " ", ct.getTableOptionsStrings() == null ? List.of() : ct.getTableOptionsStrings())
            .toUpperCase(Locale.ROOT);
    if (ct.getPartitioning() != null || ct.getPartitionOf() != null || opts.contains("PARTITION")) {
      throw SqlException.unsupported("partitioned tables (PARTITION BY / PARTITION OF)");
    }
    if (opts.contains("INHERITS")) {
      throw SqlException.unsupported("table inheritance (INHERITS)");
    }
    if (NULLS_DISTINCT.matcher(ct.toString()).find()) {
      throw SqlException.unsupported("UNIQUE NULLS [NOT] DISTINCT");
    }
    if (ct.getIndexes() != null) {
      for (Index ix : ct.getIndexes()) {
        String type = ix.getType() == null ? "" : ix.getType().toUpperCase(Locale.ROOT);
        if (ix instanceof net.sf.jsqlparser.statement.create.table.ExcludeConstraint
            || type.contains("EXCLUDE")) {
          throw SqlException.unsupported("EXCLUDE constraints");
        }
      }
    }
    String name = ExprCompiler.unquote(ct.getTable().getName());
    return command(
        "CREATE TABLE",
        ex -> {
          Catalog cat = ex.catalog();
          synchronized (cat) {
            if (cat.relationExists(ex.db(), name)) {
              if (ct.isIfNotExists()) {
                ex.session.notice("relation \"" + name + "\" already exists, skipping");
                return;
              }
              throw new SqlException("42P07", "relation \"" + name + "\" already exists");
            }
            TableDef t = new TableDef();
            t.id = cat.newId();
            t.oid = cat.oidOf(t.id);
            t.name = name;
            List<String> uniques = new ArrayList<>();
            List<String[]> checks = new ArrayList<>();
            List<ForeignKeys.FkDef> fks = new ArrayList<>();
            for (ColumnDefinition cd : ct.getColumnDefinitions()) {
              addColumn(
                  ex,
                  t,
                  cd.getColumnName(),
                  cd.getColDataType().toString(),
                  cd.getColumnSpecs(),
                  uniques,
                  checks,
                  fks);
            }
            if (ct.getIndexes() != null) {
              for (Index ix : ct.getIndexes()) {
                if (ix instanceof CheckConstraint cc) {
                  checks.add(new String[] {cc.getName(), cc.getExpression().toString()});
                  continue;
                }
                String type = ix.getType() == null ? "" : ix.getType().toLowerCase(Locale.ROOT);
                List<Integer> cols = columnIds(t, ix.getColumnsNames());
                if (ix instanceof ForeignKeyIndex || type.contains("foreign")) {
                  fks.add(ForeignKeys.parse(ix.getName(), ix.getColumnsNames(), ix.toString()));
                } else if (type.contains("primary")) {
                  setPrimaryKey(t, cols);
                } else if (type.contains("unique")) {
                  t.indexes.add(
                      new IndexDef(
                          cat.newId(),
                          ix.getName() != null
                              ? ix.getName()
                              : t.name + "_" + String.join("_", ix.getColumnsNames()) + "_key",
                          cols,
                          true));
                }
              }
            }
            for (String[] ck : checks) {
              Checks.add(ex, t, ck[0], ck[1], true);
            }
            for (String u : uniques) {
              int p = t.positionOrThrow(u);
              t.indexes.add(
                  new IndexDef(
                      cat.newId(), t.name + "_" + u + "_key", List.of(t.columns.get(p).id), true));
            }
            for (ForeignKeys.FkDef fk : fks) {
              ForeignKeys.add(ex, t, fk);
            }
            for (ColumnDef col : t.columns) {
              if (col.defaultSql != null && col.defaultSql.startsWith("nextval('")) {
                String seq = Catalog.sequenceOf(col.defaultSql);
                if (!cat.hasSequence(ex.db(), seq)) {
                  cat.createSequence(ex.db(), seq, serialSequence(t, col));
                }
              }
            }
            cat.save(ex.db(), t, null);
            SchemaUndo.createdTable(ex, t);
          }
        });
  }

  /** A serial column's sequence: of the column's integer type, owned by the column. */
  private static SequenceDef serialSequence(TableDef t, ColumnDef col) {
    SequenceDef d = new SequenceDef();
    d.type = col.type == PgType.INT2 ? "smallint" : col.type == PgType.INT4 ? "integer" : "bigint";
    d.max = SequenceDef.typeMax(d.type);
    d.ownedTable = t.name;
    d.ownedColumn = col.name;
    return d;
  }

  private static void setPrimaryKey(TableDef t, List<Integer> cols) {
    if (!t.primaryKey.isEmpty()) {
      throw new SqlException(
          "42P16", "multiple primary keys for table \"" + t.name + "\" are not allowed");
    }
    t.primaryKey = new ArrayList<>(cols);
    for (int id : cols) {
      t.columns.get(t.positionOfId(id)).notNull = true;
    }
  }

  static List<Integer> columnIds(TableDef t, List<String> names) {
    List<Integer> out = new ArrayList<>();
    for (String n : names) {
      String clean = ExprCompiler.unquote(n.trim().split("\\s+")[0]);
      out.add(t.columns.get(t.positionOrThrow(clean)).id);
    }
    return out;
  }

  /**
   * Adds a column from its definition; returns it. Column UNIQUE constraints go to {@code uniques},
   * CHECK constraints to {@code checks} as (name or null, expression).
   */
  static ColumnDef addColumn(
      Exec ex,
      TableDef t,
      String rawName,
      String typeText,
      List<String> specs,
      List<String> uniques,
      List<String[]> checks,
      List<ForeignKeys.FkDef> fks) {
    String name = ExprCompiler.unquote(rawName);
    if (t.position(name) >= 0) {
      throw new SqlException(
          "42701", "column \"" + name + "\" of relation \"" + t.name + "\" already exists");
    }
    TypeName tn = TypeName.parse(typeText);
    ColumnDef col = new ColumnDef(t.nextColumnId++, name, tn.type(), tn.typmod());
    if (tn.element() != null) {
      col.elementType = tn.element().type();
      col.elementTypmod = tn.element().typmod();
    }
    t.columns.add(col);
    if (tn.serial()) {
      col.defaultSql = "nextval('" + t.name + "_" + name + "_seq'::regclass)";
      col.notNull = true;
    }
    List<String> s = specs == null ? List.of() : specs;
    String joined = String.join(" ", s);
    Matcher identity = GENERATED_IDENTITY.matcher(joined);
    if (identity.find()) {
      if (joined.substring(identity.end()).trim().startsWith("(")) {
        throw SqlException.unsupported("sequence options of an identity column");
      }
      if (col.type != PgType.INT2 && col.type != PgType.INT4 && col.type != PgType.INT8) {
        throw new SqlException(
            "22023", "identity column type must be smallint, integer, or bigint");
      }
      if (identity.find()) {
        throw new SqlException(
            "42601",
            "multiple identity specifications for column \""
                + name
                + "\" of table \""
                + t.name
                + "\"");
      }
      identity.reset();
      identity.find();
      if (tn.serial() || joined.toLowerCase(Locale.ROOT).matches("(^|.*\\s)(?<!by )default\\s.*")) {
        throw new SqlException(
            "42601",
            "both default and identity specified for column \""
                + name
                + "\" of table \""
                + t.name
                + "\"");
      }
      if (joined.toLowerCase(Locale.ROOT).matches("(^|.*\\s)(?<!not )null(\\s.*|$)")) {
        throw new SqlException(
            "42601",
            "conflicting NULL/NOT NULL declarations for column \""
                + name
                + "\" of table \""
                + t.name
                + "\"");
      }
      col.identity = identity.group(1).toLowerCase(Locale.ROOT).startsWith("always") ? "a" : "d";
      col.notNull = true;
      col.defaultSql = "nextval('" + t.name + "_" + name + "_seq'::regclass)";
    }
    if (GENERATED.matcher(joined).find()) {
      throw SqlException.unsupported("generated columns (GENERATED ALWAYS AS … STORED)");
    }
    String constraintName = null;
    for (int i = 0; i < s.size(); i++) {
      String w = s.get(i).toLowerCase(Locale.ROOT);
      if (w.startsWith("references")) {
        if (i + 1 < s.size()
            && s.get(i + 1).startsWith("(")
            && w.matches("(?s).*\\bset\\s+(null|default)\\s*")) {
          throw SqlException.unsupported("ON DELETE SET NULL/DEFAULT of a column list");
        }
        fks.add(ForeignKeys.parse(constraintName, List.of(name), s.get(i)));
        constraintName = null;
        continue;
      }
      if (w.equals("deferrable") && (i == 0 || !s.get(i - 1).equalsIgnoreCase("not"))
          || w.equals("initially")
              && i + 1 < s.size()
              && s.get(i + 1).equalsIgnoreCase("deferred")) {
        throw SqlException.unsupported("deferrable constraints");
      }
      if (w.equals("check")) {
        StringBuilder x = new StringBuilder();
        int j = i + 1;
        while (j < s.size()) {
          x.append(x.length() > 0 ? " " : "").append(s.get(j++));
          if (parenDepth(x) == 0) {
            break;
          }
        }
        if (x.length() == 0 || parenDepth(x) != 0) {
          throw new SqlException(
              "42601", "syntax error in CHECK constraint of column \"" + name + "\"");
        }
        checks.add(new String[] {constraintName, x.toString()});
        constraintName = null;
        i = j - 1;
        continue;
      }
      if (w.equals("constraint") && i + 1 < s.size()) {
        constraintName = s.get(++i);
        continue;
      }
      if (w.equals("nulls")) {
        throw SqlException.unsupported("UNIQUE NULLS [NOT] DISTINCT");
      }
      switch (w) {
        case "not" -> {
          if (i + 1 < s.size() && s.get(i + 1).equalsIgnoreCase("null")) {
            col.notNull = true;
            i++;
          }
        }
        case "primary" -> {
          setPrimaryKey(t, List.of(col.id));
          i++;
        }
        case "unique" -> uniques.add(name);
        case "collate" -> {
          if (i + 1 < s.size()) {
            Collations.check(s.get(++i));
          }
        }
        case "default" -> {
          StringBuilder d = new StringBuilder();
          int j = i + 1;
          while (j < s.size() && !isConstraintWord(s.get(j))) {
            d.append(d.length() > 0 ? " " : "").append(s.get(j));
            j++;
          }
          col.defaultSql = d.toString();
          i = j - 1;
        }
        default -> {}
      }
      constraintName = null;
    }
    return col;
  }

  /** Open minus closed parentheses outside string literals and quoted names. */
  private static int parenDepth(CharSequence x) {
    int depth = 0;
    char quote = 0;
    for (int k = 0; k < x.length(); k++) {
      char ch = x.charAt(k);
      if (quote != 0) {
        quote = ch == quote ? 0 : quote;
      } else if (ch == '\'' || ch == '"') {
        quote = ch;
      } else if (ch == '(') {
        depth++;
      } else if (ch == ')') {
        depth--;
      }
    }
    return depth;
  }

  private static boolean isConstraintWord(String w) {
    return switch (w.toLowerCase(Locale.ROOT)) {
      case "not", "primary", "unique", "references", "check", "constraint", "collate" -> true;
      case "null" -> false;
      default -> false;
    };
  }

  // ---- DROP ----

  static Stmt drop(Compiler c, Drop d) {
    String type = d.getType().toLowerCase(Locale.ROOT);
    List<String> names = new ArrayList<>();
    if (d.getNames() != null && !d.getNames().isEmpty()) {
      d.getNames().forEach(n -> names.add(ExprCompiler.unquote(n.getName())));
    } else {
      names.add(ExprCompiler.unquote(d.getName().getName()));
    }
    boolean ifExists = d.isIfExists();
    boolean cascade =
        d.getParameters() != null
            && d.getParameters().stream().anyMatch(x -> x.equalsIgnoreCase("CASCADE"));
    switch (type) {
      case "table":
        return command(
            "DROP TABLE",
            ex -> {
              Catalog cat = ex.catalog();
              for (String n : names) {
                if (cat.find(ex.db(), n) == null && cat.view(ex.db(), n) != null) {
                  throw new SqlException("42809", "\"" + n + "\" is not a table")
                      .withHint("Use DROP VIEW to remove a view.");
                }
                if (cat.find(ex.db(), n) == null && !ifExists) {
                  throw SqlException.undefinedTable(n);
                }
                if (!cascade && cat.find(ex.db(), n) != null) {
                  Views.dropDependents(ex, "table", n, false, new HashSet<>(names));
                  ForeignKeys.beforeDrop(ex, n, false, new HashSet<>(names));
                }
              }
              for (String n : names) {
                TableDef t = cat.find(ex.db(), n);
                if (t == null) {
                  ex.session.notice("table \"" + n + "\" does not exist, skipping");
                } else {
                  Views.dropDependents(ex, "table", n, cascade, new HashSet<>(names));
                  ForeignKeys.beforeDrop(ex, n, cascade, new HashSet<>(names));
                  cat.dropTable(ex.db(), cat.find(ex.db(), n));
                }
              }
            });
      case "index":
        return command(
            "DROP INDEX",
            ex -> {
              for (String n : names) {
                TableDef owner = indexOwner(ex, n);
                if (owner == null) {
                  if (!ifExists) {
                    throw new SqlException("42704", "index \"" + n + "\" does not exist");
                  }
                  continue;
                }
                for (Object[] r : ForeignKeys.referencing(ex, owner.name)) {
                  ForeignKeys.FkDef fk = (ForeignKeys.FkDef) r[1];
                  List<Integer> ids = columnIds(owner, fk.refColumns);
                  if (FkEnforcer.uniqueKey(owner, ids) == owner.index(n)) {
                    throw new SqlException(
                            "2BP01",
                            "cannot drop index " + n + " because other objects depend on it",
                            "constraint "
                                + fk.name
                                + " on table "
                                + ((TableDef) r[0]).name
                                + " depends on index "
                                + n)
                        .withHint("Use DROP ... CASCADE to drop the dependent objects too.");
                  }
                }
                synchronized (ex.catalog()) {
                  TableDef t = owner.copy();
                  IndexDef ix = t.index(n);
                  t.indexes.removeIf(i -> i.name.equals(n));
                  ex.catalog().save(ex.db(), t, t.name);
                  ex.catalog().clearIndex(ix);
                }
              }
            });
      case "sequence":
        return command(
            "DROP SEQUENCE",
            ex -> {
              for (String n : names) {
                if (!ex.catalog().hasSequence(ex.db(), n) && !ifExists) {
                  throw SqlException.undefinedTable(n);
                }
                ex.catalog().dropSequence(ex.db(), n);
              }
            });
      default:
        throw SqlException.unsupported("DROP " + type.toUpperCase(Locale.ROOT));
    }
  }

  static TableDef indexOwner(Exec ex, String index) {
    for (TableDef t : ex.catalog().tables(ex.db())) {
      if (t.index(index) != null) {
        return t;
      }
    }
    return null;
  }

  // ---- TRUNCATE ----

  static Stmt truncate(List<String> names) {
    return command(
        "TRUNCATE TABLE",
        ex -> {
          List<TableDef> tables = new ArrayList<>();
          for (String n : names) {
            tables.add(ex.catalog().table(ex.db(), n));
          }
          for (String n : names) {
            for (Object[] r : ForeignKeys.referencing(ex, n)) {
              String child = ((TableDef) r[0]).name;
              if (!names.contains(child)) {
                throw new SqlException(
                        "0A000",
                        "cannot truncate a table referenced in a foreign key constraint",
                        "Table \"" + child + "\" references \"" + n + "\".")
                    .withHint(
                        "Truncate table \""
                            + child
                            + "\" at the same time, or use TRUNCATE ... CASCADE.");
              }
            }
          }
          for (TableDef t : tables) {
            ex.catalog().clearData(t);
          }
        });
  }

  // ---- CREATE INDEX ----

  static Stmt createIndex(Compiler c, CreateIndex ci) {
    String table = ExprCompiler.unquote(ci.getTable().getName());
    Index ix = ci.getIndex();
    boolean unique =
        ix.getType() != null && ix.getType().toLowerCase(Locale.ROOT).contains("unique");
    List<String> cols = ix.getColumnsNames();
    return command(
        "CREATE INDEX",
        ex -> {
          Catalog cat = ex.catalog();
          synchronized (cat) {
            TableDef t = cat.table(ex.db(), table).copy();
            String name =
                ix.getName() != null
                    ? ExprCompiler.unquote(ix.getName())
                    : t.name
                        + "_"
                        + String.join("_", cols.stream().map(s -> s.split("\\s+")[0]).toList())
                        + "_idx";
            if (indexOwner(ex, name) != null || cat.relationExists(ex.db(), name)) {
              if (ci.isUsingIfNotExists()) {
                ex.session.notice("relation \"" + name + "\" already exists, skipping");
                return;
              }
              throw new SqlException("42P07", "relation \"" + name + "\" already exists");
            }
            IndexDef def = new IndexDef(cat.newId(), name, columnIds(t, cols), unique);
            build(ex, t, def);
            t.indexes.add(def);
            cat.save(ex.db(), t, t.name);
            SchemaUndo.createdIndex(ex, name);
          }
        });
  }

  /** Writes the entries of a new index for every row, checking uniqueness. */
  static void build(Exec ex, TableDef t, IndexDef ix) {
    Catalog cat = ex.catalog();
    byte[] p = t.rowPrefix();
    Set<java.nio.ByteBuffer> seen = new HashSet<>();
    Transaction batch = ex.session.engine.batchTransaction();
    int n = 0;
    try (MergedScan scan = cat.store().scan(p, Bytes.prefixEnd(p))) {
      while (scan.hasNext()) {
        KeyValue kv = scan.next();
        Object[] row = t.decodeRow(kv.value());
        if (ix.unique) {
          boolean hasNull = false;
          for (int s : t.indexSlots(ix)) {
            hasNull |= row[s] == null;
          }
          if (!hasNull && !seen.add(java.nio.ByteBuffer.wrap(t.indexValuePrefix(ix, row)))) {
            cat.clearIndex(ix);
            SqlException dup = RowWriter.duplicate(t, ix.name, t.indexSlots(ix), row);
            throw new SqlException(
                "23505", "could not create unique index \"" + ix.name + "\"", dup.detail());
          }
        }
        batch.put(t.indexEntry(ix, row, kv.key()), kv.key());
        if (++n % BATCH == 0) {
          batch.commitUnpublished();
        }
      }
    } catch (RuntimeException | Error e) {
      batch.rollback();
      throw e;
    }
    batch.commitUnpublished();
  }

  // ---- ALTER TABLE ----

  private static final Pattern ALTER_COLUMN =
      Pattern.compile(
          "(?is)ALTER\\s+(?:COLUMN\\s+)?(\"[^\"]+\"|\\w+)\\s+(SET\\s+DEFAULT\\s+(.+)|DROP\\s+DEFAULT|SET\\s+NOT\\s+NULL|DROP\\s+NOT\\s+NULL|(?:SET\\s+DATA\\s+)?TYPE\\s+.+)");

  static Stmt alter(Compiler c, Alter al) {
    String table = ExprCompiler.unquote(al.getTable().getName());
    boolean ifExists = al.isUseTableIfExists();
    List<AlterExpression> exprs = al.getAlterExpressions();
    return command(
        "ALTER TABLE",
        ex -> {
          Catalog cat = ex.catalog();
          synchronized (cat) {
            TableDef found = cat.find(ex.db(), table);
            if (found == null) {
              if (ifExists) {
                ex.session.notice("relation \"" + table + "\" does not exist, skipping");
                return;
              }
              throw SqlException.undefinedTable(table);
            }
            TableDef t = found.copy();
            String oldName = t.name;
            boolean rewrite = false;
            List<IndexDef> newIndexes = new ArrayList<>();
            for (AlterExpression ae : exprs) {
              rewrite |= apply(ex, t, ae, newIndexes);
            }
            if (rewrite) {
              t = Rekey.copy(ex, found, t);
            }
            for (IndexDef ix : newIndexes) {
              build(ex, t, ix);
            }
            cat.save(ex.db(), t, oldName);
            if (rewrite) {
              cat.retire(found);
            }
          }
        });
  }

  /** Applies one ALTER action to {@code t}; true when rows must be re-keyed. */
  private static boolean apply(Exec ex, TableDef t, AlterExpression ae, List<IndexDef> newIndexes) {
    String op = ae.getOperation().name();
    switch (op) {
      case "ADD":
        if (ae.getColDataTypeList() != null) {
          for (var cd : ae.getColDataTypeList()) {
            String n = ExprCompiler.unquote(cd.getColumnName());
            if (t.position(n) >= 0
                && ae.toString().toUpperCase(Locale.ROOT).contains("IF NOT EXISTS")) {
              continue;
            }
            List<String> uniques = new ArrayList<>();
            List<String[]> checks = new ArrayList<>();
            List<ForeignKeys.FkDef> fks = new ArrayList<>();
            ColumnDef col =
                addColumn(
                    ex,
                    t,
                    cd.getColumnName(),
                    cd.getColDataType().toString(),
                    cd.getColumnSpecs(),
                    uniques,
                    checks,
                    fks);
            if (col.defaultSql != null) {
              Expr d = Dml.defaults(new Compiler(ex.session, new int[0]), t)[t.columns.size() - 1];
              if (!d.constant() || col.defaultSql.toLowerCase(Locale.ROOT).contains("nextval")) {
                throw SqlException.unsupported("ADD COLUMN with a volatile DEFAULT");
              }
              Object v =
                  Values.coerce(d.eval(new Env(ex, null, new Object[0])), col.type, col.typmod);
              if (col.elementType != null) {
                v = ArrayElements.coerce(v, col.elementType, col.elementTypmod);
              }
              col.missingText = Values.toText(v, col.type);
            } else if (col.notNull && tableHasRows(ex, t)) {
              throw new SqlException(
                  "23502",
                  "column \""
                      + col.name
                      + "\" of relation \""
                      + t.name
                      + "\" contains null values");
            }
            for (String u : uniques) {
              IndexDef ix =
                  new IndexDef(
                      ex.catalog().newId(), t.name + "_" + u + "_key", List.of(col.id), true);
              t.indexes.add(ix);
              newIndexes.add(ix);
            }
            for (String[] ck : checks) {
              Checks.validate(ex, t, Checks.add(ex, t, ck[0], ck[1], false));
            }
            for (ForeignKeys.FkDef fk : fks) {
              ForeignKeys.add(ex, t, fk);
              ForeignKeys.validate(ex, t, fk);
            }
          }
          return false;
        }
        if (ae.getIndex() instanceof CheckConstraint cc) {
          Checks.validate(
              ex, t, Checks.add(ex, t, cc.getName(), cc.getExpression().toString(), false));
          return false;
        }
        if (ae.getIndex() != null) {
          Index ix = ae.getIndex();
          String type = ix.getType() == null ? "" : ix.getType().toLowerCase(Locale.ROOT);
          if (ix instanceof ForeignKeyIndex || type.contains("foreign")) {
            List<String> cols =
                ix.getColumnsNames() != null && !ix.getColumnsNames().isEmpty()
                    ? ix.getColumnsNames()
                    : ae.getFkColumns();
            ForeignKeys.FkDef fk = ForeignKeys.parse(ix.getName(), cols, ix.toString());
            ForeignKeys.add(ex, t, fk);
            ForeignKeys.validate(ex, t, fk);
            return false;
          }
          if (type.contains("primary")) {
            setPrimaryKey(t, columnIds(t, ix.getColumnsNames()));
            return true;
          }
          if (type.contains("unique")) {
            String name =
                ix.getName() != null
                    ? ExprCompiler.unquote(ix.getName())
                    : t.name + "_" + String.join("_", ix.getColumnsNames()) + "_key";
            IndexDef def =
                new IndexDef(ex.catalog().newId(), name, columnIds(t, ix.getColumnsNames()), true);
            t.indexes.add(def);
            newIndexes.add(def);
            return false;
          }
        }
        if (ae.getUkColumns() != null) {
          String name =
              ae.getUkName() != null
                  ? ae.getUkName()
                  : t.name + "_" + String.join("_", ae.getUkColumns()) + "_key";
          IndexDef def =
              new IndexDef(ex.catalog().newId(), name, columnIds(t, ae.getUkColumns()), true);
          t.indexes.add(def);
          newIndexes.add(def);
          return false;
        }
        if (ae.getFkColumns() != null) {
          ForeignKeys.FkDef fk = ForeignKeys.parse(null, ae.getFkColumns(), ae.toString());
          ForeignKeys.add(ex, t, fk);
          ForeignKeys.validate(ex, t, fk);
          return false;
        }
        throw SqlException.unsupported("ALTER TABLE " + ae);
      case "DROP":
        if (ae.getColumnName() != null) {
          String n = ExprCompiler.unquote(ae.getColumnName());
          int p = t.position(n);
          if (p < 0) {
            if (ae.toString().toUpperCase(Locale.ROOT).contains("IF EXISTS")) {
              return false;
            }
            t.positionOrThrow(n);
          }
          Views.refuseChangeUnder(ex, t.name, "ALTER TABLE DROP COLUMN");
          ForeignKeys.refuseColumnChange(ex, t, t.columns.get(p).name, "ALTER TABLE DROP COLUMN");
          int id = t.columns.get(p).id;
          if (t.primaryKey.contains(id)) {
            throw SqlException.unsupported("dropping a primary key column");
          }
          Checks.dropColumn(t, t.columns.get(p).name);
          for (IndexDef ix : new ArrayList<>(t.indexes)) {
            if (ix.columns.contains(id)) {
              t.indexes.remove(ix);
              ex.catalog().clearIndex(ix);
            }
          }
          t.columns.remove(p);
          return false;
        }
        if (ae.getConstraintName() != null) {
          return dropConstraint(ex, t, ae);
        }
        throw SqlException.unsupported("ALTER TABLE " + ae);
      case "RENAME":
        Views.refuseChangeUnder(ex, t.name, "ALTER TABLE RENAME COLUMN");
        int p = t.positionOrThrow(ExprCompiler.unquote(ae.getColOldName()));
        ForeignKeys.refuseColumnChange(ex, t, t.columns.get(p).name, "ALTER TABLE RENAME COLUMN");
        String newName = ExprCompiler.unquote(ae.getColumnName());
        if (t.position(newName) >= 0) {
          throw new SqlException(
              "42701", "column \"" + newName + "\" of relation \"" + t.name + "\" already exists");
        }
        String oldColumn = t.columns.get(p).name;
        t.columns.get(p).name = newName;
        Checks.renameColumn(t, oldColumn, newName);
        return false;
      case "RENAME_TABLE":
        String to = ExprCompiler.unquote(ae.getNewTableName());
        Views.refuseChangeUnder(ex, t.name, "ALTER TABLE RENAME TO");
        ForeignKeys.refuseRename(ex, t);
        if (ex.catalog().relationExists(ex.db(), to)) {
          throw new SqlException("42P07", "relation \"" + to + "\" already exists");
        }
        for (ForeignKeys.FkDef fk : t.foreignKeys) {
          if (fk.refTable.equals(t.name)) {
            fk.refTable = to; // a self-reference follows the table
          }
        }
        t.name = to;
        return false;
      case "ALTER":
        Matcher m = ALTER_COLUMN.matcher(ae.toString().trim());
        if (!m.matches()) {
          throw SqlException.unsupported("ALTER TABLE " + ae);
        }
        ColumnDef col = t.columns.get(t.positionOrThrow(ExprCompiler.unquote(m.group(1))));
        String action = m.group(2).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (col.identity != null
            && (action.startsWith("SET DEFAULT") || action.equals("DROP NOT NULL"))) {
          throw new SqlException(
              "42601",
              "column \"" + col.name + "\" of relation \"" + t.name + "\" is an identity column");
        }
        if (action.startsWith("SET DEFAULT")) {
          col.defaultSql = m.group(3).trim();
        } else if (action.equals("DROP DEFAULT")) {
          col.defaultSql = null;
        } else if (action.equals("SET NOT NULL")) {
          if (!col.notNull && columnHasNull(ex, t, t.positionOfId(col.id))) {
            throw new SqlException(
                "23502",
                "column \"" + col.name + "\" of relation \"" + t.name + "\" contains null values");
          }
          col.notNull = true;
        } else if (action.equals("DROP NOT NULL")) {
          if (t.primaryKey.contains(col.id)) {
            throw new SqlException("42P16", "column \"" + col.name + "\" is in a primary key");
          }
          col.notNull = false;
        } else {
          throw SqlException.unsupported("ALTER COLUMN … TYPE");
        }
        return false;
      default:
        throw SqlException.unsupported("ALTER TABLE " + ae);
    }
  }

  private static boolean dropConstraint(Exec ex, TableDef t, AlterExpression ae) {
    String name = ExprCompiler.unquote(ae.getConstraintName());
    if (Checks.drop(t, name) || ForeignKeys.drop(t, name)) {
      return false;
    }
    if (t.index(name) != null || name.equals(t.name + "_pkey") && t.hasPrimaryKey()) {
      throw SqlException.unsupported("ALTER TABLE DROP CONSTRAINT of a UNIQUE or PRIMARY KEY");
    }
    String missing = "constraint \"" + name + "\" of relation \"" + t.name + "\" does not exist";
    if (ae.toString().toUpperCase(Locale.ROOT).contains("IF EXISTS")) {
      ex.session.notice(missing + ", skipping");
      return false;
    }
    throw new SqlException("42704", missing);
  }

  private static boolean columnHasNull(Exec ex, TableDef t, int pos) {
    byte[] p = t.rowPrefix();
    try (MergedScan s = ex.catalog().store().scan(p, Bytes.prefixEnd(p))) {
      while (s.hasNext()) {
        ex.session.checkCancel();
        if (t.decodeRow(s.next().value())[pos] == null) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean tableHasRows(Exec ex, TableDef t) {
    byte[] p = t.rowPrefix();
    try (MergedScan s = ex.catalog().store().scan(p, Bytes.prefixEnd(p))) {
      return s.hasNext();
    }
  }
}
