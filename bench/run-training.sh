#!/usr/bin/env bash
# Pauta training matrix benchmark, loopback only, bounded (about 4 minutes on a quiet machine).
#
#   bench/run-training.sh
#
# 1. Publishes Pauta (Release, ReadyToRun) to bench/results/app, the bare ceiling app to bench/results/bare and the
#    seeding tool bench/Training to bench/results/training.
# 2. Starts Pauta on a fresh SQLite database (migrate + demo), then bench/Training fills the demo organisation up to
#    BENCH_PEOPLE (500) people × BENCH_PROTOCOLS (200) published protocols with training in every state.
# 3. Signs in as the demo manager and checks that /training/matrix renders 50 rows × 200 columns.
# 4. Server time: wrk -t1 -c1 (one request at a time, so the latency is the server's time plus loopback) on the
#    matrix page, p50/p95/p99 from bench/percentiles.lua.
# 5. Under load: wrk -t2 -c64 on the matrix page, and on the bare ceiling app serving a page of the same byte size.
# 6. Writes bench/results/training-latest.md and prints it. Every process started here is stopped on exit.
#
# Knobs: BENCH_PEOPLE=500 BENCH_PROTOCOLS=200 BENCH_DURATION=15s BENCH_WARMUP=5s BENCH_SKIP_PUBLISH=0 BENCH_QUIET_WAIT=90
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$REPO/bench/results"
APP="$RESULTS/app"
BARE="$RESULTS/bare"
TOOL="$RESULTS/training"
LOGS="$RESULTS/logs"
PEOPLE="${BENCH_PEOPLE:-500}"
PROTOCOLS="${BENCH_PROTOCOLS:-200}"
DURATION="${BENCH_DURATION:-15s}"
WARMUP="${BENCH_WARMUP:-5s}"
QUIET_WAIT="${BENCH_QUIET_WAIT:-90}"
QUIET_PCT=15
HEALTH_TIMEOUT_S=120
LUA="$REPO/bench/percentiles.lua"

log() { printf 'bench-training: %s\n' "$*" >&2; }
die() { printf 'bench-training: error: %s\n' "$*" >&2; exit 1; }
# shellcheck source=bench/lib-processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-processes.sh"

for tool in dotnet curl awk ss wrk; do command -v "$tool" >/dev/null 2>&1 || die "$tool is required"; done
mkdir -p "$RESULTS" "$LOGS"
TMP="$(mktemp -d -t pauta-bench-training.XXXXXX)"
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

# "Other CPU": the share of both cores used by processes other than the server and this script's children.
cpu_busy_total() { awk '/^cpu / { b = $2 + $3 + $4 + $7 + $8 + $9; print b, b + $5 + $6; exit }' /proc/stat; }
proc_jiffies() { if [ -r "/proc/$1/stat" ]; then sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; else echo 0; fi; }
children_jiffies() {
    awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub(/s$/, "", a[2]); t += a[1] * 60 + a[2] } printf "%.0f", t * 100 }' "$TMP/times"
}
OTHER_MARK=""
OTHER_PCT=0
other_start() { times >"$TMP/times"; OTHER_MARK="$(cpu_busy_total) $(proc_jiffies "${1:-0}") $(children_jiffies)"; }
other_pct() {
    local now
    times >"$TMP/times"
    now="$(cpu_busy_total) $(proc_jiffies "${1:-0}") $(children_jiffies)"
    OTHER_PCT="$(awk -v a="$OTHER_MARK" -v b="$now" 'BEGIN { split(a, x, " "); split(b, y, " ")
        total = y[2] - x[2]; other = (y[1] - x[1]) - (y[3] - x[3]) - (y[4] - x[4])
        if (other < 0) other = 0; printf "%.0f", (total > 0) ? 100 * other / total : 0 }')"
}
wait_quiet() {
    local waited=0
    while :; do
        other_start "${1:-0}"; sleep 1; other_pct "${1:-0}"
        if [ "$OTHER_PCT" -lt "$QUIET_PCT" ]; then [ "$waited" -eq 0 ] || log "  machine quiet after ${waited} s"; return 0; fi
        if [ "$waited" -ge "$QUIET_WAIT" ]; then log "  machine still busy ($OTHER_PCT % CPU by others) after ${waited} s; measuring anyway"; return 0; fi
        [ "$waited" -gt 0 ] || log "  machine busy ($OTHER_PCT % CPU by others); waiting up to ${QUIET_WAIT} s"
        sleep 4; waited=$(( waited + 5 ))
    done
}

publish() {
    local attempt
    for attempt in 1 2 3 4; do
        if dotnet publish "$@" >"$LOGS/publish-training.log" 2>&1; then return 0; fi
        log "publish $1 failed (attempt $attempt), retrying in $((attempt * 10)) s; see $LOGS/publish-training.log"
        sleep $((attempt * 10))
    done
    tail -n 30 "$LOGS/publish-training.log" >&2
    die "dotnet publish $1 failed"
}
COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$REPO" status --porcelain -- src bench/Training 2>/dev/null)" ]; then COMMIT="$COMMIT + uncommitted changes"; fi
if [ "${BENCH_SKIP_PUBLISH:-0}" != 1 ]; then
    log "publishing Pauta (Release, ReadyToRun) -> bench/results/app"
    publish "$REPO/src/Pauta.Web" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$APP"
    log "publishing the bare ceiling app -> bench/results/bare"
    publish "$REPO/bench/Bare" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$BARE"
    log "publishing the seeding tool -> bench/results/training"
    publish "$REPO/bench/Training" -c Release -r linux-x64 --self-contained false -o "$TOOL"
