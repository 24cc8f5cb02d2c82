package dev.orbit.node.sql;

import static dev.orbit.node.sql.SystemTables.def;
import static dev.orbit.node.sql.SystemTables.none;

import java.util.ArrayList;
import java.util.List;

/**
 * The pg_catalog relations pg_dump reads beyond what psql and drivers need. Most list kinds of
 * objects Orbit has no user-defined ones of (operators, text search, foreign data, extensions …),
 * so they are empty, which is what pg_dump needs to know; pg_depend holds the dependencies it uses
 * to order and attach objects (sequences owned by a column, defaults using a sequence).
 */
final class DumpCatalog {
  static final long PG_CLASS = 1259;
  static final long PG_ATTRDEF = 2604;

  private DumpCatalog() {}

  static void define() {
    def(
        "pg_catalog",
        "pg_depend",
        2608,
        "classid:oid objid:oid objsubid:int4 refclassid:oid refobjid:oid refobjsubid:int4"
            + " deptype:char",
        DumpCatalog::depend);
    def(
        "pg_catalog",
        "pg_init_privs",
        3394,
        "objoid:oid classoid:oid objsubid:int4 privtype:char initprivs:_text",
        none());
    def(
        "pg_catalog",
        "pg_language",
        2612,
        "oid:oid lanname:name lanowner:oid lanispl:bool lanpltrusted:bool lanplcallfoid:oid"
            + " laninline:oid lanvalidator:oid lanacl:_text",
        ex -> {
          List<Object[]> r = new ArrayList<>();
          r.add(new Object[] {12L, "internal", 10L, false, false, 0L, 0L, 0L, null});
          r.add(new Object[] {13L, "c", 10L, false, false, 0L, 0L, 0L, null});
          r.add(new Object[] {14L, "sql", 10L, false, true, 0L, 0L, 0L, null});
          return r;
        });
    def(
        "pg_catalog",
        "pg_operator",
        2617,
        "oid:oid oprname:name oprnamespace:oid oprowner:oid oprkind:char oprcanmerge:bool"
            + " oprcanhash:bool oprleft:oid oprright:oid oprresult:oid oprcom:oid oprnegate:oid"
            + " oprcode:regproc oprrest:regproc oprjoin:regproc",
        none());
    def(
        "pg_catalog",
        "pg_opclass",
        2616,
        "oid:oid opcmethod:oid opcname:name opcnamespace:oid opcowner:oid opcfamily:oid"
            + " opcintype:oid opcdefault:bool opckeytype:oid",
        none());
    def(
        "pg_catalog",
        "pg_opfamily",
        2753,
        "oid:oid opfmethod:oid opfname:name opfnamespace:oid opfowner:oid",
        none());
    def(
        "pg_catalog",
        "pg_amop",
        2602,
        "oid:oid amopfamily:oid amoplefttype:oid amoprighttype:oid amopstrategy:int2"
            + " amoppurpose:char amopopr:oid amopmethod:oid amopsortfamily:oid",
        none());
    def(
        "pg_catalog",
        "pg_amproc",
        2603,
        "oid:oid amprocfamily:oid amproclefttype:oid amprocrighttype:oid amprocnum:int2"
            + " amproc:regproc",
        none());
    def(
        "pg_catalog",
        "pg_ts_parser",
        3601,
        "oid:oid prsname:name prsnamespace:oid prsstart:regproc prstoken:regproc"
            + " prsend:regproc prsheadline:regproc prslextype:regproc",
        none());
    def(
        "pg_catalog",
        "pg_ts_template",
        3764,
        "oid:oid tmplname:name tmplnamespace:oid tmplinit:regproc tmpllexize:regproc",
        none());
    def(
        "pg_catalog",
        "pg_ts_dict",
        3600,
        "oid:oid dictname:name dictnamespace:oid dictowner:oid dicttemplate:oid"
            + " dictinitoption:text",
        none());
    def(
        "pg_catalog",
        "pg_ts_config",
        3602,
        "oid:oid cfgname:name cfgnamespace:oid cfgowner:oid cfgparser:oid",
        none());
    def(
        "pg_catalog",
        "pg_foreign_data_wrapper",
        2328,
        "oid:oid fdwname:name fdwowner:oid fdwhandler:oid fdwvalidator:oid fdwacl:_text"
            + " fdwoptions:_text",
        none());
    def(
        "pg_catalog",
        "pg_foreign_server",
        1417,
        "oid:oid srvname:name srvowner:oid srvfdw:oid srvtype:text srvversion:text"
            + " srvacl:_text srvoptions:_text",
        none());
    def(
        "pg_catalog",
        "pg_default_acl",
        826,
        "oid:oid defaclrole:oid defaclnamespace:oid defaclobjtype:char defaclacl:_text",
        none());
    def(
        "pg_catalog",
        "pg_conversion",
        2607,
        "oid:oid conname:name connamespace:oid conowner:oid conforencoding:int4"
            + " contoencoding:int4 conproc:regproc condefault:bool",
        none());
    def(
        "pg_catalog",
        "pg_cast",
        2605,
        "oid:oid castsource:oid casttarget:oid castfunc:oid castcontext:char castmethod:char",
        none());
    def(
        "pg_catalog",
        "pg_range",
        3541,
        "rngtypid:oid rngsubtype:oid rngmultitypid:oid rngcollation:oid rngsubopc:oid"
            + " rngcanonical:regproc rngsubdiff:regproc",
        none());
    def(
        "pg_catalog",
        "pg_transform",
        3576,
        "oid:oid trftype:oid trflang:oid trffromsql:regproc trftosql:regproc",
        none());
    def(
        "pg_catalog",
        "pg_event_trigger",
        3466,
        "oid:oid evtname:name evtevent:name evtowner:oid evtfoid:oid evtenabled:char"
            + " evttags:_text",
        none());
    def(
        "pg_catalog",
        "pg_subscription",
        6100,
        "oid:oid subdbid:oid subname:name subowner:oid subenabled:bool subbinary:bool"
            + " substream:char subtwophasestate:char subdisableonerr:bool subconninfo:text"
            + " subslotname:name subsynccommit:text subpublications:_text",
        none());
    def("pg_catalog", "pg_largeobject_metadata", 2995, "oid:oid lomowner:oid lomacl:_text", none());
    def(
        "pg_catalog",
        "pg_seclabels",
        3598,
        "objoid:oid classoid:oid objsubid:int4 objtype:text objnamespace:oid objname:text"
            + " provider:text label:text",
        none());
  }

