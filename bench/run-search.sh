#!/usr/bin/env bash
# Pauta search benchmark, loopback only, bounded (about 10 minutes on a quiet machine).
#
#   bench/run-search.sh
#
# For SQLite and then PostgreSQL (a throwaway cluster on a free loopback port, as scripts/test.sh starts):
# 1. starts Pauta (Release publish, bench/results/app) on a fresh database: migrate + the demo organisation;
# 2. bench/Search seeds the demo organisation with BENCH_COUNT (5,000) more published protocols, generated
#    from the eleven demo protocols by mutation (bench/Search/ProtocolGenerator.cs);
# 3. times ~50 realistic queries (whole words, accentless, capitals, two and three words, half-typed
#    prefixes, rare words, no hits) x BENCH_ROUNDS rounds through Pauta's own ProtocolSearch class, in
#    process (the database's share: SQL, snippets, materialisation);
# 4. times the same queries over HTTP, signed in as the demo agent: GET /api/v1/protocols/search;
# 5. times the index upkeep of a publish (one search entry rewritten: FTS5 triggers / generated tsvector);
# 6. writes bench/results/search-latest.md and prints it. Every process started here is stopped on exit.
#
# Knobs: BENCH_COUNT=5000 BENCH_ROUNDS=20 BENCH_HTTP_ROUNDS=10 BENCH_PROVIDERS="sqlite postgres"
#        BENCH_SKIP_PUBLISH=0 (1 reuses bench/results/app and bench/results/search)
#        BENCH_QUIET_WAIT=90 (before each measure, wait up to this many seconds for other CPU < 15 %)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$REPO/bench/results"
APP="$RESULTS/app"
TOOL="$RESULTS/search"
LOGS="$RESULTS/logs"
COUNT="${BENCH_COUNT:-5000}"
ROUNDS="${BENCH_ROUNDS:-20}"
HTTP_ROUNDS="${BENCH_HTTP_ROUNDS:-10}"
PROVIDERS="${BENCH_PROVIDERS:-sqlite postgres}"
QUIET_WAIT="${BENCH_QUIET_WAIT:-90}"
QUIET_PCT=15
HEALTH_TIMEOUT_S=120

log() { printf 'bench-search: %s\n' "$*" >&2; }
die() { printf 'bench-search: error: %s\n' "$*" >&2; exit 1; }
# shellcheck source=bench/lib-processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-processes.sh"

for tool in dotnet curl awk ss; do command -v "$tool" >/dev/null 2>&1 || die "$tool is required"; done
mkdir -p "$RESULTS" "$LOGS"
TMP="$(mktemp -d -t pauta-bench-search.XXXXXX)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

free_port() {
    local p i low
    low="$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
    [ "$low" -gt 12000 ] || low=32768
    for i in $(seq 200); do
        p=$(( 10000 + RANDOM % (low - 10000) ))
        if [ -z "$(ss -Htan "( sport = :$p or dport = :$p )" 2>/dev/null)" ]; then echo "$p"; return 0; fi
    done
    die "no free port found"
}

