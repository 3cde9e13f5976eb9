#!/usr/bin/env bash
# Start-up and memory of the published app (SQLite, loopback only, bounded: ~2 minutes on a quiet machine).
#
#   bench/run-startup.sh
#
# 1. Publishes Pauta as bench/run.sh does (Release, ReadyToRun, framework-dependent) to bench/results/app-startup,
#    unless STARTUP_APP names an existing publish folder (e.g. an older commit's, to compare).
# 2. COLD_RUNS times: a first run on an empty database (migrate + demo seed) and a restart on that database,
#    each timed from launch to the first 200 from /healthz (polled every ~10 ms). For each it also records the
#    server's CPU time (utime+stime) at that moment: wall-clock start-up on this shared machine moves with other
#    people's builds, CPU time much less.
# 3. On the last restart: RSS after IDLE s idle, then a wrk load (-t2 -c64) on the signed-in /org-chart for LOAD,
#    then RSS after IDLE s idle again (and the peak), and the split of RSS from /proc/<pid>/smaps.
# 4. Prints a one-line summary (and writes bench/results/startup.md).
#
# Knobs: BENCH_COLD_RUNS=3 BENCH_IDLE=10 BENCH_LOAD=15s STARTUP_APP=<publish dir> BENCH_SKIP_PUBLISH=0 BENCH_HEALTH_TIMEOUT=300
#        STARTUP_ENV="NAME=value ..." extra environment for the server (e.g. DOTNET_gcServer=0), to try a lever.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$REPO/bench/results"
LOGS="$RESULTS/logs"
APP="${STARTUP_APP:-$RESULTS/app-startup}"
COLD_RUNS="${BENCH_COLD_RUNS:-3}"
IDLE="${BENCH_IDLE:-10}"
LOAD="${BENCH_LOAD:-15s}"
EXTRA_ENV="${STARTUP_ENV:-}"
HEALTH_TIMEOUT_S="${BENCH_HEALTH_TIMEOUT:-300}"
DEMO_EMAIL="sofia@suarez.example"
DEMO_PASSWORD="Pauta-demo-1"

log() { printf 'startup-bench: %s\n' "$*" >&2; }
die() { printf 'startup-bench: error: %s\n' "$*" >&2; exit 1; }
# shellcheck source=bench/lib-processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-processes.sh"

for tool in dotnet curl awk ss wrk; do command -v "$tool" >/dev/null 2>&1 || die "$tool is required"; done
mkdir -p "$RESULTS" "$LOGS"
TMP="$(mktemp -d -t pauta-startup.XXXXXX)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$REPO" status --porcelain -- src 2>/dev/null)" ]; then COMMIT="$COMMIT+dirty"; fi
if [ -z "${STARTUP_APP:-}" ] && [ "${BENCH_SKIP_PUBLISH:-0}" != 1 ]; then
    log "publishing Pauta (Release, ReadyToRun) -> $APP"
    dotnet publish "$REPO/src/Pauta.Web" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
        -o "$APP" >"$LOGS/publish-startup.log" 2>&1 || { tail -n 30 "$LOGS/publish-startup.log" >&2; die "publish failed"; }
fi
[ -f "$APP/Pauta.Web.dll" ] || die "missing $APP/Pauta.Web.dll"
[ -z "${STARTUP_APP:-}" ] || COMMIT="publish in $APP"

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
now_ns() { date +%s%N; }
HZ="$(getconf CLK_TCK)"
cpu_ms() { sed 's/^.*) //' "/proc/$1/stat" | awk -v hz="$HZ" '{ printf "%.0f", ($12 + $13) * 1000 / hz }'; }
rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

PID="" PORT="" T0=""
start_pauta() {   # <db dir> <log name>
    PORT="$(free_port)"
    T0="$(now_ns)"
    (
        cd "$APP"
        export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$PORT"
        export ConnectionStrings__Pauta="Data Source=$1/pauta.db" Pauta__Demo__Enabled=true
        export Pauta__SignInRateLimit__PermitsPerMinute=1000000 Logging__LogLevel__Default=Warning
        # shellcheck disable=SC2086
        [ -z "$EXTRA_ENV" ] || export $EXTRA_ENV
        # The seed's own line (its wall and CPU time, and its past contacts') at Information; the rest at Warning.
        exec env "Logging__LogLevel__Pauta.Web.Features.Demo.DemoSeeder=Information" dotnet Pauta.Web.dll
    ) >"$LOGS/$2.log" 2>&1 &
    PID=$!
    STARTED+=("$PID")
}
wait_healthy() {   # prints "<ms from launch> <server cpu ms>"
    local deadline=$(( $(now_ns) + HEALTH_TIMEOUT_S * 1000000000 )) code
    while :; do
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/healthz" || true)"
        if [ "$code" = 200 ]; then echo "$(( ($(now_ns) - T0) / 1000000 )) $(cpu_ms "$PID")"; return 0; fi
        kill -0 "$PID" 2>/dev/null || die "server exited before /healthz answered; see $LOGS"
        [ "$(now_ns)" -lt "$deadline" ] || die "no 200 from /healthz within $HEALTH_TIMEOUT_S s"
        sleep 0.01
    done
}
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
join() { local IFS=,; echo "$*" | sed 's/,/, /g'; }

