"""Splits a psql script into the units psql runs one at a time, as psql's own lexer does.

A unit is an SQL statement (ended by a semicolon outside quotes, comments, parentheses and
BEGIN ... END bodies of CREATE FUNCTION/PROCEDURE), a backslash meta-command (to the end of its
line), or the data lines that follow COPY ... FROM STDIN (up to the line "\\.").
"""

import re

_COPY_STDIN = re.compile(r"(?is)^\s*copy\b.*\bfrom\s+stdin\b")
_IDENT = re.compile(r"[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*")
_DOLLAR = re.compile(r"\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$")
# meta-commands that send the query buffer
_SENDS = ("g", "gx", "gset", "gexec", "gdesc", "crosstabview", "watch")


class Unit:
    """One unit of a script: kind is 'sql', 'meta' or 'data'; line is its first line (1-based)."""

    def __init__(self, kind, text, line):
        self.kind = kind
        self.text = text
        self.line = line

    def __repr__(self):
        return "Unit(%s, %d, %r)" % (self.kind, self.line, self.text[:40])


def split(script):
    units = []
    n = len(script)
    i = 0
    buf = []
    buf_line = None
    paren = 0
    begin_depth = 0
    idents = []
    line = 1

    def flush_sql(end_text=""):
        nonlocal buf, buf_line, paren, begin_depth, idents
        text = ("".join(buf) + end_text).strip()
        if text and not _only_comments(text):
            units.append(Unit("sql", text, buf_line))
        buf = []
        buf_line = None
        paren = 0
        begin_depth = 0
        idents = []
        return text

    while i < n:
        c = script[i]
        if buf_line is None and not c.isspace():
            buf_line = line
        if c == "\n":
            line += 1
            buf.append(c)
            i += 1
        elif c == "-" and script.startswith("--", i):
            j = script.find("\n", i)
            j = n if j < 0 else j
            buf.append(script[i:j])
            i = j
        elif c == "/" and script.startswith("/*", i):
            depth = 0
            j = i
            while j < n:
                if script.startswith("/*", j):
                    depth += 1
                    j += 2
                elif script.startswith("*/", j):
                    depth -= 1
                    j += 2
                    if depth == 0:
                        break
                else:
                    j += 1
            line += script.count("\n", i, j)
            buf.append(script[i:j])
            i = j
        elif c == "'" or (c in "eE" and script.startswith("'", i + 1) and not _ident_before(script, i)):
            start = i
            escapes = c in "eE"
            i = i + 2 if escapes else i + 1
            while i < n:
                if escapes and script[i] == "\\":
                    i += 2
                    continue
                if script[i] == "'":
                    if script.startswith("''", i):
                        i += 2
                        continue
                    i += 1
                    break
                i += 1
            line += script.count("\n", start, i)
            buf.append(script[start:i])
        elif c == '"':
            j = i + 1
            while j < n:
                if script[j] == '"':
                    if script.startswith('""', j):
                        j += 2
                        continue
                    break
                j += 1
            j = min(n, j + 1)
            line += script.count("\n", i, j)
            buf.append(script[i:j])
            i = j
        elif c == "$" and _DOLLAR.match(script, i) and not _ident_before(script, i):
            tag = _DOLLAR.match(script, i).group(0)
            j = script.find(tag, i + len(tag))
            j = n if j < 0 else j + len(tag)
            line += script.count("\n", i, j)
            buf.append(script[i:j])
            i = j
        elif c == "(":
            paren += 1
            buf.append(c)
            i += 1
        elif c == ")":
            paren = max(0, paren - 1)
            buf.append(c)
            i += 1
        elif c == ";" and paren == 0 and begin_depth == 0:
            text = flush_sql(";")
            i += 1
            if text and _COPY_STDIN.match(text):
                i, line = _copy_data(script, i, line, units)
        elif c == "\\":
            j = script.find("\n", i)
            j = n if j < 0 else j
            meta = script[i:j]
            # "\\" separates meta-commands on one line; keep them as one unit
            name = re.match(r"\\([A-Za-z!?]*)", meta).group(1)
            if name in _SENDS or name.startswith("g") and name in _SENDS:
                text = flush_sql()
                if text:
                    units[-1].text += " " + meta
                    units[-1].kind = "sql"
                else:
                    units.append(Unit("meta", meta, line))
            else:
                if "".join(buf).strip():
                    # a meta-command in the middle of a statement runs at once; the statement goes on
                    units.append(Unit("meta", meta, line))
                else:
                    buf = []
                    buf_line = None
                    units.append(Unit("meta", meta, line))
            i = j
        else:
            m = _IDENT.match(script, i)
            if m:
                word = m.group(0).lower()
                idents.append(word)
                head = [w for w in idents[:4]]
                creating = head[:1] == ["create"] and (
                    head[1:2] in (["function"], ["procedure"])
                    or head[1:4] in (["or", "replace", "function"], ["or", "replace", "procedure"])
                )
                if creating and paren == 0:
                    if word == "begin":
                        begin_depth += 1
                    elif word == "case" and begin_depth >= 1:
                        begin_depth += 1
                    elif word == "end" and begin_depth > 0:
                        begin_depth -= 1
                buf.append(m.group(0))
                i = m.end()
            else:
                buf.append(c)
                i += 1
    flush_sql()
    return units


def _ident_before(s, i):
    return i > 0 and (s[i - 1].isalnum() or s[i - 1] in "_$")


def _only_comments(text):
    t = re.sub(r"(?s)/\*.*?\*/", "", text)
    t = re.sub(r"--[^\n]*", "", t)
    return not t.strip(" \t\n;")


def _copy_data(script, i, line, units):
    """Reads COPY data lines after position i (the rest of the COPY's line is skipped)."""
    n = len(script)
    nl = script.find("\n", i)
    if nl < 0 or not re.search(r"(?m)^\\\.\r?$", script[nl + 1 :]):
        return i, line  # no data block ends after it: the lines that follow are statements
    i = nl + 1
    line += 1
    start = i
    start_line = line
    while i < n:
        j = script.find("\n", i)
        j = n if j < 0 else j
        row = script[i:j]
        i = min(n, j + 1)
        line += 1
        if row.rstrip("\r") == "\\.":
            break
    units.append(Unit("data", script[start:i], start_line))
    return i, line
