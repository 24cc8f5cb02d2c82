#!/usr/bin/env python3
"""Runs PostgreSQL's regression test scripts against orbit-node and PostgreSQL 15, statement by
statement through psql, and compares what psql prints for each statement.

Usage:
  e2e/pg-regress/run.py --sql-dir DIR [--files a,b,c] [--out DIR] [--orbit-port N --pg-port N]

DIR is src/test/regress/sql of PostgreSQL 15's source (Debian: `apt-get source postgresql-15`,
which needs a deb-src line); the suite is not part of this repository. Without --orbit-port and
--pg-port the script starts both servers itself: PostgreSQL 15 from /usr/lib/postgresql/15/bin
(initdb into a temporary folder, as the 'postgres' user when run as root) and orbit-node from
node/bin/orbit-node (build it first: mvn -B -q -DskipTests package), each on a free port, trust
authentication.

Each file runs in a fresh database on each server, after test_setup.sql (the tables most files
read; its server-side COPY FROM files become psql \\copy). psql runs with the environment
pg_regress gives it (PGTZ, PGDATESTYLE, LC_MESSAGES=C). A marker is echoed before every unit, so
the output splits per statement. Prints: statements identical (EXPLAIN counted apart), the
statements where orbit-node errs and PostgreSQL does not, grouped by error message, the
statements PostgreSQL refuses and orbit-node accepts, crashes (lost connections) and hangs (no
output for --hang seconds), and the slowest statements on orbit-node. Per-file details go to
--out (default ./pg-regress-out).
"""

import argparse
import collections
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import psqlsplit  # noqa: E402

PGBIN = os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MARK = re.compile(r"^@@([SM])(\d+)@@$")
CRASH = ("server closed the connection unexpectedly", "connection to server was lost",
         "no connection to the server")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_pg(cmd):
    return (["runuser", "-u", "postgres", "--"] + cmd) if os.getuid() == 0 else cmd