  /**
   * Dependencies pg_dump acts on: a sequence owned by a column (deptype 'a': OWNED BY, dumped with
   * its table; 'i' for an identity column's sequence), and a column default that uses a sequence
   * ('n': the sequence is created first).
   */
  private static List<Object[]> depend(Exec ex) {
    List<Object[]> r = new ArrayList<>();
    Catalog cat = ex.catalog();
    for (String s : cat.sequenceNames(ex.db())) {
      SequenceDef d = cat.sequence(ex.db(), s);
      if (d == null || d.ownedTable == null) {
        continue;
      }
      TableDef t = cat.find(ex.db(), d.ownedTable);
      if (t == null) {
        continue;
      }
      int pos = t.position(d.ownedColumn);
      if (pos >= 0) {
        r.add(
            new Object[] {
              PG_CLASS,
              SystemTables.seqOid(ex.db(), s),
              0L,
              PG_CLASS,
              t.oid,
              (long) pos + 1,
              t.columns.get(pos).identity != null ? "i" : "a" // 'i': an identity's sequence
            });
      }
    }
    for (TableDef t : cat.tables(ex.db())) {
      for (int i = 0; i < t.columns.size(); i++) {
        ColumnDef c = t.columns.get(i);
        if (c.identity == null && c.defaultSql != null && c.defaultSql.startsWith("nextval('")) {
          String seq = SequenceDef.plainName(List.of(Catalog.sequenceOf(c.defaultSql)));
          if (cat.hasSequence(ex.db(), seq)) {
            r.add(
                new Object[] {
                  PG_ATTRDEF,
                  SystemTables.attrdefOid(t, i),
                  0L,
                  PG_CLASS,
                  SystemTables.seqOid(ex.db(), seq),
                  0L,
                  "n"
                });
          }
        }
      }
    }
    ViewCatalog.dependRows(ex, r);
    return r;
  }
}
