package dev.orbit.node.sql.parser;

import dev.orbit.node.sql.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PostgreSQL's lexer (scan.l): identifiers folded to lower case, quoted identifiers, numbers,
 * strings (standard, E'', U&'', B'', X'', N'' and dollar-quoted; adjacent literals separated by a
 * newline are joined), parameters, operators (with PostgreSQL's rule that a trailing + or - is not
 * part of a multi-character operator unless it holds one of ~!@#%^&|`?), and comments.
 */
public final class Lexer {
  private static final String OP_CHARS = "~!@#^&|`?+-*/%<>=";
  private static final String SELF = ",()[].;:+-*/%^<>=";
  private static final int NAMEDATALEN = 63;

  private final String s;
  private final int n;
  private int i;
  private final List<Token> out = new ArrayList<>();

  /** Identifiers longer than PostgreSQL's limit, truncated; the engine may report them. */
  public final List<String> truncated = new ArrayList<>();

  private Lexer(String s) {
    this.s = s;
    this.n = s.length();
  }

  /** The tokens of {@code sql}, ending with an EOF token. */
  public static List<Token> tokenize(String sql) {
    Lexer l = new Lexer(sql);
    l.run();
    return l.out;
  }

  private void run() {
    while (true) {
      skipSpaceAndComments();
      if (i >= n) {
        out.add(new Token(Token.Kind.EOF, "", n, n, null));
        return;
      }
      int start = i;
      char c = s.charAt(i);
      if (c == '\'') {
        string(start, false);
      } else if ((c == 'e' || c == 'E') && at(i + 1) == '\'') {
        i++;
        string(start, true);
      } else if ((c == 'b' || c == 'B') && at(i + 1) == '\'') {
        i++;
        String bits = plainString(start);
        add(Token.Kind.BCONST, bits, start);
      } else if ((c == 'x' || c == 'X') && at(i + 1) == '\'') {
        i++;
        String hex = plainString(start);
        add(Token.Kind.XCONST, hex, start);
      } else if ((c == 'n' || c == 'N') && at(i + 1) == '\'') {
        // N'…' is a char literal: the parser sees the keyword NCHAR's type cast
        out.add(new Token(Token.Kind.IDENT, "nchar", start, start + 1, "nchar"));
        i++;
        string(i, false);
      } else if ((c == 'u' || c == 'U')
          && at(i + 1) == '&'
          && (at(i + 2) == '\'' || at(i + 2) == '"')) {
        unicode(start);
      } else if (c == '"') {
        quotedIdent(start);
      } else if (c == '$' && Character.isDigit(at(i + 1))) {
        i++;
        while (i < n && Character.isDigit(s.charAt(i))) {
          i++;
        }
        if (i < n && identStart(s.charAt(i))) {
          while (i < n && identCont(s.charAt(i))) {
            i++;
          }
          throw junk("trailing junk after parameter", start);
        }
        add(Token.Kind.PARAM, s.substring(start + 1, i), start);
      } else if (c == '$' && dollarTag(i) != null) {
        dollarString(start);
      } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(at(i + 1)))) {
        number(start);
      } else if (identStart(c)) {
        while (i < n && identCont(s.charAt(i))) {
          i++;
        }
        String raw = s.substring(start, i);
        String lower = downcase(raw);
        if (Keywords.category(lower) != null) {
          out.add(new Token(Token.Kind.IDENT, lower, start, i, lower));
        } else {
          out.add(new Token(Token.Kind.IDENT, truncate(lower), start, i, null));
        }
      } else if (c == ':' && at(i + 1) == ':') {
        i += 2;
        add(Token.Kind.OP, "::", start);
      } else if (c == ':' && at(i + 1) == '=') {
        i += 2;
        add(Token.Kind.OP, ":=", start);
      } else if (c == '.' && at(i + 1) == '.') {
        i += 2;
        add(Token.Kind.OP, "..", start);
      } else if (OP_CHARS.indexOf(c) >= 0) {
        operator(start);
      } else if (SELF.indexOf(c) >= 0) {
        i++;
        add(Token.Kind.OP, String.valueOf(c), start);
      } else {
        throw new SqlException("42601", "syntax error at or near \"" + c + "\"").at(start);
      }
    }
  }

  private char at(int k) {
    return k < n ? s.charAt(k) : '\0';
  }

  private void add(Token.Kind kind, String text, int start) {
    out.add(new Token(kind, text, start, i, null));
  }

  static boolean identStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  static boolean identCont(char c) {
    return identStart(c) || (c >= '0' && c <= '9') || c == '$';
  }

  /** PostgreSQL folds only ASCII letters. */
  static String downcase(String raw) {
    StringBuilder b = null;
    for (int k = 0; k < raw.length(); k++) {
      char c = raw.charAt(k);
      if (c >= 'A' && c <= 'Z') {
        if (b == null) {
          b = new StringBuilder(raw);
        }
        b.setCharAt(k, (char) (c + 32));
      }
    }
    return b == null ? raw : b.toString();
  }

  private String truncate(String ident) {
    if (ident.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= NAMEDATALEN) {
      return ident;
    }
    String t = ident;
    while (t.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > NAMEDATALEN) {
      t = t.substring(0, t.length() - 1);
    }
    truncated.add(ident);
    return t;
  }

  private void skipSpaceAndComments() {
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && at(i + 1) == '-') {
        while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
          i++;
        }
      } else if (c == '/' && at(i + 1) == '*') {
        int start = i;
        int depth = 0;
        while (i < n) {
          if (s.startsWith("/*", i)) {
            depth++;
            i += 2;
          } else if (s.startsWith("*/", i)) {
            depth--;
            i += 2;
            if (depth == 0) {
              break;
            }
          } else {
            i++;
          }
        }
        if (depth != 0) {
          throw new SqlException(
                  "42601",
                  "unterminated /* comment at or near \""
                      + s.substring(start, Math.min(n, start + 2))
                      + "\"")
              .at(start);
        }
      } else {
        return;
      }
    }
  }

  /** After a string literal: whitespace with a newline, then another quote, continues it. */
  private boolean continues() {
    int k = i;
    boolean newline = false;
    while (k < n) {
      char c = s.charAt(k);
      if (c == '\n' || c == '\r') {
        newline = true;
        k++;
      } else if (Character.isWhitespace(c)) {
        k++;
      } else if (c == '-' && k + 1 < n && s.charAt(k + 1) == '-') {
        while (k < n && s.charAt(k) != '\n') {
          k++;
        }
      } else {
        break;
      }
    }
    if (newline && k < n && s.charAt(k) == '\'') {
      i = k;
      return true;
    }
    return false;
  }

  /**
   * A '…' body (i at the opening quote) without escapes; continues across newline-separated parts.
   */
  private String plainString(int start) {
    StringBuilder b = new StringBuilder();
    do {
      i++;
      while (true) {
        if (i >= n) {
          throw unterminated(start);
        }
        char c = s.charAt(i);
        if (c == '\'') {
          if (at(i + 1) == '\'') {
            b.append('\'');
            i += 2;
            continue;
          }
          i++;
          break;
        }
        b.append(c);
        i++;
      }
    } while (continues());
    return b.toString();
  }

  private SqlException unterminated(int start) {
    return new SqlException(
            "42601", "unterminated quoted string at or near \"" + s.substring(start) + "\"")
        .at(start);
  }

  private void string(int start, boolean escapes) {
    if (!escapes) {
      add(Token.Kind.SCONST, plainString(start), start);
      return;
    }
    StringBuilder b = new StringBuilder();
    do {
      i++;
      while (true) {
        if (i >= n) {
          throw unterminated(start);
        }
        char c = s.charAt(i);
        if (c == '\'') {
          if (at(i + 1) == '\'') {
            b.append('\'');
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c == '\\' && i + 1 < n) {
          escape(b, start);
          continue;
        }
        b.append(c);
        i++;
      }
    } while (continues());
    add(Token.Kind.SCONST, b.toString(), start);
  }

  /** One backslash escape of an E'' string (i at the backslash). */
  private void escape(StringBuilder b, int start) {
    char e = s.charAt(i + 1);
    i += 2;
    switch (e) {
      case 'b' -> b.append('\b');
      case 'f' -> b.append('\f');
      case 'n' -> b.append('\n');
      case 'r' -> b.append('\r');
      case 't' -> b.append('\t');
      case 'v' -> b.append('\u000b');
      case 'x' -> {
        int v = 0;
        int k = 0;
        while (k < 2 && hex(at(i)) >= 0) {
          v = v * 16 + hex(at(i));
          i++;
          k++;
        }
        if (k == 0) {
          b.append('x');
        } else {
          b.append((char) v);
        }
      }
      case 'u', 'U' -> {
        int len = e == 'u' ? 4 : 8;
        int v = 0;
        for (int k = 0; k < len; k++) {
          int h = hex(at(i));
          if (h < 0) {
            throw new SqlException("22025", "invalid Unicode escape")
                .at(i - 2 - k)
                .withHint("Unicode escapes must be \\uXXXX or \\UXXXXXXXX.");
          }
          v = v * 16 + h;
          i++;
        }
        appendCodePoint(b, v, start);
      }
      default -> {
        if (e >= '0' && e <= '7') {
          int v = e - '0';
          int k = 1;
          while (k < 3 && at(i) >= '0' && at(i) <= '7') {
            v = v * 8 + (at(i) - '0');
            i++;
            k++;
          }
          b.append((char) (v & 0xFF));
        } else {
          b.append(e);
        }
      }
    }
  }

  private static void appendCodePoint(StringBuilder b, int v, int at) {
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
      throw new SqlException("22P05", "invalid Unicode escape value").at(at);
    }
    b.appendCodePoint(v);
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** U&'…' or U&"…" with \XXXX / \+XXXXXX escapes, and an optional UESCAPE 'c'. */
  private void unicode(int start) {
    i += 2;
    boolean ident = s.charAt(i) == '"';
    String body;
    if (ident) {
      int close = closingQuote(i, '"');
      body = s.substring(i + 1, close).replace("\"\"", "\"");
      i = close + 1;
    } else {
      body = plainString(start);
    }
    char esc = '\\';
    int save = i;
    skipSpaceAndComments();
    if (s.regionMatches(true, i, "UESCAPE", 0, 7) && (i + 7 >= n || !identCont(s.charAt(i + 7)))) {
      i += 7;
      skipSpaceAndComments();
      if (at(i) != '\'' || at(i + 2) != '\'') {
        throw new SqlException("42601", "invalid Unicode escape character").at(i);
      }
      esc = s.charAt(i + 1);
      i += 3;
    } else {
      i = save;
    }
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < body.length(); k++) {
      char c = body.charAt(k);
      if (c != esc) {
        b.append(c);
        continue;
      }
      if (k + 1 < body.length() && body.charAt(k + 1) == esc) {
        b.append(esc);
        k++;
        continue;
      }
      int len = k + 1 < body.length() && body.charAt(k + 1) == '+' ? 6 : 4;
      int from = k + (len == 6 ? 2 : 1);
      if (from + len > body.length()) {
        throw new SqlException("42601", "invalid Unicode escape")
            .at(start)
            .withHint("Unicode escapes must be \\XXXX or \\+XXXXXX.");
      }
      int v = 0;
      for (int j = from; j < from + len; j++) {
        int h = hex(body.charAt(j));
        if (h < 0) {
          throw new SqlException("42601", "invalid Unicode escape")
              .at(start)
              .withHint("Unicode escapes must be \\XXXX or \\+XXXXXX.");
        }
        v = v * 16 + h;
      }
      appendCodePoint(b, v, start);
      k = from + len - 1;
    }
    if (ident) {
      out.add(new Token(Token.Kind.QIDENT, b.toString(), start, i, null));
    } else {
      out.add(new Token(Token.Kind.SCONST, b.toString(), start, i, null));
    }
  }

  private int closingQuote(int open, char q) {
    int k = open + 1;
    while (k < n) {
      if (s.charAt(k) == q) {
        if (k + 1 < n && s.charAt(k + 1) == q) {
          k += 2;
          continue;
        }
        return k;
      }
      k++;
    }
    throw new SqlException(
            "42601", "unterminated quoted identifier at or near \"" + s.substring(open) + "\"")
        .at(open);
  }

  private void quotedIdent(int start) {
    int close = closingQuote(i, '"');
    String body = s.substring(i + 1, close).replace("\"\"", "\"");
    i = close + 1;
    if (body.isEmpty()) {
      throw new SqlException("42601", "zero-length delimited identifier at or near \"\"\"\"")
          .at(start);
    }
    out.add(new Token(Token.Kind.QIDENT, truncate(body), start, i, null));
  }

  /** The dollar-quote tag ($tag$ or $$) starting at k, or null. */
  private String dollarTag(int k) {
    int j = k + 1;
    if (j < n && s.charAt(j) == '$') {
      return "$$";
    }
    if (j >= n || !identStart(s.charAt(j))) {
      return null;
    }
    while (j < n && identCont(s.charAt(j)) && s.charAt(j) != '$') {
      j++;
    }
    return j < n && s.charAt(j) == '$' ? s.substring(k, j + 1) : null;
  }

  private void dollarString(int start) {
    String tag = dollarTag(i);
    int body = i + tag.length();
    int end = s.indexOf(tag, body);
    if (end < 0) {
      throw new SqlException(
              "42601",
              "unterminated dollar-quoted string at or near \"" + s.substring(start) + "\"")
          .at(start);
    }
    i = end + tag.length();
    out.add(new Token(Token.Kind.SCONST, s.substring(body, end), start, i, null));
  }

  private void number(int start) {
    while (i < n && Character.isDigit(s.charAt(i))) {
      i++;
    }
    boolean real = false;
    if (at(i) == '.' && at(i + 1) != '.') {
      real = true;
      i++;
      while (i < n && Character.isDigit(s.charAt(i))) {
        i++;
      }
    }
    if (at(i) == 'e' || at(i) == 'E') {
      int save = i;
      i++;
      if (at(i) == '+' || at(i) == '-') {
        i++;
      }
      if (!Character.isDigit(at(i))) {
        while (i < n && identCont(s.charAt(i))) {
          i++;
        }
        throw junk("trailing junk after numeric literal", start);
      }
      while (i < n && Character.isDigit(s.charAt(i))) {
        i++;
      }
      real = true;
    }
    if (i < n && identStart(s.charAt(i))) {
      while (i < n && identCont(s.charAt(i))) {
        i++;
      }
      throw junk("trailing junk after numeric literal", start);
    }
    add(real ? Token.Kind.FCONST : Token.Kind.ICONST, s.substring(start, i), start);
  }

  private SqlException junk(String what, int start) {
    return new SqlException("42601", what + " at or near \"" + s.substring(start, i) + "\"")
        .at(start);
  }

  private void operator(int start) {
    int k = i;
    while (k < n && OP_CHARS.indexOf(s.charAt(k)) >= 0) {
      if ((s.charAt(k) == '-' && at(k + 1) == '-') || (s.charAt(k) == '/' && at(k + 1) == '*')) {
        if (k == i) {
          break;
        }
        break;
      }
      k++;
    }
    if (k == i) {
      k = i + 1;
    }
    String op = s.substring(i, k);
    if (op.length() > 1 && (op.endsWith("+") || op.endsWith("-"))) {
      boolean special = false;
      for (char c : op.toCharArray()) {
        if ("~!@#^&|`?%".indexOf(c) >= 0) {
          special = true;
          break;
        }
      }
      if (!special) {
        while (op.length() > 1 && (op.endsWith("+") || op.endsWith("-"))) {
          op = op.substring(0, op.length() - 1);
        }
      }
    }
    i += op.length();
    if (op.equals("!=")) {
      op = "<>";
    }
    out.add(new Token(Token.Kind.OP, op, start, i, null));
  }

  /** For messages: the lower-case name a keyword or identifier token has. */
  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