# ---------------------------------------------------------------- other load on the machine
# "Other CPU": share of both cores used by processes other than ours (this script's children, the Pauta
# server, and the PostgreSQL cluster started here) while a figure was taken. Others build and test here.
cpu_busy_total() { awk '/^cpu / { b = $2 + $3 + $4 + $7 + $8 + $9; print b, b + $5 + $6; exit }' /proc/stat; }
proc_jiffies() { if [ -r "/proc/$1/stat" ]; then sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; else echo 0; fi; }
pg_jiffies() {  # the postmaster and its backends (children of the postmaster)
    local master
    [ -n "$PG_TMP" ] && [ -f "$PG_TMP/data/postmaster.pid" ] || { echo 0; return; }
    master="$(head -n 1 "$PG_TMP/data/postmaster.pid")"
    cat /proc/[0-9]*/stat 2>/dev/null | awk -v m="$master" '{ pid = $1; line = $0; sub(/^.*\) /, "", line); split(line, f, " ")
        if (pid == m || f[2] == m) t += f[12] + f[13] } END { print t + 0 }'
}
children_jiffies() {
    awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub(/s$/, "", a[2]); t += a[1] * 60 + a[2] } printf "%.0f", t * 100 }' "$TMP/times"
}
OTHER_MARK=""
OTHER_PCT=0
other_start() { times >"$TMP/times"; OTHER_MARK="$(cpu_busy_total) $(proc_jiffies "${1:-0}") $(children_jiffies) $(pg_jiffies)"; }
other_pct() {
    local now
    times >"$TMP/times"
    now="$(cpu_busy_total) $(proc_jiffies "${1:-0}") $(children_jiffies) $(pg_jiffies)"
    OTHER_PCT="$(awk -v a="$OTHER_MARK" -v b="$now" 'BEGIN { split(a, x, " "); split(b, y, " ")
        total = y[2] - x[2]; other = (y[1] - x[1]) - (y[3] - x[3]) - (y[4] - x[4]) - (y[5] - x[5])
        if (other < 0) other = 0; printf "%.0f", (total > 0) ? 100 * other / total : 0 }')"
}
wait_quiet() {
    local waited=0
    while :; do
        other_start "${1:-0}"
        sleep 1
        other_pct "${1:-0}"
        if [ "$OTHER_PCT" -lt "$QUIET_PCT" ]; then [ "$waited" -eq 0 ] || log "  machine quiet after ${waited} s"; return 0; fi
        if [ "$waited" -ge "$QUIET_WAIT" ]; then log "  machine still busy ($OTHER_PCT % CPU by others) after ${waited} s; measuring anyway"; return 0; fi
        [ "$waited" -gt 0 ] || log "  machine busy ($OTHER_PCT % CPU by others); waiting up to ${QUIET_WAIT} s"
        sleep 4
        waited=$(( waited + 5 ))
    done
}

# ---------------------------------------------------------------- 0. publish
publish() {
    local attempt
    for attempt in 1 2 3 4; do
        if dotnet publish "$@" >"$LOGS/publish-search.log" 2>&1; then return 0; fi
        log "publish $1 failed (attempt $attempt), retrying in $((attempt * 10)) s; see $LOGS/publish-search.log"
        sleep $((attempt * 10))
    done
    tail -n 30 "$LOGS/publish-search.log" >&2
    die "dotnet publish $1 failed"
}
COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$REPO" status --porcelain -- src bench/Search 2>/dev/null)" ]; then COMMIT="$COMMIT + uncommitted changes"; fi
if [ "${BENCH_SKIP_PUBLISH:-0}" != 1 ]; then
    log "publishing Pauta (Release, ReadyToRun) -> bench/results/app"
    publish "$REPO/src/Pauta.Web" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$APP"
    log "publishing the search bench tool (Release) -> bench/results/search"
    publish "$REPO/bench/Search" -c Release -r linux-x64 --self-contained false -o "$TOOL"
fi
[ -f "$APP/Pauta.Web.dll" ] || die "missing $APP/Pauta.Web.dll"
[ -f "$TOOL/Search.dll" ] || die "missing $TOOL/Search.dll"

# ---------------------------------------------------------------- PostgreSQL (only when asked for)
start_postgres() {
    local f port attempt locale=C
    f="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$f" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (scripts/test.sh installs them)"
    PG_BIN="$(dirname "$f")"
    PG_TMP="$(mktemp -d /tmp/pauta-bench-pg.XXXXXXXX)"
    if is_root; then id -u postgres >/dev/null 2>&1 || die "OS user 'postgres' does not exist"; chown postgres: "$PG_TMP"; fi
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=C.UTF-8; fi
    as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale="$locale" >"$LOGS/pg-initdb.log" 2>&1 \
        || { cat "$LOGS/pg-initdb.log" >&2; die "initdb failed"; }
    PG_PORT=""
    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        # Loopback only. Durability settings as in scripts/test.sh: the data is thrown away, and searches only read.
        if as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w -t 30 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null; then PG_PORT=$port; break; fi
        log "PostgreSQL failed to start on port $port (attempt $attempt)"
    done
    [ -n "$PG_PORT" ] || { tail -n 30 "$PG_TMP/log" >&2 || true; die "could not start PostgreSQL"; }
    PG_VERSION="$("$PG_BIN/postgres" --version | awk '{ print $3 }')"
    log "PostgreSQL $PG_VERSION listening on 127.0.0.1:$PG_PORT"
}