class Servers:
    """Starts PostgreSQL 15 and orbit-node on free ports and stops them at the end."""

    def __init__(self, work):
        self.work = work
        self.procs = []
        self.pg_port = free_port()
        self.orbit_port = free_port()
        os.chmod(work, 0o777)

    def start(self):
        pgdata = os.path.join(self.work, "pg")
        subprocess.run(as_pg([PGBIN + "/initdb", "-D", pgdata, "-U", "orbit", "--auth=trust",
                              "--no-locale", "-E", "UTF8"]), check=True, stdout=subprocess.DEVNULL)
        pglog = open(os.path.join(self.work, "pg.log"), "w")
        self.pg = subprocess.Popen(as_pg([PGBIN + "/postgres", "-D", pgdata, "-p", str(self.pg_port),
                                          "-k", self.work, "-c", "listen_addresses=127.0.0.1",
                                          "-c", "fsync=off"]), stdout=pglog, stderr=pglog)
        self.start_orbit()
        for port in (self.pg_port, self.orbit_port):
            wait_ready(port)

    def start_orbit(self):
        self.orbit_log = open(os.path.join(self.work, "orbit.log"), "a")
        admin = free_port()
        redis = free_port()
        self.orbit = subprocess.Popen(
            [os.path.join(ROOT, "node/bin/orbit-node"), "serve", "--data-dir",
             os.path.join(self.work, "orbit"), "--set", "protocols.postgres.port=%d" % self.orbit_port,
             "--set", "protocols.redis.enabled=false", "--set", "admin.port=%d" % admin,
             "--set", "auth.method=trust", "--set", "storage.durability=async"],
            stdout=self.orbit_log, stderr=self.orbit_log, start_new_session=True)

    def orbit_alive(self):
        return self.orbit.poll() is None

    def restart_orbit(self):
        self.stop_orbit()
        self.start_orbit()
        wait_ready(self.orbit_port)

    def stop_orbit(self):
        if self.orbit.poll() is None:
            self.orbit.terminate()
            try:
                self.orbit.wait(30)
            except subprocess.TimeoutExpired:
                self.orbit.kill()
                self.orbit.wait()

    def stop(self):
        self.stop_orbit()
        subprocess.run(as_pg([PGBIN + "/pg_ctl", "-D", os.path.join(self.work, "pg"), "-m", "fast",
                              "-w", "stop"]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_ready(port, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        r = subprocess.run([PGBIN + "/pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)])
        if r.returncode == 0:
            return
        time.sleep(0.3)
    raise SystemExit("server on port %d did not become ready" % port)


def psql_env(test):
    env = dict(os.environ)
    for k in list(env):
        if k.startswith("PG") and k not in ("PGBIN",):
            del env[k]
    env.update({"PGTZ": "America/Los_Angeles", "PGDATESTYLE": "Postgres, MDY", "LC_MESSAGES": "C",
                "LANG": "C", "PG_ABS_SRCDIR": ABS_SRCDIR[0], "PG_LIBDIR": "/nonexistent", "PG_DLSUFFIX": ".so", "PGAPPNAME": "pg_regress/" + test, "PGUSER": "orbit",
                "PGHOST": "127.0.0.1"})
    return env


def setup_script(sql_dir):
    """test_setup.sql with its server-side COPY FROM a file turned into psql's \\copy."""
    text = open(os.path.join(sql_dir, "test_setup.sql")).read()
    data = os.path.abspath(os.path.join(sql_dir, "..", "data"))
    out = []
    for line in text.splitlines():
        m = re.match(r"(?i)^COPY\s+(\w+)\s+FROM\s+:'filename';", line)
        if m:
            out.append("\\copy %s from '%s/%s.data'" % (m.group(1), data, fname_of(text, line)))
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def fname_of(text, copy_line):
    # the \set filename line just before this COPY names the data file
    before = text[: text.index(copy_line)]
    return re.findall(r"/data/(\w+)\.data'", before)[-1]


def build_script(units):
    out = ["\\set ON_ERROR_STOP 0\n"]
    for n, u in enumerate(units):
        if u.kind == "data":
            out.append(u.text)
            continue
        out.append("\\echo @@%s%d@@\n" % ("S" if u.kind == "sql" else "M", n))
        out.append(u.text + "\n")
    return "".join(out)


def run_psql(port, db, script_path, test, hang):
    """Runs the script; returns ({unit: (output lines, seconds)}, hung unit or None)."""
    cmd = ["psql", "-X", "-h", "127.0.0.1", "-p", str(port), "-d", db, "-f", script_path]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=psql_env(test),
                         start_new_session=True)
    outputs = {}
    current = None
    started = time.time()
    lines = []
    pending = b""
    hung = None
    last = time.time()
    fd = p.stdout.fileno()
    while True:
        r, _, _ = select.select([fd], [], [], 1.0)
        if r:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            last = time.time()
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for raw in complete:
                text = raw.decode("utf-8", "replace")
                m = MARK.match(text)
                if m:
                    now = time.time()
                    if current is not None:
                        outputs[current] = (lines, now - started)
                    current = int(m.group(2))
                    started = now
                    lines = []
                else:
                    lines.append(text)
        elif time.time() - last > hang:
            hung = current
            os.killpg(p.pid, signal.SIGINT)
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
            break
    if pending:
        lines.append(pending.decode("utf-8", "replace"))
    if current is not None:
        outputs[current] = (lines, time.time() - started)
    p.wait()
    return outputs, hung


def psql_simple(port, db, sql):
    return subprocess.run(["psql", "-X", "-q", "-h", "127.0.0.1", "-p", str(port), "-d", db, "-c", sql],
                          env=psql_env("admin"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def fresh_db(port, db):
    psql_simple(port, "postgres" if port_is_pg(port) else "orbit", "DROP DATABASE IF EXISTS " + db)
    r = psql_simple(port, "postgres" if port_is_pg(port) else "orbit", "CREATE DATABASE " + db)
    if r.returncode != 0:
        raise RuntimeError("cannot create %s on %d: %s" % (db, port, r.stdout))


PG_PORT = [None]
ABS_SRCDIR = [""]


def port_is_pg(port):
    return port == PG_PORT[0]


def normalize(lines):
    out = []
    for l in lines:
        # psql names the script file in its messages; both runs use the same file name
        out.append(re.sub(r"^psql:[^:]*:(\d+): ", "psql:\\1: ", l))
    while out and out[-1] == "":
        out.pop()
    return out


def cause(lines):
    for l in lines:
        m = re.search(r"(ERROR|FATAL):\s+(.*)", l)
        if m:
            msg = m.group(2)
            msg = re.sub(r'"[^"]*"', '"…"', msg)
            msg = re.sub(r"\b\d+\b", "N", msg)
            return msg[:110]
    return None


def first_error(lines):
    for l in lines:
        if re.search(r"(ERROR|FATAL):", l):
            return l
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sql-dir", required=True)
    ap.add_argument("--files", help="comma-separated test names (default: every file but test_setup)")
    ap.add_argument("--out", default="pg-regress-out")
    ap.add_argument("--orbit-port", type=int)
    ap.add_argument("--pg-port", type=int)
    ap.add_argument("--hang", type=float, default=60.0, help="seconds without output that count as a hang")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()

    names = sorted(f[:-4] for f in os.listdir(args.sql_dir) if f.endswith(".sql"))
    names = [n for n in names if n != "test_setup"]
    if args.files:
        names = args.files.split(",")
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="pg-regress-")
    servers = None
    if args.orbit_port and args.pg_port:
        orbit_port, pg_port = args.orbit_port, args.pg_port
    else:
        servers = Servers(work)
        servers.start()
        orbit_port, pg_port = servers.orbit_port, servers.pg_port
    PG_PORT[0] = pg_port
    ABS_SRCDIR[0] = os.path.abspath(os.path.join(args.sql_dir, ".."))
    setup = setup_script(args.sql_dir)

    totals = collections.Counter()
    orbit_only = collections.Counter()
    orbit_only_example = {}
    accepted_wrongly = []
    differing_results = []
    slow = []
    crashes = []
    hangs = []
    per_file = []
    try:
        for name in names:
            text = open(os.path.join(args.sql_dir, name + ".sql"), encoding="utf-8", errors="replace").read()
            units = psqlsplit.split(text)
            script = setup + build_script(units)
            script_path = os.path.join(work, name + ".sql")
            with open(script_path, "w") as f:
                f.write(script)
            setup_units = len(psqlsplit.split(setup))
            db = "regress_" + re.sub(r"\W", "_", name)
            results = {}
            for label, port in (("pg", pg_port), ("orbit", orbit_port)):
                try:
                    fresh_db(port, db)
                except RuntimeError as e:
                    print(e, file=sys.stderr)
                    results[label] = ({}, None)
                    continue
                t0 = time.time()
                results[label] = run_psql(port, db, script_path, name, args.hang)
                if label == "orbit" and servers is not None and not servers.orbit_alive():
                    crashes.append((name, "orbit-node process exited"))
                    servers.restart_orbit()
            pg_out, _ = results["pg"]
            orbit_out, hung = results["orbit"]
            if hung is not None:
                hangs.append((name, units[hung].text[:100] if hung < len(units) else "?"))
            same = total = 0
            log = open(os.path.join(args.out, name + ".diff"), "w")
            for n, u in enumerate(units):
                if u.kind != "sql":
                    continue
                kind = "explain" if re.match(r"(?is)^\s*explain\b", u.text) else "sql"
                total += 1
                totals[kind] += 1
                p = normalize(pg_out.get(n, (["<not run>"], 0))[0])
                o_lines, secs = orbit_out.get(n, (["<not run>"], 0))
                o = normalize(o_lines)
                if any(c in l for l in o for c in CRASH):
                    crashes.append((name, u.text[:100]))
                slow.append((secs, name, u.text[:100].replace("\n", " ")))
                if p == o:
                    totals[kind + "_same"] += 1
                    same += 1
                    continue
                log.write("=== %s line %d\n%s\n--- postgresql\n%s\n--- orbit\n%s\n\n"
                          % (name, u.line, u.text, "\n".join(p), "\n".join(o)))
                pe, oe = first_error(p), first_error(o)
                if oe and not pe:
                    c = cause(o)
                    orbit_only[c] += 1
                    orbit_only_example.setdefault(c, "%s:%d %s" % (name, u.line, u.text[:80].replace("\n", " ")))
                elif pe and not oe:
                    accepted_wrongly.append((name, u.line, u.text[:100].replace("\n", " "), pe))
                elif not pe and not oe:
                    differing_results.append((name, u.line))
                else:
                    totals["both_err_differ"] += 1
            log.close()
            per_file.append((name, same, total))
            print("%-28s %5d / %5d identical" % (name, same, total), flush=True)
    finally:
        if servers is not None:
            servers.stop()
        shutil.rmtree(work, ignore_errors=True)

    sql, explain = totals["sql"], totals["explain"]
    print()
    print("statements: %d (+ %d EXPLAIN)" % (sql, explain))
    print("identical: %d of %d = %.1f %%   (EXPLAIN: %d of %d identical)"
          % (totals["sql_same"], sql, 100.0 * totals["sql_same"] / max(1, sql), totals["explain_same"], explain))
    print("both errors, different text: %d" % totals["both_err_differ"])
    print("both succeed, different output: %d" % len(differing_results))
    print("PostgreSQL errs, orbit-node does not: %d" % len(accepted_wrongly))
    print("orbit-node errs, PostgreSQL does not: %d" % sum(orbit_only.values()))
    print("crashes (lost connection / process exit): %d" % len(crashes))
    for c in crashes[:20]:
        print("   %s: %s" % c)
    print("hangs (no output for %.0f s): %d" % (args.hang, len(hangs)))
    for h in hangs[:20]:
        print("   %s: %s" % h)
    print()
    print("orbit-only errors by cause (top %d):" % args.top)
    for c, k in orbit_only.most_common(args.top):
        print("%6d  %s\n        e.g. %s" % (k, c, orbit_only_example[c]))
    print()
    print("slowest statements on orbit-node:")
    for secs, name, text in sorted(slow, reverse=True)[:15]:
        print("%8.2f s  %s: %s" % (secs, name, text))
    with open(os.path.join(args.out, "accepted-wrongly.txt"), "w") as f:
        for a in accepted_wrongly:
            f.write("%s:%d %s\n    pg: %s\n" % a)
    with open(os.path.join(args.out, "summary.txt"), "w") as f:
        for name, same, total in per_file:
            f.write("%-28s %5d / %5d\n" % (name, same, total))


if __name__ == "__main__":
    main()
