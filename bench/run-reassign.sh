#!/usr/bin/env bash
# Pauta re-assignment benchmark on PostgreSQL, loopback only (a few minutes).
#
#   bench/run-reassign.sh
#
# Needs the assign part (TrainingAssignments) in the tree: bench/Reassign does not build without it.
# 1. Starts a throwaway PostgreSQL cluster and Pauta on it once (migrate + demo organisation), then stops Pauta.
# 2. bench/Reassign adds people up to BENCH_PEOPLE (10,000) agents, a rule "every agent takes the salon course", then
#    publishes a minor version (0 assignments expected) and BENCH_RUNS (3) major versions, timing each re-assignment.
# 3. Prints the tool's JSON and writes bench/results/reassign-latest.json.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$REPO/bench/results"
APP="$RESULTS/app"
TOOL="$RESULTS/reassign"
LOGS="$RESULTS/logs"
PEOPLE="${BENCH_PEOPLE:-10000}"
RUNS="${BENCH_RUNS:-3}"
HEALTH_TIMEOUT_S=120

log() { printf 'bench-reassign: %s\n' "$*" >&2; }
die() { printf 'bench-reassign: error: %s\n' "$*" >&2; exit 1; }
# shellcheck source=bench/lib-processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-processes.sh"
mkdir -p "$RESULTS" "$LOGS"
TMP="$(mktemp -d -t pauta-bench-reassign.XXXXXX)"
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

if [ "${BENCH_SKIP_PUBLISH:-0}" != 1 ]; then
    log "publishing Pauta (Release) -> bench/results/app and the tool -> bench/results/reassign"
    # Pauta only migrates and seeds here (nothing of it is timed): no ReadyToRun needed.
    dotnet publish "$REPO/src/Pauta.Web" -c Release -r linux-x64 --self-contained false -o "$APP" >"$LOGS/publish-reassign.log" 2>&1 \
        || { tail -n 30 "$LOGS/publish-reassign.log" >&2; die "publish failed"; }
    dotnet publish "$REPO/bench/Reassign" -c Release -r linux-x64 --self-contained false -o "$TOOL" >>"$LOGS/publish-reassign.log" 2>&1 \
        || { tail -n 30 "$LOGS/publish-reassign.log" >&2; die "publish of bench/Reassign failed (is the assign branch merged?)"; }
fi

f="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
[ -n "$f" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
PG_BIN="$(dirname "$f")"
PG_TMP="$(mktemp -d /tmp/pauta-bench-pg.XXXXXXXX)"
if is_root; then chown postgres: "$PG_TMP"; fi
as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$LOGS/pg-initdb-reassign.log" 2>&1 \
    || as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale=C >"$LOGS/pg-initdb-reassign.log" 2>&1 || die "initdb failed"
PG_PORT="$(free_port)"
# Durable settings (fsync on): the figure is what a production server would pay for the writes.
as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w -t 30 -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_TMP" start >/dev/null \
    || die "could not start PostgreSQL"
CS="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=pauta_bench"
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres pauta_bench

PORT="$(free_port)"
(
    cd "$APP"
    export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$PORT" Pauta__Database__Provider=Postgres ConnectionStrings__Pauta="$CS"
    export Pauta__Demo__Enabled=true Logging__LogLevel__Default=Warning
    exec dotnet Pauta.Web.dll
) >"$LOGS/pauta-reassign.log" 2>&1 &
PID=$!
STARTED+=("$PID")
deadline=$(( $(date +%s) + HEALTH_TIMEOUT_S ))
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/healthz" || true)" = 200 ]; do
    kill -0 "$PID" 2>/dev/null || die "Pauta exited; see $LOGS/pauta-reassign.log"
    [ "$(date +%s)" -lt "$deadline" ] || die "no /healthz"
    sleep 0.2
done
stop_pid "$PID"
log "demo seeded on PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }'); running the re-assignment"
dotnet "$TOOL/Reassign.dll" run --provider Postgres --connection "$CS" --people "$PEOPLE" --runs "$RUNS" | tee "$RESULTS/reassign-latest.json"
