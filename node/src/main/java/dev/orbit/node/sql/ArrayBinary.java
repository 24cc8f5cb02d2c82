package dev.orbit.node.sql;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary wire form of one-dimensional arrays (PostgreSQL's array_send / array_recv): {@code
 * ndim, has-nulls flag, element OID, (length, lower bound) per dimension}, then each element as a
 * length (-1 for NULL) and its element type's binary form.
 */
final class ArrayBinary {
  private ArrayBinary() {}

  /** An array value (array text or a list) in binary form. */
  static byte[] send(Object v, PgType t) {
    PgType e = t.element();
    if (!(v instanceof List) && ArrayElements.multidimensional(v.toString())) {
      throw SqlException.unsupported("binary format of multidimensional arrays");
    }
    List<?> items = v instanceof List<?> l ? l : Functions.parseArray(v.toString());
    boolean nulls = items.contains(null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int ndim = items.isEmpty() ? 0 : 1;
    putInt(out, ndim);
    putInt(out, nulls ? 1 : 0);
    putInt(out, e.oid);
    if (ndim == 1) {
      putInt(out, items.size());
      putInt(out, 1);
    }
    for (Object item : items) {
      if (item == null) {
        putInt(out, -1);
      } else {
        byte[] b = element(Values.coerce(item, e, -1), e);
        putInt(out, b.length);
        out.writeBytes(b);
      }
    }
    return out.toByteArray();
  }

  private static byte[] element(Object v, PgType e) {
    if (e == PgType.JSONB) { // jsonb_send: a version byte, then the text
      byte[] text = Values.toText(v, e).getBytes(StandardCharsets.UTF_8);
      byte[] b = new byte[text.length + 1];
      b[0] = 1;
      System.arraycopy(text, 0, b, 1, text.length);
      return b;
    }
    return Values.toBinary(v, e);
  }

  /** A binary array parameter as a list of its elements' values. */
  static List<Object> receive(ByteBuffer buf, PgType t) {
    int ndim = buf.getInt();
    buf.getInt(); // has-nulls flag: each element's length says it
    int elementOid = buf.getInt();
    PgType e = t.element();
    if (ndim > 1) {
      throw SqlException.unsupported("binary format of multidimensional arrays");
    }
    if (ndim < 0 || elementOid != e.oid) {
      throw new SqlException(
          "22P03", "incorrect binary data format for type " + t.sqlName + " parameter");
    }
    int n = ndim == 0 ? 0 : buf.getInt();
    if (ndim == 1 && buf.getInt() != 1) {
      throw SqlException.unsupported("array lower bounds other than 1");
    }
    if (n < 0 || n > buf.remaining() / 4) {
      throw new SqlException(
          "22P03", "incorrect binary data format for type " + t.sqlName + " parameter");
    }
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int len = buf.getInt();
      if (len < 0) {
        out.add(null);
        continue;
      }
      byte[] b = new byte[len];
      buf.get(b);
      if (e == PgType.JSONB) {
        out.add(Values.fromText(new String(b, 1, Math.max(0, len - 1), StandardCharsets.UTF_8), e));
      } else {
        out.add(Values.fromBinary(b, e));
      }
    }
    return out;
  }

  private static void putInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }
}