# ---------------------------------------------------------------- Pauta server
PID=""
PORT=""
start_pauta() {  # <provider> <connection string> <log name>
    PORT="$(free_port)"
    (
        cd "$APP"
        export ASPNETCORE_ENVIRONMENT=Production
        export ASPNETCORE_URLS="http://127.0.0.1:$PORT"
        export Pauta__Database__Provider="$1"
        export ConnectionStrings__Pauta="$2"
        export Pauta__Demo__Enabled=true
        export Pauta__SignInRateLimit__PermitsPerMinute=1000000
        export Logging__LogLevel__Default=Warning
        exec dotnet Pauta.Web.dll
    ) >"$LOGS/$3.log" 2>&1 &
    PID=$!
    STARTED+=("$PID")
    local deadline=$(( $(date +%s) + HEALTH_TIMEOUT_S )) code
    while :; do
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/healthz" || true)"
        [ "$code" = 200 ] && return 0
        kill -0 "$PID" 2>/dev/null || die "Pauta exited before /healthz answered; see $LOGS/$3.log"
        [ "$(date +%s)" -lt "$deadline" ] || die "no 200 from /healthz within ${HEALTH_TIMEOUT_S} s; see $LOGS/$3.log"
        sleep 0.1
    done
}

json() {  # <file> <key>: a number from the tool's one-line JSON (the first occurrence: top-level keys come first)
    awk -v k="\"$2\":" '{ i = index($0, k); if (i) { s = substr($0, i + length(k)); sub(/[,}].*/, "", s); printf "%.2f", s } }' "$1"
}

tool() {  # runs the bench tool in the background (so the trap can stop it) and waits
    local pid rc=0
    dotnet "$TOOL/Search.dll" "$@" &
    pid=$!
    STARTED+=("$pid")
    wait "$pid" || rc=$?
    forget_pid "$pid"
    [ "$rc" -eq 0 ] || die "bench tool '$1' failed (exit $rc)"
}

# ---------------------------------------------------------------- run
declare -A SEED_LINE OTHER_IN OTHER_HTTP APP_CPU
for provider in $PROVIDERS; do
    case "$provider" in
        sqlite)
            NAME=Sqlite
            mkdir -p "$TMP/sqlite"
            CS="Data Source=$TMP/sqlite/pauta.db"
            ;;
        postgres)
            NAME=Postgres
            [ -n "$PG_TMP" ] || start_postgres
            "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE pauta_search_bench" >/dev/null
            CS="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=pauta_search_bench;Pooling=true"
            ;;
        *) die "unknown provider '$provider' (sqlite or postgres)" ;;
    esac
    log "$NAME: starting Pauta on a fresh database (migrate + demo)"
    start_pauta "$NAME" "$CS" "search-$provider"
    log "$NAME: seeding $COUNT published protocols into the demo organisation"
    SEED_LINE[$provider]="$(tool seed --provider "$NAME" --connection "$CS" --count "$COUNT" | tail -n 1)"
    log "  ${SEED_LINE[$provider]}"

    wait_quiet "$PID"
    log "$NAME: timing ProtocolSearch in process ($ROUNDS rounds)"
    other_start "$PID"
    tool measure --provider "$NAME" --connection "$CS" --rounds "$ROUNDS" --out "$RESULTS/search-$provider-inprocess.json" \
        | tee "$RESULTS/search-$provider-inprocess.txt" >&2
    other_pct "$PID"
    OTHER_IN[$provider]="$OTHER_PCT"

    wait_quiet "$PID"
    log "$NAME: timing GET /api/v1/protocols/search over HTTP ($HTTP_ROUNDS rounds)"
    other_start "$PID"
    app_before="$(proc_jiffies "$PID")"
    tool http --base "http://127.0.0.1:$PORT" --rounds "$HTTP_ROUNDS" --warmup 2 --out "$RESULTS/search-$provider-http.json" \
        | tee "$RESULTS/search-$provider-http.txt" >&2
    app_after="$(proc_jiffies "$PID")"
    other_pct "$PID"
    # Pauta's own CPU per request, warm-up rounds and the sign-in included (jiffies are 10 ms).
    APP_CPU[$provider]="$(awk -v a="$app_before" -v b="$app_after" -v r="$HTTP_ROUNDS" -v n="$(json "$RESULTS/search-$provider-http.json" count)" \
        'BEGIN { total = n * (r + 2) / r; printf "%.2f", (total > 0) ? (b - a) * 10 / total : 0 }')"
    OTHER_HTTP[$provider]="$OTHER_PCT"

    log "$NAME: timing the index upkeep of a publish"
    tool reindex --provider "$NAME" --connection "$CS" --out "$RESULTS/search-$provider-reindex.json" \
        | tee "$RESULTS/search-$provider-reindex.txt" >&2
    stop_pid "$PID"
