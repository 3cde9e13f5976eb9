#!/usr/bin/env bash
# Leased singleton workers across two nodes of one PostgreSQL database, loopback only, bounded.
#
#   bench/run-leases.sh
#
# 1. Publishes Pauta (Release) to bench/results/app-leases, unless BENCH_APP names a folder with Pauta.Web.dll already.
# 2. Starts a throwaway PostgreSQL cluster and two nodes (node-a, node-b) on one database, no demo data.
# 3. Idle cost: CPU (utime+stime from /proc/<pid>/stat) of the node holding the breach lease and of the other one over
#    BENCH_IDLE seconds, in ms of CPU per second, BENCH_IDLE_SETTLE seconds after both nodes answered.
# 4. Takeover: BENCH_ROUNDS times, SIGKILLs the node holding the breach lease and measures the time until PostgreSQL
#    shows the other node holding it (pg_locks joined with pg_stat_activity.application_name, polled every 20 ms); the
#    killed node is started again before the next round.
# Prints one summary line at the end. Every process started here is stopped on exit.
#
# Knobs: BENCH_ROUNDS=5 BENCH_IDLE=20 BENCH_IDLE_SETTLE=60 (seconds after the start before measuring) BENCH_APP=<folder with Pauta.Web.dll> BENCH_RETRY_SECONDS=2 (Pauta:Leases:RetrySeconds)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$REPO/bench/results"
LOGS="$RESULTS/logs"
ROUNDS="${BENCH_ROUNDS:-5}"
IDLE="${BENCH_IDLE:-20}"
SETTLE="${BENCH_IDLE_SETTLE:-60}"
RETRY="${BENCH_RETRY_SECONDS:-2}"
APP="${BENCH_APP:-$RESULTS/app-leases}"

log() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=bench/lib-processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-processes.sh"

mkdir -p "$RESULTS" "$LOGS"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"

if [ -z "${BENCH_APP:-}" ]; then
    log "publishing Pauta (Release) -> $APP"
    dotnet publish "$REPO/src/Pauta.Web" -c Release -o "$APP" >"$LOGS/publish-leases.log" 2>&1 \
        || { tail -n 30 "$LOGS/publish-leases.log" >&2; die "dotnet publish src/Pauta.Web failed"; }
fi
[ -f "$APP/Pauta.Web.dll" ] || die "missing $APP/Pauta.Web.dll"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
    local p
    for _ in $(seq 200); do p=$(( 20000 + RANDOM % 10000 )); port_in_use "$p" || { echo "$p"; return 0; }; done
    die "no free port found"
}

f="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
[ -n "$f" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
PG_BIN="$(dirname "$f")"
PG_TMP="$(mktemp -d /tmp/pauta-bench-leases.XXXXXXXX)"
if is_root; then chown postgres: "$PG_TMP"; fi
as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 >"$LOGS/pg-initdb-leases.log" 2>&1 || die "initdb failed"
PG_PORT="$(free_port)"
as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_TMP -c max_connections=100" start >/dev/null || die "PostgreSQL did not start"
psql_() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -At "$@"; }
psql_ -d postgres -c "CREATE DATABASE pauta_leases" >/dev/null
CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=pauta_leases"

declare -A PID PORT
start_node() {
    local name="$1" port
    port="$(free_port)"
    PORT[$name]=$port
    ( cd "$APP" && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
        Pauta__Database__Provider=Postgres ConnectionStrings__Pauta="$CONN" Pauta__Database__MigrateOnStart=true \
        Pauta__Demo__Enabled=false Pauta__NodeName="$name" Pauta__PublicUrl="http://127.0.0.1:$port" \
        Pauta__Leases__RetrySeconds="$RETRY" dotnet Pauta.Web.dll ) >>"$LOGS/leases-$name.log" 2>&1 &
    PID[$name]=$!
    STARTED+=("${PID[$name]}")
    for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return 0; sleep 0.1; done
    die "$name did not answer /healthz within 60 s (see $LOGS/leases-$name.log)"
}

holder() {
    psql_ -d pauta_leases -c "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 1346458964 AND l.objid = 1 AND l.objsubid = 2" | head -n 1
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

start_node node-a
start_node node-b
for _ in $(seq 200); do [ -n "$(holder)" ] && break; sleep 0.1; done
first="$(holder)"; [ -n "$first" ] || die "nobody holds the breach lease"
log "breach lease held by $first"

# Idle cost of holding and of asking, once the start's after-effects (tiered JIT recompiling hot methods in the
# background, the first ticks) have settled.
h="${first#pauta/}"; h="${h%/lease}"; o=$([ "$h" = node-a ] && echo node-b || echo node-a)
hz="$(getconf CLK_TCK)"
log "letting both nodes settle for ${SETTLE}s before measuring idle CPU"
sleep "$SETTLE"
h0=$(cpu_ticks "${PID[$h]}"); o0=$(cpu_ticks "${PID[$o]}")
sleep "$IDLE"
h1=$(cpu_ticks "${PID[$h]}"); o1=$(cpu_ticks "${PID[$o]}")
idle_holder=$(awk -v d=$((h1 - h0)) -v hz="$hz" -v s="$IDLE" 'BEGIN { printf "%.1f", d * 1000 / hz / s }')
idle_other=$(awk -v d=$((o1 - o0)) -v hz="$hz" -v s="$IDLE" 'BEGIN { printf "%.1f", d * 1000 / hz / s }')
log "idle CPU over ${IDLE}s: holder $idle_holder ms/s, other node $idle_other ms/s"

takes=()
for round in $(seq "$ROUNDS"); do
    current="$(holder)"; victim="${current#pauta/}"; victim="${victim%/lease}"
    [ -n "$victim" ] || die "round $round: nobody holds the lease"
    t0=$(now_ms)
    kill -KILL "${PID[$victim]}"
    wait "${PID[$victim]}" 2>/dev/null || true
    forget_pid "${PID[$victim]}"
    while true; do
        now="$(holder)"
        if [ -n "$now" ] && [ "$now" != "$current" ]; then break; fi
        [ $(( $(now_ms) - t0 )) -lt 30000 ] || die "round $round: no takeover within 30 s"
        sleep 0.02
    done
    took=$(( $(now_ms) - t0 ))
    takes+=("$took")
    log "round $round: killed $victim, $now took the lease after $took ms"
    start_node "$victim"
done

sorted="$(printf '%s\n' "${takes[@]}" | sort -n)"
min="$(echo "$sorted" | head -n 1)"; max="$(echo "$sorted" | tail -n 1)"
median="$(echo "$sorted" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
load="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "leases @ $COMMIT: takeover after SIGKILL of the breach holder over $ROUNDS rounds: min $min ms, median $median ms, max $max ms (retry ${RETRY} s); idle CPU holder $idle_holder ms/s, other $idle_other ms/s; load $load"
