#!/usr/bin/env bash
# Three Pauta nodes behind HAProxy (round robin, no stickiness) on PostgreSQL: what they do together.
#
#   bench/run-cluster.sh
#
# 1. kill:   the three-node test (tests/Pauta.Cluster.Tests, NodeKillTests) run longer through scripts/test.sh:
#            board latency across nodes (an action posted to node 1 -> "contactChanged" on a board held by node 3,
#            BENCH_PROBES of them, then half as many between the two survivors after the kill), then SIGKILL of the
#            node holding the workers' leases under load: client errors and how long they lasted (until the balancer's
#            health check took the node out), acknowledged actions before/after, breaches recorded once each.
# 2. http:   scripts/cluster.sh --detach (durable PostgreSQL, 3 nodes, HAProxy) and bench/Events' HTTP case with
#            BENCH_AGENTS virtual agents posting contact actions through the balancer; then the same against node 1
#            alone, in the same run, as the one-node reference. CPU per action: all three nodes + HAProxy (+ PostgreSQL),
#            from /proc/<pid>/stat.
# Prints a one-line summary and writes bench/results/cluster-latest.md. Every process started here is stopped on exit.
#
# Knobs: BENCH_CASES="kill http" BENCH_PROBES=300 BENCH_KILL_AGENTS=16 BENCH_ACKS_BEFORE_KILL=2000
#        BENCH_SECONDS=10 BENCH_HTTP_WARMUP=20 BENCH_AGENTS=64 BENCH_SKIP_PUBLISH=1 (reuse the bench/Events publish)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$REPO/bench/results"
LOGS="$RESULTS/logs"
TOOL="$RESULTS/events"
CASES="${BENCH_CASES:-kill http}"
PROBES="${BENCH_PROBES:-300}"
KILL_AGENTS="${BENCH_KILL_AGENTS:-16}"
ACKS_BEFORE_KILL="${BENCH_ACKS_BEFORE_KILL:-2000}"
SECONDS_PER_CASE="${BENCH_SECONDS:-10}"
HTTP_WARMUP="${BENCH_HTTP_WARMUP:-20}"
AGENTS="${BENCH_AGENTS:-64}"
has_case() { case " $CASES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
log() { printf 'bench-cluster: %s\n' "$*" >&2; }
die() { printf 'bench-cluster: error: %s\n' "$*" >&2; exit 1; }

mkdir -p "$RESULTS" "$LOGS"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$REPO" status --porcelain -- src tests bench scripts 2>/dev/null)" ]; then COMMIT="$COMMIT + uncommitted changes"; fi
export PAUTA_CLUSTER_DIR="${PAUTA_CLUSTER_DIR:-/tmp/pauta-cluster-bench}"
CLUSTER_UP=0
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [ "$CLUSTER_UP" = 1 ] && "$REPO/scripts/cluster.sh" --stop >/dev/null 2>&1
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

KILL_LINE="(not run)"
if has_case kill; then
    FIGURES="$RESULTS/cluster-kill.txt"
    rm -f "$FIGURES"
    log "kill: the three-node test with $PROBES board probes, $KILL_AGENTS agents, kill after $ACKS_BEFORE_KILL acknowledged actions (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
    PAUTA_CLUSTER_FIGURES="$FIGURES" PAUTA_CLUSTER_BOARD_PROBES="$PROBES" PAUTA_CLUSTER_AGENTS="$KILL_AGENTS" \
        PAUTA_CLUSTER_ACKS_BEFORE_KILL="$ACKS_BEFORE_KILL" \
        "$REPO/scripts/test.sh" --filter "FullyQualifiedName~Pauta.Cluster.Tests" >"$LOGS/cluster-kill.log" 2>&1 \
        || { tail -n 60 "$LOGS/cluster-kill.log" >&2; die "the three-node test failed (see $LOGS/cluster-kill.log)"; }
    KILL_LINE="$(tail -n 1 "$FIGURES")"
    log "$KILL_LINE"
fi

# CPU ticks (utime + stime) of the given pids, summed.
ticks() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat"))); done; echo "$t"; }
# CPU ticks of PostgreSQL: the postmaster and every backend (its children), live ones only.
pg_ticks() { local pids; pids="$(pgrep -P "$1" 2>/dev/null | tr '\n' ' ')"; ticks "$1" $pids; }
stored() { "$PG_BIN/psql" -tA -h 127.0.0.1 -p "$PAUTA_CLUSTER_PG_PORT" -U postgres -d pauta -c 'SELECT count(*) FROM "ContactEvents"'; }

