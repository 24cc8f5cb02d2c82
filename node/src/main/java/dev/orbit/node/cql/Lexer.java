package dev.orbit.node.cql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits CQL text into tokens: identifiers, quoted names, literals, bind markers, symbols. */
final class Lexer {
  /** Token kinds. */
  enum Kind {
    IDENT,
    QUOTED_IDENT,
    STRING,
    INTEGER,
    FLOAT,
    UUID,
    HEX,
    QMARK,
    NAMED_MARKER,
    SYMBOL,
    DURATION,
    EOF
  }

  /** One token; {@code text} is lower-cased for unquoted identifiers. */
  record Token(Kind kind, String text, int pos) {
    boolean is(String keyword) {
      return kind == Kind.IDENT && text.equals(keyword);
    }

    boolean sym(String s) {
      return kind == Kind.SYMBOL && text.equals(s);
    }
  }

  private static final Pattern UUID_AT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern DURATION_AT =
      Pattern.compile("-?(\\d+(y|mo|w|d|h|ms|us|µs|ns|m|s))+", Pattern.CASE_INSENSITIVE);
  private static final Pattern NUMBER_AT =
      Pattern.compile("-?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /** Statements longer than this are refused before they are parsed. */
  static final int MAX_LENGTH = 1 << 20;

  static List<Token> lex(String s) {
    if (s.length() > MAX_LENGTH) {
      throw CqlException.syntax("statement longer than " + MAX_LENGTH + " characters");
    }
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-'
          || c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '\'') {
        StringBuilder sb = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= n) {
            throw CqlException.syntax("unterminated string literal at position " + i);
          }
          char d = s.charAt(j);
          if (d == '\'') {
            if (j + 1 < n && s.charAt(j + 1) == '\'') {
              sb.append('\'');
              j += 2;
              continue;
            }
            break;
          }
          sb.append(d);
          j++;
        }
        out.add(new Token(Kind.STRING, sb.toString(), i));
        i = j + 1;
      } else if (c == '$' && i + 1 < n && s.charAt(i + 1) == '$') {
        int end = s.indexOf("$$", i + 2);
        if (end < 0) {
          throw CqlException.syntax("unterminated $$ string at position " + i);
        }
        out.add(new Token(Kind.STRING, s.substring(i + 2, end), i));
        i = end + 2;
      } else if (c == '"') {
        StringBuilder sb = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= n) {
            throw CqlException.syntax("unterminated quoted identifier at position " + i);
          }
          char d = s.charAt(j);
          if (d == '"') {
            if (j + 1 < n && s.charAt(j + 1) == '"') {
              sb.append('"');
              j += 2;
              continue;
            }
            break;
          }
          sb.append(d);
          j++;
        }
        out.add(new Token(Kind.QUOTED_IDENT, sb.toString(), i));
        i = j + 1;
      } else if (c == '?') {
        out.add(new Token(Kind.QMARK, "?", i++));
      } else if (c == ':' && i + 1 < n && isIdentStart(s.charAt(i + 1))) {
        int j = i + 1;
        while (j < n && isIdentPart(s.charAt(j))) {
          j++;
        }
        out.add(new Token(Kind.NAMED_MARKER, s.substring(i + 1, j).toLowerCase(Locale.ROOT), i));
        i = j;
      } else if (c == '0' && i + 1 < n && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
        int j = i + 2;
        while (j < n && Character.digit(s.charAt(j), 16) >= 0) {
          j++;
        }
        out.add(new Token(Kind.HEX, s.substring(i + 2, j), i));
        i = j;
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-' && numberAhead(s, i)) {
        Matcher u = UUID_AT.matcher(s).region(i, n);
        if (u.lookingAt() && (u.end() == n || !isIdentPart(s.charAt(u.end())))) {
          out.add(new Token(Kind.UUID, u.group(), i));
          i = u.end();
          continue;
        }
        Matcher du = DURATION_AT.matcher(s).region(i, n);
        if ((Character.isDigit(c) || c == '-')
            && du.lookingAt()
            && (du.end() == n || !isIdentPart(s.charAt(du.end())))) {
          out.add(new Token(Kind.DURATION, du.group(), i));
          i = du.end();
          continue;
        }
        Matcher m = NUMBER_AT.matcher(s).region(i, n);
        if ((Character.isDigit(c) || c == '-')
            && m.lookingAt()
            && (m.end() == n || !isIdentPart(s.charAt(m.end())))) {
          String t = m.group();
          boolean isFloat = t.contains(".") || t.contains("e") || t.contains("E");
          out.add(new Token(isFloat ? Kind.FLOAT : Kind.INTEGER, t, i));
          i = m.end();
          continue;
        }
        int j = i;
        while (j < n && isIdentPart(s.charAt(j))) {
          j++;
        }
        if (j == i) {
          throw CqlException.syntax("unexpected character '" + c + "' at position " + i);
        }
        out.add(new Token(Kind.IDENT, s.substring(i, j).toLowerCase(Locale.ROOT), i));
        i = j;
      } else {
        String two = i + 1 < n ? s.substring(i, i + 2) : "";
        if (two.equals("<=")
            || two.equals(">=")
            || two.equals("!=")
            || two.equals("+=")
            || two.equals("-=")) {
          out.add(new Token(Kind.SYMBOL, two, i));
          i += 2;
        } else if ("()<>=,;.*[]{}:+-".indexOf(c) >= 0) {
          out.add(new Token(Kind.SYMBOL, String.valueOf(c), i++));
        } else {
          throw CqlException.syntax("unexpected character '" + c + "' at position " + i);
        }
      }
    }
    out.add(new Token(Kind.EOF, "", n));
    return out;
  }

  private static boolean numberAhead(String s, int i) {
    return i + 1 < s.length() && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.');
  }

  private static boolean isIdentStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