fi

PID=""
PORT=""
wait_healthy() {
    local deadline=$(( $(date +%s) + HEALTH_TIMEOUT_S )) code
    while :; do
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/healthz" || true)"
        [ "$code" = 200 ] && return 0
        kill -0 "$PID" 2>/dev/null || die "server exited before /healthz answered; see $LOGS"
        [ "$(date +%s)" -lt "$deadline" ] || die "no 200 from /healthz within ${HEALTH_TIMEOUT_S} s; see $LOGS"
        sleep 0.1
    done
}

DB="$TMP/pauta.db"
PORT="$(free_port)"
(
    cd "$APP"
    export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$PORT" ConnectionStrings__Pauta="Data Source=$DB"
    export Pauta__Demo__Enabled=true Pauta__SignInRateLimit__PermitsPerMinute=1000000 Logging__LogLevel__Default=Warning
    exec dotnet Pauta.Web.dll
) >"$LOGS/pauta-training.log" 2>&1 &
PID=$!
STARTED+=("$PID")
wait_healthy
SERVER_PID="$PID"
BASE="http://127.0.0.1:$PORT"

log "seeding $PEOPLE people x $PROTOCOLS protocols"
dotnet "$TOOL/Training.dll" seed --provider Sqlite --connection "Data Source=$DB" --people "$PEOPLE" --protocols "$PROTOCOLS" >"$TMP/seed.json" 2>"$LOGS/seed-training.log" \
    || { tail -n 30 "$LOGS/seed-training.log" >&2; die "seeding failed"; }
SEED="$(cat "$TMP/seed.json")"
log "  $SEED"

JAR="$TMP/cookies.txt"
html="$(curl -sS --max-time 10 -c "$JAR" -b "$JAR" "$BASE/account/signin")"
token="$( { printf "%s" "$html" | grep -o -m 1 '__RequestVerificationToken"[^>]*value="[^"]*"' || true; } | sed -n '1{s/.*value="//; s/"$//; p}')"
code="$(curl -sS --max-time 10 -c "$JAR" -b "$JAR" -o /dev/null -w '%{http_code}' --data-urlencode "Input.Email=lucia@suarez.example" \
    --data-urlencode "Input.Password=Pauta-demo-1" --data-urlencode "__RequestVerificationToken=$token" "$BASE/account/signin")"
[ "$code" = 302 ] || die "sign-in as the manager answered $code"
COOKIE="$(awk -F'\t' 'NF >= 7 && $6 ~ /^\.Pauta\.Auth/ { s = s (s ? "; " : "") $6 "=" $7 } END { print s }' "$JAR")"

read -r mcode MATRIX_BYTES MATRIX_FIRST < <(curl -sS --max-time 60 -o "$RESULTS/matrix.html" -w '%{http_code} %{size_download} %{time_total}\n' \
    -H "Cookie: $COOKIE" "$BASE/training/matrix")
[ "$mcode" = 200 ] || die "GET /training/matrix answered $mcode"
ROWS="$(grep -o '<tr id="m-' "$RESULTS/matrix.html" | wc -l)"
COLS="$(grep -o '<th scope="col" class="protocol"' "$RESULTS/matrix.html" | wc -l)"
[ "$ROWS" = 50 ] && [ "$COLS" = "$PROTOCOLS" ] || die "the matrix has $ROWS rows x $COLS columns, expected 50 x $PROTOCOLS"
log "matrix page: $MATRIX_BYTES B, $ROWS rows x $COLS columns (first request ${MATRIX_FIRST} s)"
read -r _ CSV_BYTES CSV_TIME < <(curl -sS --max-time 120 -o /dev/null -w '%{http_code} %{size_download} %{time_total}\n' -H "Cookie: $COOKIE" "$BASE/training/matrix?format=csv")
read -r _ API_BYTES API_TIME < <(curl -sS --max-time 60 -o /dev/null -w '%{http_code} %{size_download} %{time_total}\n' -H "Cookie: $COOKIE" "$BASE/api/v1/training/matrix")
read -r _ XAPI_BYTES XAPI_TIME < <(curl -sS --max-time 60 -o /dev/null -w '%{http_code} %{size_download} %{time_total}\n' -H "Cookie: $COOKIE" "$BASE/api/v1/training/xapi/statements?limit=1000")

