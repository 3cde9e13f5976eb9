#!/usr/bin/env bash
# Contact events benchmark: durable appends per second and their latency, on SQLite and PostgreSQL.
#
#   bench/run-events.sh
#
# 1. Publishes bench/Events (Release) to bench/results/events.
# 2. SQLite: a fresh database file in a temp folder on disk (WAL, synchronous=FULL).
# 3. PostgreSQL: a throwaway cluster on loopback started like scripts/test.sh does, but durable:
#    fsync=on, synchronous_commit=on, full_page_writes=on (the defaults), so the figures are honest.
# 4. For each database: (a) one event row per commit from 64 concurrent writers, the ceiling without group
#    commit; (b) Pauta's ContactEventWriter with 64 concurrent agents each running its own contacts.
# 5. Writes bench/results/events-latest.md and prints it. Every process started here is stopped on exit.
#
# Knobs: BENCH_SECONDS=10 (measured, per case) BENCH_WARMUP=3 BENCH_WRITERS=64 BENCH_PROVIDERS="sqlite postgres"
#        BENCH_SKIP_PUBLISH=1 reuses the last publish.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$REPO/bench/results"
TOOL="$RESULTS/events"
LOGS="$RESULTS/logs"
SECONDS_PER_CASE="${BENCH_SECONDS:-10}"
WARMUP="${BENCH_WARMUP:-3}"
WRITERS="${BENCH_WRITERS:-64}"
PROVIDERS="${BENCH_PROVIDERS:-sqlite postgres}"