HTTP_ROWS=""
if has_case http; then
    if [ "${BENCH_SKIP_PUBLISH:-0}" != 1 ] || [ ! -f "$TOOL/Events.dll" ]; then
        log "publishing the events bench tool (Release) -> bench/results/events"
        dotnet publish "$REPO/bench/Events" -c Release -o "$TOOL" >"$LOGS/publish-events.log" 2>&1 \
            || { tail -n 30 "$LOGS/publish-events.log" >&2; die "dotnet publish bench/Events failed"; }
    fi
    log "http: starting PostgreSQL (durable), 3 nodes and HAProxy with scripts/cluster.sh --detach"
    PAUTA_CLUSTER_PORT=0 PAUTA_CLUSTER_PAST_CONTACTS=0 "$REPO/scripts/cluster.sh" --detach >"$LOGS/cluster-start.log" 2>&1 \
        || { tail -n 40 "$LOGS/cluster-start.log" >&2; die "scripts/cluster.sh failed"; }
    CLUSTER_UP=1
    # shellcheck disable=SC1091
    source "$PAUTA_CLUSTER_DIR/env"
    PG_BIN="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")"
    POSTMASTER="$(head -n 1 "$PAUTA_CLUSTER_DIR/pg/data/postmaster.pid")"
    read -r -a NODE_PIDS <<<"$PAUTA_CLUSTER_NODE_PIDS"
    read -r -a NODE_URLS <<<"$PAUTA_CLUSTER_NODE_URLS"
    HZ="$(getconf CLK_TCK)"

    # run_http <label> <url> : bench/Events' HTTP case against url; CPU of nodes + HAProxy and of PostgreSQL per stored action.
    run_http() {
        local label="$1" url="$2" c0 p0 s0 c1 p1 s1 row n load
        load="$(cut -d' ' -f1-3 /proc/loadavg)"
        log "http $label: $AGENTS agents, ${HTTP_WARMUP} s warm-up + ${SECONDS_PER_CASE} s against $url (load average: $load)"
        c0="$(ticks "${NODE_PIDS[@]}" "$PAUTA_CLUSTER_HAPROXY_PID")"; p0="$(pg_ticks "$POSTMASTER")"; s0="$(stored)"
        row="$(dotnet "$TOOL/Events.dll" --provider Postgres --connection "$PAUTA_CLUSTER_CONNECTION" --case http --url "$url" \
            --server-pid "${NODE_PIDS[0]}" --writers "$AGENTS" --seconds "$SECONDS_PER_CASE" --warmup "$HTTP_WARMUP" 2>>"$LOGS/cluster-http.log")" \
            || die "bench/Events failed against $url (see $LOGS/cluster-http.log)"
        c1="$(ticks "${NODE_PIDS[@]}" "$PAUTA_CLUSTER_HAPROXY_PID")"; p1="$(pg_ticks "$POSTMASTER")"; s1="$(stored)"
        n=$((s1 - s0))
        [ "$n" -gt 0 ] || die "nothing was stored during the $label run"
        # Events' row: | Database | Writer | writers | events/s | p50 | p99 | max | per commit | CPU | measured |
        HTTP_ROWS="$HTTP_ROWS$(echo "$row" | awk -F'|' -v label="$label" -v cpu="$(( (c1 - c0) * 1000000 / HZ / n ))" -v pg="$(( (p1 - p0) * 1000000 / HZ / n ))" -v load="$load" \
            '{ gsub(/ /, "", $5); gsub(/ /, "", $6); gsub(/ /, "", $7); gsub(/ /, "", $8);
               printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", label, $5, $6, $7, $8, cpu, pg, load }')"$'\n'
        log "$(echo "$HTTP_ROWS" | tail -n 2 | head -n 1)"
    }
    run_http "3 nodes through HAProxy" "$PAUTA_CLUSTER_URL"
    run_http "node 1 alone (same cluster, no balancer)" "${NODE_URLS[0]}"
fi

CPU="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
{
    echo "# Pauta on three nodes — $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Code: commit $COMMIT. Machine: $(nproc) cores, $CPU. Command: \`bench/run-cluster.sh\` (cases: $CASES)."
    echo
    echo "Node kill (tests/Pauta.Cluster.Tests on the scripts/test.sh PostgreSQL, fsync off):"
    echo
    echo "    $KILL_LINE"
    echo
    if [ -n "$HTTP_ROWS" ]; then
        echo "Contact actions over HTTP (bench/Events HTTP case, $AGENTS agents, durable PostgreSQL):"
        echo
        echo "| target | actions/s | p50 ms | p99 ms | max ms | CPU µs/action, 3 nodes + HAProxy | CPU µs/action, PostgreSQL | load average before |"
        echo "|---|---:|---:|---:|---:|---:|---:|---|"
        printf '%s' "$HTTP_ROWS"
    fi
} >"$RESULTS/cluster-latest.md"
cat "$RESULTS/cluster-latest.md" >&2
summary="bench-cluster: $(echo "$KILL_LINE" | sed 's/^cluster-kill: //' | cut -c1-400)"
[ -n "$HTTP_ROWS" ] && summary="$summary | http: $(echo "$HTTP_ROWS" | awk -F'|' 'NF > 3 { gsub(/^ +| +$/, "", $2); gsub(/ /, "", $3); gsub(/ /, "", $5); printf "%s %s/s p99 %s ms; ", $2, $3, $5 }')"
echo "$summary"