# wrk_run <name> <threads> <connections> <url> [header]: warm-up, measured run; sets R_RPS R_P50 R_P95 R_P99 R_MAX R_ERR R_OTHER
wrk_run() {
    local name="$1" t="$2" c="$3" url="$4" header="${5:-}" f="$RESULTS/wrk-training-$1.txt" args pid rc=0
    args=(-t"$t" -c"$c" --latency --timeout 10s -s "$LUA")
    [ -z "$header" ] || args+=(-H "$header")
    wait_quiet "$SERVER_PID"
    wrk "${args[@]}" -d"$WARMUP" "$url" >"$RESULTS/wrk-training-$name-warmup.txt" 2>&1 &
    pid=$!; STARTED+=("$pid"); wait "$pid" || rc=$?; forget_pid "$pid"; [ "$rc" -eq 0 ] || die "wrk warm-up failed"
    other_start "$SERVER_PID"
    wrk "${args[@]}" -d"$DURATION" "$url" >"$f" 2>&1 &
    pid=$!; STARTED+=("$pid"); wait "$pid" || rc=$?; forget_pid "$pid"; [ "$rc" -eq 0 ] || die "wrk failed; see $f"
    other_pct "$SERVER_PID"
    R_OTHER="$OTHER_PCT"
    R_RPS="$(awk '/^Requests\/sec:/ { printf "%.1f", $2 }' "$f")"
    read -r R_P50 R_P95 R_P99 R_MAX < <(awk '$1 == "PCT" { print $2, $3, $4, $5 }' "$f")
    R_ERR="$(awk '/Non-2xx or 3xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$f")"
    log "  $name: $R_RPS req/s, p50 $R_P50 ms, p95 $R_P95 ms, p99 $R_P99 ms, max $R_MAX ms, errors $R_ERR, other CPU $R_OTHER %"
}

log "matrix page, one request at a time (server time)"
wrk_run matrix-serial 1 1 "$BASE/training/matrix" "Cookie: $COOKIE"
S_RPS=$R_RPS S_P50=$R_P50 S_P95=$R_P95 S_P99=$R_P99 S_MAX=$R_MAX S_ERR=$R_ERR S_OTHER=$R_OTHER
log "matrix page, 64 connections"
wrk_run matrix-load 2 64 "$BASE/training/matrix" "Cookie: $COOKIE"
L_RPS=$R_RPS L_P50=$R_P50 L_P95=$R_P95 L_P99=$R_P99 L_MAX=$R_MAX L_ERR=$R_ERR L_OTHER=$R_OTHER
stop_pid "$SERVER_PID"

log "bare ceiling serving $MATRIX_BYTES B"
PORT="$(free_port)"
( cd "$BARE"; export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$PORT" Logging__LogLevel__Default=Warning; exec dotnet Bare.dll --bytes "$MATRIX_BYTES" ) >"$LOGS/bare-training.log" 2>&1 &
PID=$!; STARTED+=("$PID"); SERVER_PID="$PID"
wait_healthy
wrk_run bare-serial 1 1 "http://127.0.0.1:$PORT/page"
BS_RPS=$R_RPS BS_P50=$R_P50 BS_P95=$R_P95 BS_P99=$R_P99 BS_ERR=$R_ERR BS_OTHER=$R_OTHER
wrk_run bare-load 2 64 "http://127.0.0.1:$PORT/page"
BL_RPS=$R_RPS BL_P50=$R_P50 BL_P95=$R_P95 BL_P99=$R_P99 BL_ERR=$R_ERR BL_OTHER=$R_OTHER
stop_pid "$SERVER_PID"

VERDICT="$(awk -v p="$S_P95" 'BEGIN { print (p <= 100) ? "**met**" : "**missed**" }')"
cat >"$RESULTS/training-latest.md" <<EOT
# Pauta training matrix benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')

Code: commit $COMMIT. Machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo). SQLite (WAL) in a temp dir,
Production environment, loopback only. Seed: $SEED.
Page: /training/matrix as the demo manager, 50 people × $COLS protocols, $MATRIX_BYTES B (first request ${MATRIX_FIRST} s).
Other requests (curl, once): CSV of every page $CSV_BYTES B in ${CSV_TIME} s; GET /api/v1/training/matrix $API_BYTES B in ${API_TIME} s;
GET /api/v1/training/xapi/statements?limit=1000 $XAPI_BYTES B in ${XAPI_TIME} s.

| Load (wrk, $WARMUP warm-up, $DURATION measured) | req/s | p50 ms | p95 ms | p99 ms | errors | other CPU % |
|---|---:|---:|---:|---:|---:|---:|
| Matrix, 1 connection (server time + loopback) | $S_RPS | $S_P50 | $S_P95 | $S_P99 | $S_ERR | $S_OTHER |
| Matrix, 64 connections | $L_RPS | $L_P50 | $L_P95 | $L_P99 | $L_ERR | $L_OTHER |
| Bare ceiling, same bytes, 1 connection | $BS_RPS | $BS_P50 | $BS_P95 | $BS_P99 | $BS_ERR | $BS_OTHER |
| Bare ceiling, same bytes, 64 connections | $BL_RPS | $BL_P50 | $BL_P95 | $BL_P99 | $BL_ERR | $BL_OTHER |

Goal: matrix server time p95 ≤ 100 ms — measured $S_P95 ms: $VERDICT.
EOT
cat "$RESULTS/training-latest.md"