log() { printf 'bench-events: %s\n' "$*" >&2; }
die() { printf 'bench-events: error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

STARTED=()
TMP=""
PG_TMP=""
PG_BIN=""

stop_pid() {
    local pid="$1" i
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; forget_pid "$pid"; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
    forget_pid "$pid"
}

forget_pid() {
    local keep=() p
    for p in "${STARTED[@]+"${STARTED[@]}"}"; do [ "$p" = "$1" ] || keep+=("$p"); done
    STARTED=("${keep[@]+"${keep[@]}"}")
}

as_pg() { if is_root; then (cd "$PG_TMP" && runuser -u postgres -- "$@"); else (cd "$PG_TMP" && "$@"); fi; }

stop_postgres() {
    [ -n "$PG_TMP" ] && [ -f "$PG_TMP/data/postmaster.pid" ] || return 0
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" stop -m fast -w >/dev/null 2>&1; then
        local pid
        pid="$(head -n 1 "$PG_TMP/data/postmaster.pid" 2>/dev/null || true)"
        [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
        sleep 1
    fi
}

cleanup() {
    local rc=$? pid
    trap - EXIT INT TERM
    for pid in "${STARTED[@]+"${STARTED[@]}"}"; do stop_pid "$pid"; done
    stop_postgres
    [ -n "$PG_TMP" ] && rm -rf "$PG_TMP"
    [ -n "$TMP" ] && [ -d "$TMP" ] && rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v dotnet >/dev/null 2>&1 || die "dotnet is required"
mkdir -p "$RESULTS" "$LOGS"
# On disk (not tmpfs), so SQLite's fsync is a real one.
TMP="$(mktemp -d "$RESULTS/events-tmp.XXXXXX")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$REPO" status --porcelain -- src bench/Events 2>/dev/null)" ]; then COMMIT="$COMMIT + uncommitted changes"; fi
if [ "${BENCH_SKIP_PUBLISH:-0}" != 1 ]; then
    log "publishing the events bench tool (Release) -> bench/results/events"
    dotnet publish "$REPO/bench/Events" -c Release -o "$TOOL" >"$LOGS/publish-events.log" 2>&1 \
        || { tail -n 30 "$LOGS/publish-events.log" >&2; die "dotnet publish bench/Events failed"; }
fi
[ -f "$TOOL/Events.dll" ] || die "missing $TOOL/Events.dll"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_postgres() {
    local f port=55532 attempt locale=C
    f="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$f" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (scripts/test.sh installs them)"
    PG_BIN="$(dirname "$f")"
    PG_TMP="$(mktemp -d /tmp/pauta-bench-pg.XXXXXXXX)"
    if is_root; then id -u postgres >/dev/null 2>&1 || die "OS user 'postgres' does not exist"; chown postgres: "$PG_TMP"; fi
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=C.UTF-8; fi
    as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale="$locale" >"$LOGS/pg-initdb-events.log" 2>&1 \
        || { cat "$LOGS/pg-initdb-events.log" >&2; die "initdb failed"; }
    PG_PORT=""
    for attempt in 1 2 3 4 5; do
        while port_in_use "$port"; do port=$((port + 1)); done
        # Loopback only; durable: fsync, synchronous_commit and full_page_writes stay on (the defaults, stated anyway).
        if as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w -t 30 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TMP -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=300" \
            start >/dev/null; then PG_PORT=$port; break; fi
        log "PostgreSQL failed to start on port $port (attempt $attempt)"
        port=$((port + 1))
    done
    [ -n "$PG_PORT" ] || { tail -n 30 "$PG_TMP/log" >&2 || true; die "could not start PostgreSQL"; }
    PG_VERSION="$("$PG_BIN/postgres" --version | awk '{ print $3 }')"
    log "PostgreSQL $PG_VERSION listening on 127.0.0.1:$PG_PORT (fsync on, synchronous_commit on)"
}

tool() {  # runs the bench tool in the background (so the trap can stop it) and waits
    local pid rc=0
    dotnet "$TOOL/Events.dll" "$@" &
    pid=$!
    STARTED+=("$pid")
    wait "$pid" || rc=$?
    forget_pid "$pid"
    [ "$rc" -eq 0 ] || die "bench tool failed (exit $rc)"
}

ROWS="$TMP/rows"
: >"$ROWS"
LOADS=""
for provider in $PROVIDERS; do
    case "$provider" in
        sqlite)
            NAME=Sqlite
            CS="Data Source=$TMP/events.db"
            ;;
        postgres)
            NAME=Postgres
            [ -n "$PG_TMP" ] || start_postgres
            "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE pauta_events_bench" >/dev/null
            CS="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=pauta_events_bench;Pooling=true;Maximum Pool Size=100"
            ;;
        *) die "unknown provider '$provider' (sqlite or postgres)" ;;
    esac
    before="$(cut -d' ' -f1-3 /proc/loadavg)"
    log "$NAME: migrate + demo, then ${WARMUP} s warm-up + ${SECONDS_PER_CASE} s per case, $WRITERS writers (load average before: $before)"
    tool --provider "$NAME" --connection "$CS" --seconds "$SECONDS_PER_CASE" --warmup "$WARMUP" --writers "$WRITERS" | tee -a "$ROWS" >&2
    LOADS="$LOADS $provider: $before (before), $(cut -d' ' -f1-3 /proc/loadavg) (after);"
done

CPU="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
{
    echo "# Pauta contact events benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Code: commit $COMMIT. Machine: $(nproc) cores, $CPU, $(df -T "$TMP" | awk 'NR == 2 { print $2 }') disk."
    echo "Command: \`bench/run-events.sh\` (${WARMUP} s warm-up + ${SECONDS_PER_CASE} s measured per case)."
    echo "Load average (1, 5, 15 min):$LOADS"
    echo
    echo "| Database | Writer | concurrent writers | events/s | p50 ms | p99 ms | max ms | events per commit | CPU µs/event (client + PG server) | measured |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
    cat "$ROWS"
    echo
    echo "SQLite: WAL, synchronous=FULL, one file on disk. One row per commit takes an in-process lock per commit (SQLite has"
    echo "one writer at a time; its busy handler would only add sleeps)."
    if [ -n "$PG_TMP" ]; then echo "PostgreSQL $PG_VERSION: throwaway cluster, loopback, fsync=on, synchronous_commit=on, full_page_writes=on."; fi
    echo "Latency: from the call to the durable answer, in process (no HTTP). Goal: ≥ 10,000 durable events/s with p99 ≤ 25 ms."
} >"$RESULTS/events-latest.md"
cat "$RESULTS/events-latest.md"
