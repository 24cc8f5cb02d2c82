package dev.orbit.node.sql.types;

import dev.orbit.node.sql.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Array text input and output (array_in / array_out): braces, quoting, NULL, dimension decoration.
 */
final class ArrayIO {
  private ArrayIO() {}

  private static SqlException malformed(String s, String detail) {
    return new SqlException("22P02", "malformed array literal: \"" + s + "\"", detail);
  }

  /** One element before conversion: its text, or null for NULL. */
  private record Raw(String text) {}

  static PgArray parse(String s, PgType elem, char delim, Function<String, Object> elemIn) {
    int n = s.length();
    int i = 0;
    while (i < n && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    int[] explicitDims = null;
    int[] explicitLb = null;
    if (i < n && s.charAt(i) == '[') {
      List<int[]> bounds = new ArrayList<>();
      while (i < n && s.charAt(i) == '[') {
        i++;
        int j = i;
        while (j < n
            && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '-' || s.charAt(j) == '+')) {
          j++;
        }
        if (j == i) {
          throw malformed(s, "Missing array dimension value.");
        }
        int lb = 1;
        int ub;
        if (j < n && s.charAt(j) == ':') {
          lb = Integer.parseInt(s.substring(i, j));
          i = j + 1;
          j = i;
          while (j < n
              && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '-' || s.charAt(j) == '+')) {
            j++;
          }
          if (j == i) {
            throw malformed(s, "Missing array dimension value.");
          }
        }
        ub = Integer.parseInt(s.substring(i, j));
        i = j;
        if (i >= n || s.charAt(i) != ']') {
          throw malformed(s, "Missing \"]\" after array dimensions.");
        }
        i++;
        if (ub < lb) {
          throw new SqlException("2202E", "upper bound cannot be less than lower bound");
        }
        bounds.add(new int[] {lb, ub});
        while (i < n && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
      }
      if (i >= n || s.charAt(i) != '=') {
        throw malformed(s, "Missing \"=\" after array dimensions.");
      }
      i++;
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      explicitDims = new int[bounds.size()];
      explicitLb = new int[bounds.size()];
      for (int k = 0; k < bounds.size(); k++) {
        explicitLb[k] = bounds.get(k)[0];
        explicitDims[k] = bounds.get(k)[1] - bounds.get(k)[0] + 1;
      }
    }
    if (i >= n || s.charAt(i) != '{') {
      throw malformed(
          s,
          explicitDims != null
              ? "Array contents must start with \"{\"."
              : "Array value must start with \"{\" or dimension information.");
    }
    // parse nested braces into a tree, then check it is rectangular
    int[] pos = {i};
    List<Object> tree = parseLevel(s, pos, 0, delim);
    int k = pos[0];
    while (k < n && Character.isWhitespace(s.charAt(k))) {
      k++;
    }
    if (k != n) {
      throw malformed(s, "Junk after closing right brace.");
    }
    List<Integer> dimSizes = new ArrayList<>();
    Object node = tree;
    while (node instanceof List<?> l) {
      dimSizes.add(l.size());
      if (l.isEmpty()) {
        break;
      }
      node = l.get(0);
    }
    List<Raw> flat = new ArrayList<>();
    flatten(s, tree, 0, dimSizes, flat);
    int[] dims;
    int[] lbs;
    if (flat.isEmpty()) {
      dims = new int[0];
      lbs = new int[0];
    } else {
      dims = dimSizes.stream().mapToInt(Integer::intValue).toArray();
      lbs = new int[dims.length];
      java.util.Arrays.fill(lbs, 1);
    }
    if (explicitDims != null) {
      if (explicitDims.length != dims.length) {
        throw malformed(s, "Specified array dimensions do not match array contents.");
      }
      for (int d = 0; d < dims.length; d++) {
        if (dims[d] != explicitDims[d]) {
          throw malformed(s, "Specified array dimensions do not match array contents.");
        }
      }
      lbs = explicitLb;
    }
    Object[] items = new Object[flat.size()];
    for (int e = 0; e < items.length; e++) {
      String t = flat.get(e).text();
      items[e] = t == null ? null : elemIn.apply(t);
    }
    return new PgArray(elem, dims, lbs, items);
  }

  private static void flatten(String s, Object node, int level, List<Integer> dims, List<Raw> out) {
    if (node instanceof Raw r) {
      if (level != dims.size()) {
        throw malformed(
            s, "Multidimensional arrays must have sub-arrays with matching dimensions.");
      }
      out.add(r);
      return;
    }
    List<?> l = (List<?>) node;
    if (level >= dims.size() || l.size() != dims.get(level)) {
      if (!(l.isEmpty() && dims.size() == 1 && level == 0)) {
        throw malformed(
            s, "Multidimensional arrays must have sub-arrays with matching dimensions.");
      }
    }
    for (Object child : l) {
      flatten(s, child, level + 1, dims, out);
    }
  }

