#!/usr/bin/env bash
# Issue 12's latency figures in one run, for a quiet machine: bench/scale.py at 10,000 and
# 1,000,000 records, bench/search_bench.py over a million on SQLite and PostgreSQL, and the
# per-request CPU cost of each operation at a million (bench/cpu_cost.py, warm and cold).
#
# Usage: bash bench/issue12_final.sh [KEEP_DIR] [POSTGRES_URL]
#   KEEP_DIR      where the scale databases are kept (default /tmp/shield-scale): both sizes
#                 built on the first run (the million takes minutes), reused after
#   POSTGRES_URL  an empty database (filled with a million records on the first run), or one
#                 filled before (default: none, the PostgreSQL search is skipped)
# Each step waits for the bench lock, so no two benchmarks run at once; the load average is
# printed before each. The output is also written to KEEP_DIR/issue12-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
KEEP=${1:-/tmp/shield-scale}
PG=${2:-}
PY=.venv/bin/python
LOCK=/tmp/shield-bench.lock
mkdir -p "$KEEP"
OUT="$KEEP/issue12-$(date -u +%Y%m%dT%H%M%SZ).txt"
exec > >(tee "$OUT") 2>&1

step() { echo; echo "== $* (load average: $(cut -d' ' -f1-3 /proc/loadavg))"; }

REUSE=--reuse
[ -f "$KEEP/1000000/shield.sqlite3" ] && [ -f "$KEEP/10000/shield.sqlite3" ] || REUSE=""
step "scale: 10,000 and 1,000,000 records, 4 clients, 40 requests per operation"
flock "$LOCK" "$PY" bench/scale.py --keep "$KEEP" $REUSE --sizes 10000 1000000 --requests 40

step "search over a million, SQLite (the scale database)"
flock "$LOCK" "$PY" bench/search_bench.py --db sqlite --path "$KEEP/1000000/shield.sqlite3" \
    --reuse --rows 1000000 --runs 30

if [ -n "$PG" ]; then
    step "search over a million, PostgreSQL"
    FILLED=$(psql "$PG" -tAc "SELECT to_regclass('registry_culturalproperty') IS NOT NULL")
    PG_REUSE=--reuse  # an empty database is migrated and filled first (about 6 minutes)
    [ "$FILLED" = "t" ] || PG_REUSE=""
    if [ "$FILLED" = "t" ]; then  # --reuse does not migrate: a database behind the code would fail
        DATABASE_URL="$PG" SECRET_KEY=${SECRET_KEY:-bench-migrate-key-$(printf 'k%.0s' {1..40})} \
            .venv/bin/shield migrate
    fi
    flock "$LOCK" "$PY" bench/search_bench.py --db postgresql --url "$PG" $PG_REUSE \
        --rows 1000000 --runs 30
fi

step "per-request server CPU at a million, warm"
flock "$LOCK" "$PY" bench/cpu_cost.py "$KEEP/1000000/shield.sqlite3" --runs 20
step "per-request server CPU at a million, cold (the first request after a write)"
flock "$LOCK" "$PY" bench/cpu_cost.py "$KEEP/1000000/shield.sqlite3" --runs 3 --cold
echo; echo "written to $OUT"