declare -a F_MS F_CPU R_MS R_CPU
for i in $(seq "$COLD_RUNS"); do
    db="$TMP/db$i"; mkdir -p "$db"
    start_pauta "$db" "startup-first-$i"
    read -r F_MS[i] F_CPU[i] < <(wait_healthy)
    log "first run $i: ${F_MS[i]} ms (server CPU ${F_CPU[i]} ms), load $(cut -d' ' -f1 /proc/loadavg)"
    log "  $(grep -h -o 'Demo organisation seeded in .*' "$LOGS/startup-first-$i.log" | head -n 1 || true)"
    stop_pid "$PID"
    start_pauta "$db" "startup-restart-$i"
    read -r R_MS[i] R_CPU[i] < <(wait_healthy)
    log "restart $i:   ${R_MS[i]} ms (server CPU ${R_CPU[i]} ms), load $(cut -d' ' -f1 /proc/loadavg)"
    [ "$i" -eq "$COLD_RUNS" ] || stop_pid "$PID"
done
BASE="http://127.0.0.1:$PORT"
SEED_LINE="$(grep -h -o 'Demo organisation seeded in [^"]*' "$LOGS/startup-first-$COLD_RUNS.log" | head -n 1 || true)"

sleep "$IDLE"
RSS_IDLE="$(rss_mb "$PID")"
log "idle RSS: $RSS_IDLE MB"

JAR="$TMP/jar"
html="$(curl -sS --max-time 10 -c "$JAR" -b "$JAR" "$BASE/account/signin")"
tok="$( { printf '%s' "$html" | grep -o -m 1 '__RequestVerificationToken"[^>]*value="[^"]*"' || true; } | sed -n '1{s/.*value="//; s/"$//; p}')"
code="$(curl -sS --max-time 10 -c "$JAR" -b "$JAR" -o /dev/null -w '%{http_code}' --data-urlencode "Input.Email=$DEMO_EMAIL" \
    --data-urlencode "Input.Password=$DEMO_PASSWORD" --data-urlencode "__RequestVerificationToken=$tok" "$BASE/account/signin")"
[ "$code" = 302 ] || die "sign-in answered $code"
COOKIE="$(awk -F'\t' 'NF >= 7 && $6 ~ /^\.Pauta\.Auth/ { s = s (s ? "; " : "") $6 "=" $7 } END { print s }' "$JAR")"
[ "$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/org-chart")" = 200 ] || die "/org-chart is not 200"
cpu0="$(cpu_ms "$PID")"
wrk -t2 -c64 -d"$LOAD" --latency -H "Cookie: $COOKIE" "$BASE/org-chart" >"$RESULTS/wrk-startup-org-chart.txt" 2>&1 \
    || die "wrk failed"
cpu1="$(cpu_ms "$PID")"
RPS="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$RESULTS/wrk-startup-org-chart.txt")"
REQS="$(awk '/requests in/ { print $1 }' "$RESULTS/wrk-startup-org-chart.txt")"
P99="$(awk '$1 == "99%" { print $2 }' "$RESULTS/wrk-startup-org-chart.txt")"
CPU_PER_REQ="$(awk -v c=$((cpu1 - cpu0)) -v n="$REQS" 'BEGIN { printf "%.3f", (n > 0) ? c / n : 0 }')"
log "/org-chart: $RPS req/s, p99 $P99, server CPU $CPU_PER_REQ ms/request"
sleep "$IDLE"
RSS_AFTER="$(rss_mb "$PID")"
RSS_PEAK="$(hwm_mb "$PID")"
# RSS split: GC heap and other anonymous memory, mapped files (dlls, R2R code, native libraries), the rest.
SPLIT="$(awk '
    /^[0-9a-f]+-[0-9a-f]+ / { name = (NF >= 6) ? $6 : "[anon]"; next }
    /^Rss:/ { if (name ~ /\.(dll|so)([.0-9]*)?$/) f += $2; else if (name ~ /^\// && name !~ /^\/memfd/) o += $2; else a += $2 }
    END { printf "anonymous %.1f MB, dll/so files %.1f MB, other files %.1f MB", a / 1024, f / 1024, o / 1024 }' "/proc/$PID/smaps")"
log "idle RSS after load: $RSS_AFTER MB (peak $RSS_PEAK MB); $SPLIT"
stop_pid "$PID"

FM="$(median "${F_MS[@]}")" RM="$(median "${R_MS[@]}")" FC="$(median "${F_CPU[@]}")" RC="$(median "${R_CPU[@]}")"
LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg)"
cat >"$RESULTS/startup.md" <<EOF
# Pauta start-up and memory — $(date -u '+%Y-%m-%d %H:%M UTC'), $COMMIT, load average $LOADAVG
${EXTRA_ENV:+Extra environment: \`$EXTRA_ENV\`}

| Measure | Median | Runs |
|---|---:|---|
| First run (migrate + demo seed) to first 200 | $FM ms | $(join "${F_MS[@]}") ms |
| ... server CPU at that moment | $FC ms | $(join "${F_CPU[@]}") ms |
| Restart on the existing db to first 200 | $RM ms | $(join "${R_MS[@]}") ms |
| ... server CPU at that moment | $RC ms | $(join "${R_CPU[@]}") ms |
| Idle RSS, restart + ${IDLE} s | $RSS_IDLE MB | |
| Idle RSS after ${LOAD} of /org-chart + ${IDLE} s (peak) | $RSS_AFTER MB ($RSS_PEAK MB) | $SPLIT |
| /org-chart under that load | $RPS req/s, p99 $P99 | server CPU $CPU_PER_REQ ms/request |

${SEED_LINE:+Seed log: $SEED_LINE}
EOF
echo "startup: first run $FM ms (cpu $FC ms), restart $RM ms (cpu $RC ms), idle RSS $RSS_IDLE MB, after load $RSS_AFTER MB (peak $RSS_PEAK), org-chart $RPS req/s p99 $P99 cpu/req $CPU_PER_REQ ms, load $LOADAVG, $COMMIT${EXTRA_ENV:+, env $EXTRA_ENV}"
