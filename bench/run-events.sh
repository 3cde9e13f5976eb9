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
#    commit; (b) Pauta's ContactEventWriter with 64 concurrent agents each running its own contacts, in process;
#    (c) the real Pauta (published Release + ReadyToRun to bench/results/app-events) started on a fresh database of
#    the same kind, the 5 demo agents signed in, and 64 virtual agents posting contact actions over loopback HTTP.
# 5. Writes bench/results/events-latest.md and prints it. Every process started here is stopped on exit.
#
# Knobs: BENCH_SECONDS=10 (measured, per case) BENCH_WARMUP=3 BENCH_WRITERS=64 BENCH_PROVIDERS="sqlite postgres"
#        BENCH_CASES="raw writer http" (any of them) BENCH_HTTP_WARMUP=20 (the app's JIT needs far longer than the
#        writer to reach its steady state, the more so on a busy machine) BENCH_SKIP_PUBLISH=1 reuses the last publish.
#        BENCH_HTTP_ANSWERS="minimal full": the HTTP answers measured, one after the other on the same running app —
#        minimal sends `Prefer: return=minimal` (204 + ETag, the goal's figure), full takes the whole contact back.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$REPO/bench/results"
TOOL="$RESULTS/events"
LOGS="$RESULTS/logs"
SECONDS_PER_CASE="${BENCH_SECONDS:-10}"
WARMUP="${BENCH_WARMUP:-3}"
HTTP_WARMUP="${BENCH_HTTP_WARMUP:-20}"
WRITERS="${BENCH_WRITERS:-64}"
PROVIDERS="${BENCH_PROVIDERS:-sqlite postgres}"
CASES="${BENCH_CASES:-raw writer http}"
HTTP_ANSWERS="${BENCH_HTTP_ANSWERS:-minimal full}"
APP="$RESULTS/app-events"
has_case() { case " $CASES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

log() { printf 'bench-events: %s\n' "$*" >&2; }
die() { printf 'bench-events: error: %s\n' "$*" >&2; exit 1; }
# shellcheck source=bench/lib-processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-processes.sh"

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
    if has_case http; then
        # As bench/run.sh publishes the app: ReadyToRun, as production should.
        log "publishing Pauta (Release, ReadyToRun) -> bench/results/app-events"
        dotnet publish "$REPO/src/Pauta.Web" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$APP" \
            >"$LOGS/publish-events-app.log" 2>&1 || { tail -n 30 "$LOGS/publish-events-app.log" >&2; die "dotnet publish src/Pauta.Web failed"; }
    fi
fi
[ -f "$TOOL/Events.dll" ] || die "missing $TOOL/Events.dll"
! has_case http || [ -f "$APP/Pauta.Web.dll" ] || die "missing $APP/Pauta.Web.dll"

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

# A loopback port nobody listens on, below the kernel's ephemeral range (the client's own sockets take those).
free_port() {
    local p i low
    low="$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
    [ "$low" -gt 12000 ] || low=32768
    for i in $(seq 200); do
        p=$(( 10000 + RANDOM % (low - 10000) ))
        port_in_use "$p" || { echo "$p"; return 0; }
    done
    die "no free port found"
}

APP_PID=""
APP_PORT=""
# start_pauta <provider name> <connection string> <log name>: the real app, as bench/run.sh starts it.
start_pauta() {
    APP_PORT="$(free_port)"
    (
        cd "$APP"
        export ASPNETCORE_ENVIRONMENT=Production
        export ASPNETCORE_URLS="http://127.0.0.1:$APP_PORT"
        export Pauta__Database__Provider="$1"
        export ConnectionStrings__Pauta="$2"
        export Pauta__Demo__Enabled=true
        export Pauta__SignInRateLimit__PermitsPerMinute=1000
        export Logging__LogLevel__Default=Warning
        exec dotnet Pauta.Web.dll
    ) >"$LOGS/$3.log" 2>&1 &
    APP_PID=$!
    STARTED+=("$APP_PID")
    local i code
    for i in $(seq 1200); do   # up to ~2 minutes: first start migrates and seeds the demo on a busy machine
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$APP_PORT/healthz" || true)"
        [ "$code" = 200 ] && return 0
        kill -0 "$APP_PID" 2>/dev/null || { tail -n 30 "$LOGS/$3.log" >&2; die "Pauta exited before /healthz answered"; }
        sleep 0.1
    done
    die "Pauta gave no 200 from /healthz within 2 minutes; see $LOGS/$3.log"
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
    for c in raw writer; do
        has_case "$c" || continue
        log "$NAME $c: migrate + demo, then ${WARMUP} s warm-up + ${SECONDS_PER_CASE} s, $WRITERS writers (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
        tool --provider "$NAME" --connection "$CS" --seconds "$SECONDS_PER_CASE" --warmup "$WARMUP" --writers "$WRITERS" --case "$c" | tee -a "$ROWS" >&2
    done
    if has_case http; then
        # A fresh database of the same kind for the app: it migrates and seeds the demo itself on start.
        if [ "$provider" = sqlite ]; then HTTP_CS="Data Source=$TMP/http.db"
        else
            "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE pauta_http_bench" >/dev/null
            HTTP_CS="${CS/Database=pauta_events_bench/Database=pauta_http_bench}"
        fi
        log "$NAME http: starting Pauta on a fresh database (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
        start_pauta "$NAME" "$HTTP_CS" "events-app-$provider"
        for answer in $HTTP_ANSWERS; do
            log "$NAME http ($answer): Pauta pid $APP_PID on 127.0.0.1:$APP_PORT; ${HTTP_WARMUP} s warm-up + ${SECONDS_PER_CASE} s, $WRITERS virtual agents (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
            tool --provider "$NAME" --connection "$HTTP_CS" --seconds "$SECONDS_PER_CASE" --warmup "$HTTP_WARMUP" --writers "$WRITERS" --case http \
                --url "http://127.0.0.1:$APP_PORT" --server-pid "$APP_PID" --answer "$answer" | tee -a "$ROWS" >&2
        done
        stop_pid "$APP_PID"
    fi
    LOADS="$LOADS $provider: $before (before), $(cut -d' ' -f1-3 /proc/loadavg) (after);"
done

CPU="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
{
    echo "# Pauta contact events benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Code: commit $COMMIT. Machine: $(nproc) cores, $CPU, $(df -T "$TMP" | awk 'NR == 2 { print $2 }') disk."
    echo "Command: \`bench/run-events.sh\` (${WARMUP} s warm-up, ${HTTP_WARMUP} s for HTTP, + ${SECONDS_PER_CASE} s measured per case)."
    echo "Load average (1, 5, 15 min):$LOADS"
    echo
    echo "| Database | Writer | concurrent writers | events/s | p50 ms | p99 ms | max ms | events per commit | CPU µs/event (in-process: client + PG server) | measured |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
    cat "$ROWS"
    echo
    echo "SQLite: WAL, synchronous=FULL, one file on disk. One row per commit takes an in-process lock per commit (SQLite has"
    echo "one writer at a time; its busy handler would only add sleeps)."
    if [ -n "$PG_TMP" ]; then echo "PostgreSQL $PG_VERSION: throwaway cluster, loopback, fsync=on, synchronous_commit=on, full_page_writes=on."; fi
    echo "Latency: from the call to the durable answer; in process for the first two, from the HTTP client for \"HTTP POST\" (64 virtual"
    echo "agents over the 5 demo agents' cookie sessions, loopback, HTTP/1.1; per contact one start then 49 Wait/Resume actions, each one"
    echo "stored action). HTTP CPU: the Pauta process, the PostgreSQL backends and the client, per acknowledged POST (/proc/<pid>/stat)."
    echo "HTTP answers: \"return=minimal\" sends \`Prefer: return=minimal\` (204 + the version in ETag); \"full answer\" reads the whole contact."
    echo "Goals (issue 13): in-process writer ≥ 10,000 events/s on PostgreSQL; over HTTP ≥ 5,000/s on SQLite and ≥ 3,000/s on"
    echo "PostgreSQL at 64 agents with p99 ≤ 25 ms."
} >"$RESULTS/events-latest.md"
cat "$RESULTS/events-latest.md"
# One line per case: database, case, events/s, p99.
echo
echo "summary ($COMMIT):"
awk -F'|' '{ gsub(/^ +| +$/, "", $2); gsub(/^ +| +$/, "", $3); gsub(/^ +| +$/, "", $5); gsub(/^ +| +$/, "", $7);
            printf "  %s, %s: %s events/s, p99 %s ms\n", $2, $3, $5, $7 }' "$ROWS"