  /** One brace level (pos at '{'): its elements, sub-lists for nested braces. */
  private static List<Object> parseLevel(String s, int[] pos, int level, char delim) {
    if (level >= 6) {
      throw new SqlException(
          "54000", "number of array dimensions (7) exceeds the maximum allowed (6)");
    }
    int n = s.length();
    int i = pos[0] + 1;
    List<Object> items = new ArrayList<>();
    boolean expectElement = true;
    boolean sawSub = false;
    boolean sawScalar = false;
    while (true) {
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= n) {
        throw malformed(s, "Unexpected end of input.");
      }
      char c = s.charAt(i);
      if (c == '}') {
        if (expectElement && !items.isEmpty()) {
          throw malformed(s, "Unexpected \"}\" character.");
        }
        i++;
        break;
      }
      if (!expectElement) {
        if (c == delim) {
          expectElement = true;
          i++;
          continue;
        }
        throw malformed(s, "Unexpected \"" + c + "\" character.");
      }
      if (c == '{') {
        if (sawScalar) {
          throw malformed(s, "Unexpected \"{\" character.");
        }
        sawSub = true;
        pos[0] = i;
        items.add(parseLevel(s, pos, level + 1, delim));
        i = pos[0];
        expectElement = false;
        continue;
      }
      if (sawSub) {
        throw malformed(s, "Unexpected array element.");
      }
      sawScalar = true;
      StringBuilder b = new StringBuilder();
      boolean quoted = false;
      boolean any = false;
      int lastSignificant = 0;
      while (i < n) {
        c = s.charAt(i);
        if (c == '"') {
          quoted = true;
          any = true;
          i++;
          while (true) {
            if (i >= n) {
              throw malformed(s, "Unexpected end of input.");
            }
            char q = s.charAt(i);
            if (q == '\\') {
              if (i + 1 >= n) {
                throw malformed(s, "Unexpected end of input.");
              }
              b.append(s.charAt(i + 1));
              i += 2;
            } else if (q == '"') {
              i++;
              break;
            } else {
              b.append(q);
              i++;
            }
          }
          lastSignificant = b.length();
        } else if (c == '\\') {
          if (i + 1 >= n) {
            throw malformed(s, "Unexpected end of input.");
          }
          b.append(s.charAt(i + 1));
          i += 2;
          any = true;
          quoted = true;
          lastSignificant = b.length();
        } else if (c == delim || c == '}') {
          break;
        } else if (c == '{') {
          throw malformed(s, "Unexpected \"{\" character.");
        } else {
          if (!(b.length() == 0 && Character.isWhitespace(c))) {
            b.append(c);
            if (!Character.isWhitespace(c)) {
              lastSignificant = b.length();
            }
          }
          i++;
          any = any || !Character.isWhitespace(c);
        }
      }
      if (!any) {
        throw malformed(s, "Unexpected \"" + (i < n ? s.charAt(i) : ' ') + "\" character.");
      }
      String text = b.substring(0, lastSignificant);
      items.add(!quoted && text.equalsIgnoreCase("NULL") ? new Raw(null) : new Raw(text));
      expectElement = false;
    }
    pos[0] = i;
    return items;
  }

  static String format(PgArray a, char delim, Function<Object, String> elemOut) {
    if (a.items.length == 0) {
      return "{}";
    }
    StringBuilder b = new StringBuilder();
    boolean decorate = false;
    for (int lb : a.lbounds) {
      if (lb != 1) {
        decorate = true;
        break;
      }
    }
    if (decorate) {
      for (int d = 0; d < a.dims.length; d++) {
        b.append('[')
            .append(a.lbounds[d])
            .append(':')
            .append(a.lbounds[d] + a.dims[d] - 1)
            .append(']');
      }
      b.append('=');
    }
    int[] idx = {0};
    formatLevel(b, a, 0, idx, delim, elemOut);
    return b.toString();
  }

  private static void formatLevel(
      StringBuilder b,
      PgArray a,
      int level,
      int[] idx,
      char delim,
      Function<Object, String> elemOut) {
    b.append('{');
    for (int k = 0; k < a.dims[level]; k++) {
      if (k > 0) {
        b.append(delim);
      }
      if (level + 1 < a.dims.length) {
        formatLevel(b, a, level + 1, idx, delim, elemOut);
      } else {
        Object v = a.items[idx[0]++];
        if (v == null) {
          b.append("NULL");
        } else {
          b.append(quote(elemOut.apply(v), delim));
        }
      }
    }
    b.append('}');
  }

  static String quote(String s, char delim) {
    boolean need = s.isEmpty() || s.equalsIgnoreCase("NULL");
    if (!need) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"'
            || c == '\\'
            || c == '{'
            || c == '}'
            || c == delim
            || c == ' '
            || c == '\t'
            || c == '\n'
            || c == '\r'
            || c == '\f'
            || c == 0x0B) {
          need = true;
          break;
        }
      }
    }
    if (!need) {
      return s;
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append('"').toString();
  }
}
