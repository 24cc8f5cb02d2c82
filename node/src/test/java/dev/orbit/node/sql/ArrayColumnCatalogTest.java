package dev.orbit.node.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Array columns keep their array type in the stored catalog, including catalogs written before. */
class ArrayColumnCatalogTest {
  @Test
  void aColumnStoredAsTextArrayWithAnElementTypeReadsAsItsArrayType() throws Exception {
    // as the previous release stored numeric(5,2)[]: text[] with the element type beside it
    ColumnDef c =
        Catalog.JSON.readValue(
            "{\"id\":1,\"name\":\"a\",\"type\":\"TEXT_ARRAY\",\"typmod\":-1,"
                + "\"elementType\":\"NUMERIC\",\"elementTypmod\":327682}",
            ColumnDef.class);
    c.upgradeArrayType();
    assertEquals(PgType.NUMERIC_ARRAY, c.type);
    assertEquals("numeric(5,2)[]", c.formatType());
    assertEquals(327686, SystemTables.pgTypmod(c));
    ColumnDef plain =
        Catalog.JSON.readValue(
            "{\"id\":2,\"name\":\"t\",\"type\":\"TEXT_ARRAY\",\"elementType\":\"TEXT\"}",
            ColumnDef.class);
    plain.upgradeArrayType();
    assertEquals(PgType.TEXT_ARRAY, plain.type);
    assertEquals("text[]", plain.formatType());
  }

  @Test
  void arrayTypesNameTheirElementsAsPostgresDoes() {
    assertEquals(PgType.INT4_ARRAY, TypeName.parse("int[]").type());
    assertEquals(PgType.INT4_ARRAY, TypeName.parse("_int4").type());
    assertEquals(PgType.INT4, TypeName.parse("_int4").element().type());
    assertEquals(PgType.TIMESTAMPTZ_ARRAY, TypeName.parse("timestamp with time zone[]").type());
    assertEquals(1231, PgType.arrayOf(PgType.NUMERIC).oid);
    assertEquals("double precision[]", SystemTables.formatType(1022, -1));
    assertEquals("character varying[]", SystemTables.formatType(1015, -1));
  }
}