done

# ---------------------------------------------------------------- report
verdict() { awk -v v="$1" 'BEGIN { print (v <= 20) ? "**met**" : "**missed**" }'; }
CPU="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
{
    echo "# Pauta search benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Code: commit $COMMIT. Machine: $(nproc) cores, $CPU. One organisation with $COUNT generated + 11 demo published protocols."
    echo "Queries: bench/Search/Program.cs (about 50, limit 20); in process $ROUNDS rounds, HTTP $HTTP_ROUNDS rounds, after warm-up rounds."
    echo
    echo "| Database | Path | p50 ms | p95 ms | p99 ms | max ms | CPU ms/search: client, PG server | other CPU % | goal p95 ≤ 20 ms |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
    for provider in $PROVIDERS; do
        for path in inprocess http; do
            f="$RESULTS/search-$provider-$path.json"
            other="${OTHER_IN[$provider]}"; [ "$path" = http ] && other="${OTHER_HTTP[$provider]}"
            label="ProtocolSearch in process"; [ "$path" = http ] && label="GET /api/v1/protocols/search"
            cpu="$(json "$f" cpu)"; server="$(json "$f" serverCpu)"
            if [ "$path" = inprocess ] && [ "$provider" = postgres ]; then cpu="$cpu, $server"; fi
            if [ "$path" = http ]; then cpu="client $cpu, Pauta ${APP_CPU[$provider]}"; fi
            echo "| $provider | $label | $(json "$f" p50) | $(json "$f" p95) | $(json "$f" p99) | $(json "$f" max) | $cpu | $other | $(verdict "$(json "$f" p95)") |"
        done
    done
    echo
    for provider in $PROVIDERS; do
        echo "**$provider**: ${SEED_LINE[$provider]}. $(cat "$RESULTS/search-$provider-reindex.txt")."
        echo
        echo '```'
        cat "$RESULTS/search-$provider-inprocess.txt"
        cat "$RESULTS/search-$provider-http.txt"
        echo '```'
        echo
    done
    if [ -n "$PG_TMP" ]; then echo "PostgreSQL $PG_VERSION, throwaway cluster, loopback, fsync off (the searches only read)."; fi
    echo
    echo "CPU ms/search: the measuring process's own CPU time (in process: EF, Npgsql or SQLite itself, snippets; over HTTP:"
    echo "the client's, then Pauta's server process per request) and, on PostgreSQL in process, the database server process's"
    echo "(one pooled connection, read from /proc)."
    echo "CPU time is much less disturbed than wall time by other people's load on the machine (\"other CPU\")."
} >"$RESULTS/search-latest.md"
cat "$RESULTS/search-latest.md"
