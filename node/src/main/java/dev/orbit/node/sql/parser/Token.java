package dev.orbit.node.sql.parser;

/**
 * One lexical token of a statement, with where it starts in the text (a 0-based character index;
 * clients see 1-based positions).
 */
public record Token(Kind kind, String text, int start, int end, String keyword) {
  /** Token kinds, as PostgreSQL's lexer distinguishes them. */
  public enum Kind {
    /** An identifier or keyword; {@code text} is folded to lower case. */
    IDENT,
    /** A double-quoted identifier; {@code text} is as written. */
    QIDENT,
    /** An integer literal. */
    ICONST,
    /** A decimal or floating-point literal. */
    FCONST,
    /** A string literal (escapes already applied). */
    SCONST,
    /** A bit-string literal B'0101' ({@code text} holds the bits). */
    BCONST,
    /** A hexadecimal bit-string literal X'1F' ({@code text} holds the hex digits). */
    XCONST,
    /** A parameter $n ({@code text} holds n). */
    PARAM,
    /** An operator or punctuation. */
    OP,
    EOF
  }

  /** Whether this is the unquoted keyword {@code kw} (lower case). */
  public boolean is(String kw) {
    return kind == Kind.IDENT && kw.equals(keyword);
  }

  /** Whether this is the operator or punctuation {@code op}. */
  public boolean isOp(String op) {
    return kind == Kind.OP && op.equals(text);
  }

  /** An unquoted identifier that is no keyword, or a quoted identifier. */
  public boolean isPlainIdent() {
    return (kind == Kind.IDENT && keyword == null) || kind == Kind.QIDENT;
  }

  public Keywords.Category category() {
    return keyword == null ? null : Keywords.category(keyword);
  }
}
