#!/usr/bin/env bash
# Pauta performance snapshot, loopback only, bounded durations (about 5 minutes on a quiet machine,
# longer while others keep the CPU busy: see BENCH_QUIET_WAIT).
#
#   bench/run.sh
#
# 1. Publishes Release builds of Pauta (bench/results/app) and of the bare ceiling app
#    (bench/Bare -> bench/results/bare).
# 2. Cold start: launch -> first 200 from /healthz, three times on a fresh SQLite database
#    ("first run": migrate + demo seed) and each time again on that same database ("restart").
# 3. Signs in as the demo agent with curl and runs wrk (-t2 -c64, 5 s warm-up, 15 s measured)
#    against GET /account/signin (anonymous) and GET /org-chart (signed in).
# 4. Runs the same wrk measure against the bare app BUILDING, per request, a page of the same byte size (the
#    ceiling since issue 13), and once against it serving precomputed bytes of the protocol page's size (the
#    ceiling before issue 13, kept for continuity).
# 5. Idle RSS of Pauta after startup + 10 s idle, and after the load + 10 s idle.
# 6. Writes bench/results/latest.md and prints it. Every process started here is killed on exit.
#
# Knobs (defaults are the published figures; smaller values only for smoke-testing the script):
#   BENCH_DURATION=15s BENCH_WARMUP=5s BENCH_IDLE=10 BENCH_COLD_RUNS=3 BENCH_SKIP_PUBLISH=0
#   BENCH_QUIET_WAIT=90  before each phase, wait up to this many seconds for the machine to be idle
#                 (other CPU < 15 %); the figures record how busy other processes kept it regardless.
#   BENCH_HEALTH_TIMEOUT=90  seconds to wait for a first 200 from /healthz (raise it on a busy machine).
#   BENCH_LIGHT_CONNECTIONS=4  the protocol page and its ceiling are also measured at this many connections (latency
#                 without the queue 64 connections build on 2 cores).
#   BENCH_DIAG=1  also measures /healthz and /org-chart with the antiforgery cookie a browser
#                 would send back (to see what dominates the page cost); off by default.
#
# wrk and the server share the machine's cores: the figures are relative, not capacity planning.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$REPO/bench/results"
APP="$RESULTS/app"
BARE="$RESULTS/bare"
LOGS="$RESULTS/logs"

DURATION="${BENCH_DURATION:-15s}"
WARMUP="${BENCH_WARMUP:-5s}"
IDLE="${BENCH_IDLE:-10}"
COLD_RUNS="${BENCH_COLD_RUNS:-3}"
THREADS=2
CONNECTIONS=64
LIGHT_CONNECTIONS="${BENCH_LIGHT_CONNECTIONS:-4}"
HEALTH_TIMEOUT_S="${BENCH_HEALTH_TIMEOUT:-90}"
QUIET_WAIT="${BENCH_QUIET_WAIT:-90}"
QUIET_PCT=15

DEMO_EMAIL="sofia@suarez.example"
DEMO_PASSWORD="Pauta-demo-1"

log() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- process bookkeeping
STARTED=()   # every background pid this script starts; the trap ends them whatever happens
TMP=""

stop_pid() {
    local pid="$1" i
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; forget_pid "$pid"; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 100); do            # up to 10 s for a graceful shutdown
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
    forget_pid "$pid"
}

# Once a child is reaped its pid may be reused by someone else's process: never signal it again.
forget_pid() {
    local keep=() p
    for p in "${STARTED[@]+"${STARTED[@]}"}"; do [ "$p" = "$1" ] || keep+=("$p"); done
    STARTED=("${keep[@]+"${keep[@]}"}")
}

# sleep that a trapped INT/TERM interrupts at once
pause() {
    local pid
    sleep "$1" &
    pid=$!
    STARTED+=("$pid")
    wait "$pid" || true
    forget_pid "$pid"
}

cleanup() {
    local rc=$? pid
    trap - EXIT INT TERM
    for pid in "${STARTED[@]+"${STARTED[@]}"}"; do stop_pid "$pid"; done
    STARTED=()
    if [ -n "$TMP" ] && [ -d "$TMP" ]; then rm -rf "$TMP"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- prerequisites
if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        log "installing wrk"
        apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
    else
        die "wrk is not installed (apt-get install -y wrk, as root)"
    fi
fi
for tool in dotnet curl awk ss; do command -v "$tool" >/dev/null 2>&1 || die "$tool is required"; done

mkdir -p "$RESULTS" "$LOGS"
TMP="$(mktemp -d -t pauta-bench.XXXXXX)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# A loopback port nobody uses, below the kernel's ephemeral range: wrk's own client sockets take ports
# from that range, and a server started on one of them fails with "address already in use".
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

# ---------------------------------------------------------------- 1. publish
publish() {   # retries: other people build in the same tree, and a shared obj/ can be locked
    local attempt
    for attempt in 1 2 3 4; do
        if dotnet publish "$@" >"$LOGS/publish.log" 2>&1; then return 0; fi
        log "publish $1 failed (attempt $attempt), retrying in $((attempt * 10)) s; see $LOGS/publish.log"
        sleep $((attempt * 10))
    done
    tail -n 30 "$LOGS/publish.log" >&2
    die "dotnet publish $1 failed"
}

# What is measured: the tree as published now (with BENCH_SKIP_PUBLISH=1, whatever was published before).
COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$REPO" status --porcelain -- src 2>/dev/null)" ]; then COMMIT="$COMMIT + uncommitted changes in src/"; fi
if [ "${BENCH_SKIP_PUBLISH:-0}" != 1 ]; then
    log "publishing Pauta (Release) -> bench/results/app"
    # ReadyToRun (precompiled code) as production should publish it: it removes most of the start-up JIT.
    publish "$REPO/src/Pauta.Web" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$APP"
    log "publishing bare ceiling app (Release) -> bench/results/bare"
    publish "$REPO/bench/Bare" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$BARE"
fi
[ -f "$APP/Pauta.Web.dll" ] || die "missing $APP/Pauta.Web.dll"
[ -f "$BARE/Bare.dll" ] || die "missing $BARE/Bare.dll"

# ---------------------------------------------------------------- servers
PID=""        # pid of the server last started
PORT=""
T0=""         # launch time (ns) of the server last started

# start_pauta <database dir> <log name>
# Equivalent to `dotnet bench/results/app/Pauta.Web.dll`, run from the publish folder so the content
# root (appsettings.json, wwwroot for asp-append-version) is the published one.
start_pauta() {
    local dbdir="$1" name="$2"
    PORT="$(free_port)"
    T0="$(now_ns)"
    (
        cd "$APP"
        export ASPNETCORE_ENVIRONMENT=Production
        export ASPNETCORE_URLS="http://127.0.0.1:$PORT"
        export ConnectionStrings__Pauta="Data Source=$dbdir/pauta.db"
        export Pauta__Demo__Enabled=true
        export Pauta__SignInRateLimit__PermitsPerMinute=1000000
        export Logging__LogLevel__Default=Warning
        exec dotnet Pauta.Web.dll
    ) >"$LOGS/$name.log" 2>&1 &
    PID=$!
    STARTED+=("$PID")
}

# start_bare <page bytes>
start_bare() {
    PORT="$(free_port)"
    T0="$(now_ns)"
    (
        cd "$BARE"
        export ASPNETCORE_ENVIRONMENT=Production
        export ASPNETCORE_URLS="http://127.0.0.1:$PORT"
        export Logging__LogLevel__Default=Warning
        exec dotnet Bare.dll --bytes "$1"
    ) >"$LOGS/bare.log" 2>&1 &
    PID=$!
    STARTED+=("$PID")
}

# Running and not a zombie (a crashed child stays a zombie until reaped, and kill -0 still succeeds).
alive() {
    local state
    state="$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)"
    [ -n "$state" ] && [ "$state" != Z ]
}

# Polls /healthz every ~10 ms; prints milliseconds from launch (T0) to the first 200.
wait_healthy() {
    local deadline=$(( $(now_ns) + HEALTH_TIMEOUT_S * 1000000000 )) code
    while :; do
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/healthz" || true)"
        if [ "$code" = 200 ]; then echo $(( ($(now_ns) - T0) / 1000000 )); return 0; fi
        alive "$PID" || die "server (pid $PID) exited before /healthz answered; see $LOGS"
        [ "$(now_ns)" -lt "$deadline" ] || die "no 200 from /healthz within ${HEALTH_TIMEOUT_S} s; see $LOGS"
        sleep 0.01
    done
}

rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# ---------------------------------------------------------------- other load on the machine
# Others may build and test in the same machine while this runs. "Other CPU" is the share of all
# cores used by processes that are neither the server under test nor this script's own children
# (wrk, curl): busy jiffies from /proc/stat, minus the server's utime+stime, minus the children
# time bash's `times` reports for reaped children.
cpu_busy_total() { awk '/^cpu / { b = $2 + $3 + $4 + $7 + $8 + $9; print b, b + $5 + $6; exit }' /proc/stat; }
proc_jiffies() { if [ -r "/proc/$1/stat" ]; then sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; else echo 0; fi; }
# `times` must run in this shell, not in a $(...) subshell whose child counters start at zero.
children_jiffies() {  # second line of `times`: children's user and system time, e.g. 0m1.230s 0m0.450s
    awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub(/s$/, "", a[2]); t += a[1] * 60 + a[2] } printf "%.0f", t * 100 }' "$TMP/times"
}
OTHER_MARK=""
OTHER_PCT=0
other_start() { times >"$TMP/times"; OTHER_MARK="$(cpu_busy_total) $(proc_jiffies "$1") $(children_jiffies)"; }
other_pct() {   # <server pid>: sets OTHER_PCT, % of all cores used by other processes since other_start
    local now
    times >"$TMP/times"
    now="$(cpu_busy_total) $(proc_jiffies "$1") $(children_jiffies)"
    OTHER_PCT="$(awk -v a="$OTHER_MARK" -v b="$now" 'BEGIN { split(a, x, " "); split(b, y, " ")
        total = y[2] - x[2]; other = (y[1] - x[1]) - (y[3] - x[3]) - (y[4] - x[4])
        if (other < 0) other = 0; printf "%.0f", (total > 0) ? 100 * other / total : 0 }')"
}
# Waits (bounded) until the machine is quiet; our own idle server counts as other load here, and
# an idle ASP.NET Core process is well below the threshold.
wait_quiet() {
    local waited=0 pct
    while :; do
        other_start 0
        pause 1
        other_pct 0
        pct="$OTHER_PCT"
        if [ "$pct" -lt "$QUIET_PCT" ]; then
            [ "$waited" -eq 0 ] || log "  machine quiet after ${waited} s"
            return 0
        fi
        if [ "$waited" -ge "$QUIET_WAIT" ]; then log "  machine still busy ($pct % CPU by others) after ${waited} s; measuring anyway"; return 0; fi
        [ "$waited" -gt 0 ] || log "  machine busy ($pct % CPU by others); waiting up to ${QUIET_WAIT} s"
        pause 4
        waited=$(( waited + 5 ))
    done
}

# ---------------------------------------------------------------- wrk
# measure <name> <url> [header]: warm-up, then the measured run; sets W_RPS W_P50 W_P99 W_AVGB W_ERR.
# wrk runs in the background and is waited for, so the trap can end it too.
run_wrk() {
    local out="$1" duration="$2" url="$3" header="${4:-}" pid
    local args=(-t"$THREADS" -c"${WRK_CONNECTIONS:-$CONNECTIONS}" -d"$duration" --latency --timeout 5s)
    if [ -n "$header" ]; then args+=(-H "$header"); fi
    wrk "${args[@]}" "$url" >"$out" 2>&1 &
    pid=$!
    STARTED+=("$pid")
    local rc=0
    wait "$pid" || rc=$?
    forget_pid "$pid"
    [ "$rc" -eq 0 ] || die "wrk failed; see $out"
}

to_ms() {  # 512.00us | 3.21ms | 1.02s | 1.50m
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.2f", n }'
}

measure() {
    local name="$1" url="$2" header="${3:-}" f="$RESULTS/wrk-$1.txt" requests bytes
    wait_quiet
    log "wrk $name: warm-up $WARMUP"
    run_wrk "$RESULTS/wrk-$name-warmup.txt" "$WARMUP" "$url" "$header"
    log "wrk $name: measuring $DURATION"
    other_start "$SERVER_PID"
    local cpu0 cpu1
    cpu0="$(proc_jiffies "$SERVER_PID")"
    run_wrk "$f" "$DURATION" "$url" "$header"
    cpu1="$(proc_jiffies "$SERVER_PID")"
    other_pct "$SERVER_PID"
    W_OTHER="$OTHER_PCT"
    W_RPS="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f")"
    W_P50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")"
    W_P99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")"
    requests="$(awk '/requests in/ { print $1 }' "$f")"
    # "123456 requests in 15.01s, 1.20GB read" -> average bytes per response (headers included):
    # a sanity check that the load got the page and not a redirect.
    bytes="$(awk '/requests in/ { v = $5; n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        m = (u == "KB") ? 1024 : (u == "MB") ? 1048576 : (u == "GB") ? 1073741824 : (u == "TB") ? 1099511627776 : 1
        printf "%.0f", n * m }' "$f")"
    W_AVGB=$(( bytes / (requests > 0 ? requests : 1) ))
    W_ERR="$(awk '/Non-2xx or 3xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$f")"
    [ -n "$W_RPS" ] || die "could not parse $f"
    # Server CPU (utime + stime, from /proc/<pid>/stat) per request served: robust to other load on the machine.
    W_CPU="$(awk -v a="$cpu0" -v b="$cpu1" -v n="$requests" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { printf "%.3f", (n > 0) ? 1000 * (b - a) / hz / n : 0 }')"
    log "  $name: $W_RPS req/s, p50 $W_P50 ms, p99 $W_P99 ms, ~$W_AVGB B/response, errors $W_ERR, server CPU $W_CPU ms/request, other CPU $W_OTHER %"
}

# ---------------------------------------------------------------- 2. cold start
declare -a FIRST_MS RESTART_MS FIRST_RSS RESTART_RSS FIRST_OTHER RESTART_OTHER
for i in $(seq "$COLD_RUNS"); do
    db="$TMP/db$i"; mkdir -p "$db"
    wait_quiet
    log "cold start $i/$COLD_RUNS: first run on an empty database (migrate + seed)"
    other_start 0
    start_pauta "$db" "pauta-first-$i"
    FIRST_MS[i]="$(wait_healthy)"
    FIRST_RSS[i]="$(rss_mb "$PID")"
    other_pct "$PID"
    FIRST_OTHER[i]="$OTHER_PCT"
    log "  ${FIRST_MS[i]} ms (RSS at ready ${FIRST_RSS[i]} MB, other CPU ${FIRST_OTHER[i]} %)"
    stop_pid "$PID"

    wait_quiet
    log "cold start $i/$COLD_RUNS: restart on the existing database"
    other_start 0
    start_pauta "$db" "pauta-restart-$i"
    RESTART_MS[i]="$(wait_healthy)"
    RESTART_RSS[i]="$(rss_mb "$PID")"
    other_pct "$PID"
    RESTART_OTHER[i]="$OTHER_PCT"
    log "  ${RESTART_MS[i]} ms (RSS at ready ${RESTART_RSS[i]} MB, other CPU ${RESTART_OTHER[i]} %)"
    if [ "$i" -lt "$COLD_RUNS" ]; then stop_pid "$PID"; fi
done
PAUTA_PID="$PID"
SERVER_PID="$PAUTA_PID"
BASE="http://127.0.0.1:$PORT"

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
FIRST_MED="$(median "${FIRST_MS[@]}")"
RESTART_MED="$(median "${RESTART_MS[@]}")"

# ---------------------------------------------------------------- 5a. idle memory before the load
log "idle ${IDLE} s, then RSS (the last restarted process, pid $PAUTA_PID, serves the load)"
pause "$IDLE"
RSS_IDLE_BEFORE="$(rss_mb "$PAUTA_PID")"
log "  idle RSS before load: $RSS_IDLE_BEFORE MB"

# ---------------------------------------------------------------- 3. sign in
JAR="$TMP/cookies.txt"
signin_html="$(curl -sS --max-time 10 -c "$JAR" -b "$JAR" "$BASE/account/signin")"
token="$( { printf "%s" "$signin_html" | grep -o -m 1 '__RequestVerificationToken"[^>]*value="[^"]*"' || true; } | sed -n '1{s/.*value="//; s/"$//; p}')"
[ -n "$token" ] || die "no __RequestVerificationToken on /account/signin"
read -r post_code post_location < <(curl -sS --max-time 10 -c "$JAR" -b "$JAR" -o "$TMP/signin-post.html" \
    -w '%{http_code} %{redirect_url}\n' \
    --data-urlencode "Input.Email=$DEMO_EMAIL" --data-urlencode "Input.Password=$DEMO_PASSWORD" \
    --data-urlencode "__RequestVerificationToken=$token" "$BASE/account/signin")
[ "$post_code" = 302 ] || die "sign-in POST answered $post_code, expected 302"
# The auth cookie (and its chunks, should it ever be chunked) from the Netscape-format jar.
AUTH_COOKIE="$(awk -F'\t' 'NF >= 7 && $6 ~ /^\.Pauta\.Auth/ { s = s (s ? "; " : "") $6 "=" $7 } END { print s }' "$JAR")"
[ -n "$AUTH_COOKIE" ] || die "sign-in set no .Pauta.Auth cookie"
AF_COOKIE="$(awk -F'\t' 'NF >= 7 && $6 ~ /^\.Pauta\.Antiforgery/ { print $6 "=" $7; exit }' "$JAR")"
log "signed in as $DEMO_EMAIL (-> $post_location)"

read -r signin_code SIGNIN_BYTES < <(curl -sS --max-time 10 -o "$RESULTS/signin.html" -w '%{http_code} %{size_download}\n' "$BASE/account/signin")
[ "$signin_code" = 200 ] || die "GET /account/signin answered $signin_code"
read -r chart_code PAGE_BYTES < <(curl -sS --max-time 10 -o "$RESULTS/org-chart.html" -w '%{http_code} %{size_download}\n' \
    -H "Cookie: $AUTH_COOKIE" "$BASE/org-chart")
[ "$chart_code" = 200 ] || die "GET /org-chart with the auth cookie answered $chart_code, expected 200 (not a redirect)"
grep -q 'id="orgchart"' "$RESULTS/org-chart.html" || die "/org-chart did not render the chart"
log "/account/signin: $SIGNIN_BYTES B; /org-chart (signed in): $PAGE_BYTES B"

# ---------------------------------------------------------------- 3b. a 30-step protocol, published through the API
# signin_cookie <email>: prints the .Pauta.Auth cookie of a fresh sign-in.
signin_cookie() {
    local jar="$TMP/jar-$1" html tok code
    html="$(curl -sS --max-time 10 -c "$jar" -b "$jar" "$BASE/account/signin")"
    tok="$( { printf "%s" "$html" | grep -o -m 1 '__RequestVerificationToken"[^>]*value="[^"]*"' || true; } | sed -n '1{s/.*value="//; s/"$//; p}')"
    code="$(curl -sS --max-time 10 -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' --data-urlencode "Input.Email=$1" \
        --data-urlencode "Input.Password=$DEMO_PASSWORD" --data-urlencode "__RequestVerificationToken=$tok" "$BASE/account/signin")"
    [ "$code" = 302 ] || die "sign-in as $1 answered $code"
    awk -F'\t' 'NF >= 7 && $6 ~ /^\.Pauta\.Auth/ { s = s (s ? "; " : "") $6 "=" $7 } END { print s }' "$jar"
}
# api <cookie> <method> <path> [json body]: prints the response body; fails on a non-2xx answer.
api() {
    local out="$TMP/api.json" code
    code="$(curl -sS --max-time 30 -o "$out" -w '%{http_code}' -X "$2" -H "Cookie: $1" -H 'Content-Type: application/json' \
        ${4:+--data "$4"} "$BASE$3")"
    case "$code" in 2*) cat "$out" ;; *) die "$2 $3 answered $code: $(head -c 400 "$out")" ;; esac
}
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
MANAGER_COOKIE="$(signin_cookie lucia@suarez.example)"
APPROVER_COOKIE="$(signin_cookie carmen@suarez.example)"
imported="$(curl -sS --max-time 30 -X POST -H "Cookie: $MANAGER_COOKIE" -H 'Content-Type: text/markdown' \
    --data-binary "@$REPO/bench/Protocol/phone-30-steps.md" "$BASE/api/v1/protocols/import?name=phone-30-steps.md")"
PROTOCOL_ID="$(printf '%s' "$imported" | python3 -c 'import json,sys; d=json.load(sys.stdin); d=d[0] if isinstance(d,list) else d; d=d.get("imported",d.get("results",[d])) if isinstance(d,dict) else d; d=d[0] if isinstance(d,list) else d; print(d["id"])')" \
    || die "import answered: $(printf '%s' "$imported" | head -c 400)"
v="$(api "$MANAGER_COOKIE" GET "/api/v1/protocols/$PROTOCOL_ID/draft" | json_field version)"
v="$(api "$MANAGER_COOKIE" POST "/api/v1/protocols/$PROTOCOL_ID/submit" "{\"version\":$v}" | json_field version)"
v="$(api "$APPROVER_COOKIE" POST "/api/v1/protocols/$PROTOCOL_ID/approve" "{\"version\":$v}" | json_field version)"
api "$MANAGER_COOKIE" POST "/api/v1/protocols/$PROTOCOL_ID/publish" "{\"changeSize\":\"Major\",\"changeSummary\":\"Bench\",\"version\":$v}" >/dev/null
read -r proto_code PROTOCOL_BYTES < <(curl -sS --max-time 10 -o "$RESULTS/protocol.html" -w '%{http_code} %{size_download}\n' \
    -H "Cookie: $AUTH_COOKIE" "$BASE/protocols/$PROTOCOL_ID")
[ "$proto_code" = 200 ] || die "GET /protocols/$PROTOCOL_ID as the agent answered $proto_code"
log "published a 30-step protocol ($PROTOCOL_ID); its page for the agent: $PROTOCOL_BYTES B"

# ---------------------------------------------------------------- 3. load on Pauta
measure signin "$BASE/account/signin"
S_RPS=$W_RPS S_P50=$W_P50 S_P99=$W_P99 S_AVGB=$W_AVGB S_ERR=$W_ERR S_OTHER=$W_OTHER S_CPU=$W_CPU
measure org-chart "$BASE/org-chart" "Cookie: $AUTH_COOKIE"
O_RPS=$W_RPS O_P50=$W_P50 O_P99=$W_P99 O_AVGB=$W_AVGB O_ERR=$W_ERR O_OTHER=$W_OTHER O_CPU=$W_CPU
measure protocol "$BASE/protocols/$PROTOCOL_ID" "Cookie: $AUTH_COOKIE"
P_RPS=$W_RPS P_P50=$W_P50 P_P99=$W_P99 P_AVGB=$W_AVGB P_ERR=$W_ERR P_OTHER=$W_OTHER P_CPU=$W_CPU
# The same page at LIGHT_CONNECTIONS connections: its latency without the queue that 64 connections on 2 cores build
# (at 64, a closed loop's mean latency is 64 / req/s, so a p99 of 15 ms needs over 4,267 req/s).
WRK_CONNECTIONS=$LIGHT_CONNECTIONS measure protocol-light "$BASE/protocols/$PROTOCOL_ID" "Cookie: $AUTH_COOKIE"
PL_RPS=$W_RPS PL_P50=$W_P50 PL_P99=$W_P99 PL_AVGB=$W_AVGB PL_ERR=$W_ERR PL_OTHER=$W_OTHER PL_CPU=$W_CPU

# Still signed in after the load (a redirect would have shown up only as a smaller B/response).
read -r after_code _ < <(curl -sS --max-time 10 -o /dev/null -w '%{http_code} %{size_download}\n' -H "Cookie: $AUTH_COOKIE" "$BASE/org-chart")
[ "$after_code" = 200 ] || die "GET /org-chart answered $after_code after the load"

DIAG_ROWS=""
if [ "${BENCH_DIAG:-0}" = 1 ]; then
    measure healthz "$BASE/healthz"
    DIAG_ROWS+="| Pauta \`GET /healthz\` (pipeline + DB ping) | $W_RPS | $W_P50 | $W_P99 | $W_AVGB | $W_CPU | $W_ERR | $W_OTHER |"$'\n'
    if [ -n "$AF_COOKIE" ]; then
        measure org-chart-browser "$BASE/org-chart" "Cookie: $AUTH_COOKIE; $AF_COOKIE"
        DIAG_ROWS+="| Pauta \`GET /org-chart\` with auth + antiforgery cookie | $W_RPS | $W_P50 | $W_P99 | $W_AVGB | $W_CPU | $W_ERR | $W_OTHER |"$'\n'
    fi
fi

# ---------------------------------------------------------------- 5b. idle memory after the load
log "idle ${IDLE} s after the load, then RSS"
pause "$IDLE"
RSS_IDLE_AFTER="$(rss_mb "$PAUTA_PID")"
RSS_PEAK="$(hwm_mb "$PAUTA_PID")"
log "  idle RSS after load: $RSS_IDLE_AFTER MB (peak $RSS_PEAK MB)"
stop_pid "$PAUTA_PID"   # the ceiling gets the machine to itself, as Pauta did

# ---------------------------------------------------------------- 4. bare ceiling
log "bare ceiling app building a page of $PAGE_BYTES B per request"
start_bare "$PAGE_BYTES"
BARE_START_MS="$(wait_healthy)"
read -r bare_code bare_bytes < <(curl -sS --max-time 10 -o /dev/null -w '%{http_code} %{size_download}\n' "http://127.0.0.1:$PORT/page")
[ "$bare_code" = 200 ] && [ "$bare_bytes" = "$PAGE_BYTES" ] || die "bare /page answered $bare_code with $bare_bytes B, expected 200 with $PAGE_BYTES B"
BARE_PID="$PID"
SERVER_PID="$BARE_PID"
measure bare "http://127.0.0.1:$PORT/page"
B_RPS=$W_RPS B_P50=$W_P50 B_P99=$W_P99 B_AVGB=$W_AVGB B_ERR=$W_ERR B_OTHER=$W_OTHER B_CPU=$W_CPU
BARE_RSS="$(rss_mb "$BARE_PID")"
stop_pid "$BARE_PID"

log "bare ceiling app building a page of $PROTOCOL_BYTES B (the protocol page's size) per request"
start_bare "$PROTOCOL_BYTES"
wait_healthy >/dev/null
BARE_PID="$PID"
SERVER_PID="$BARE_PID"
read -r bare_code bare_bytes < <(curl -sS --max-time 10 -o /dev/null -w '%{http_code} %{size_download}\n' "http://127.0.0.1:$PORT/page")
[ "$bare_code" = 200 ] && [ "$bare_bytes" = "$PROTOCOL_BYTES" ] || die "bare /page answered $bare_code with $bare_bytes B, expected 200 with $PROTOCOL_BYTES B"
measure bare-protocol "http://127.0.0.1:$PORT/page"
BP_RPS=$W_RPS BP_P50=$W_P50 BP_P99=$W_P99 BP_AVGB=$W_AVGB BP_ERR=$W_ERR BP_OTHER=$W_OTHER BP_CPU=$W_CPU
measure bare-protocol-static "http://127.0.0.1:$PORT/static"
BS_RPS=$W_RPS BS_P50=$W_P50 BS_P99=$W_P99 BS_AVGB=$W_AVGB BS_ERR=$W_ERR BS_OTHER=$W_OTHER BS_CPU=$W_CPU
WRK_CONNECTIONS=$LIGHT_CONNECTIONS measure bare-protocol-light "http://127.0.0.1:$PORT/page"
BL_RPS=$W_RPS BL_P50=$W_P50 BL_P99=$W_P99 BL_AVGB=$W_AVGB BL_ERR=$W_ERR BL_OTHER=$W_OTHER BL_CPU=$W_CPU
stop_pid "$BARE_PID"

# ---------------------------------------------------------------- 6. report
RATIO="$(awk -v a="$O_RPS" -v b="$B_RPS" 'BEGIN { printf "%.1f", (b > 0) ? 100 * a / b : 0 }')"
P_RATIO="$(awk -v a="$P_RPS" -v b="$BP_RPS" 'BEGIN { printf "%.1f", (b > 0) ? 100 * a / b : 0 }')"
PS_RATIO="$(awk -v a="$P_RPS" -v b="$BS_RPS" 'BEGIN { printf "%.1f", (b > 0) ? 100 * a / b : 0 }')"
verdict() { awk -v ok="$1" 'BEGIN { print (ok) ? "**met**" : "**missed**" }'; }
V_RATIO="$(verdict "$(awk -v r="$RATIO" 'BEGIN { print (r >= 30) }')")"
V_P_RATIO="$(verdict "$(awk -v r="$P_RATIO" 'BEGIN { print (r >= 30) }')")"
V_P_P99="$(verdict "$(awk -v m="$P_P99" 'BEGIN { print (m <= 15) }')")"
V_PL_P99="$(verdict "$(awk -v m="$PL_P99" 'BEGIN { print (m <= 15) }')")"
V_RESTART="$(verdict "$(awk -v m="$RESTART_MED" 'BEGIN { print (m <= 1500) }')")"
V_FIRST="$(verdict "$(awk -v m="$FIRST_MED" 'BEGIN { print (m <= 3000) }')")"
V_MEM_BEFORE="$(verdict "$(awk -v m="$RSS_IDLE_BEFORE" 'BEGIN { print (m <= 150) }')")"
V_MEM_AFTER="$(verdict "$(awk -v m="$RSS_IDLE_AFTER" 'BEGIN { print (m <= 200) }')")"
join_ms() { local IFS=,; echo "$*" | sed 's/,/, /g'; }

CPU="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
RUNTIME="$(dotnet --list-runtimes | awk '/^Microsoft.AspNetCore.App 10\./ { v = $2 } END { print v }')"
WRK_VERSION="$( (wrk -v 2>&1 || true) | awk 'NR == 1 { print $2 }')"

cat >"$RESULTS/latest.md" <<EOF
# Pauta benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')

Code: commit $COMMIT$( [ "${BENCH_SKIP_PUBLISH:-0}" = 1 ] && echo " (publish skipped: the app may be older)").
Machine: $(nproc) cores, $CPU, $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM;
ASP.NET Core runtime $RUNTIME (SDK $(dotnet --version)); wrk $WRK_VERSION (-t$THREADS -c$CONNECTIONS, $WARMUP warm-up, $DURATION measured).
wrk and the server share the same cores, loopback only. SQLite database in a temp dir, Production environment.

| Measure | Value |
|---|---|
| Cold start, first run (migrate + seed), median of $COLD_RUNS | **$FIRST_MED ms** (runs: $(join_ms "${FIRST_MS[@]}") ms; other CPU $(join_ms "${FIRST_OTHER[@]}") %) |
| Cold start, restart on existing db, median of $COLD_RUNS | **$RESTART_MED ms** (runs: $(join_ms "${RESTART_MS[@]}") ms; other CPU $(join_ms "${RESTART_OTHER[@]}") %) |
| RSS at first 200: first run / restart (last) | ${FIRST_RSS[$COLD_RUNS]} MB / ${RESTART_RSS[$COLD_RUNS]} MB |
| Idle RSS, startup + ${IDLE} s | **$RSS_IDLE_BEFORE MB** |
| Idle RSS, after load + ${IDLE} s (peak during run) | **$RSS_IDLE_AFTER MB** ($RSS_PEAK MB) |
| \`/account/signin\` size | $SIGNIN_BYTES B |
| \`/org-chart\` (signed in) size | $PAGE_BYTES B |
| \`/protocols/{id}\` (30 steps, agent) size | $PROTOCOL_BYTES B |

| Load (wrk) | req/s | p50 ms | p99 ms | B/response | server CPU ms/request | errors | other CPU % |
|---|---:|---:|---:|---:|---:|---:|---:|
| Pauta \`GET /account/signin\` (anonymous) | $S_RPS | $S_P50 | $S_P99 | $S_AVGB | $S_CPU | $S_ERR | $S_OTHER |
| Pauta \`GET /org-chart\` (signed in, auth cookie) | $O_RPS | $O_P50 | $O_P99 | $O_AVGB | $O_CPU | $O_ERR | $O_OTHER |
| Pauta \`GET /protocols/{id}\` (agent, published protocol of 30 steps) | $P_RPS | $P_P50 | $P_P99 | $P_AVGB | $P_CPU | $P_ERR | $P_OTHER |
${DIAG_ROWS}| Bare ceiling \`GET /page\`, built per request ($PAGE_BYTES B) | $B_RPS | $B_P50 | $B_P99 | $B_AVGB | $B_CPU | $B_ERR | $B_OTHER |
| Bare ceiling \`GET /page\`, built per request ($PROTOCOL_BYTES B) | $BP_RPS | $BP_P50 | $BP_P99 | $BP_AVGB | $BP_CPU | $BP_ERR | $BP_OTHER |
| Bare ceiling \`GET /static\`, precomputed bytes ($PROTOCOL_BYTES B; the ceiling before issue 13) | $BS_RPS | $BS_P50 | $BS_P99 | $BS_AVGB | $BS_CPU | $BS_ERR | $BS_OTHER |
| Pauta \`GET /protocols/{id}\` at $LIGHT_CONNECTIONS connections | $PL_RPS | $PL_P50 | $PL_P99 | $PL_AVGB | $PL_CPU | $PL_ERR | $PL_OTHER |
| Bare ceiling \`GET /page\` built per request ($PROTOCOL_BYTES B) at $LIGHT_CONNECTIONS connections | $BL_RPS | $BL_P50 | $BL_P99 | $BL_AVGB | $BL_CPU | $BL_ERR | $BL_OTHER |

| Goal | Target | Measured | Verdict |
|---|---|---|---|
| Signed-in page vs ceiling | ≥ 30 % | $RATIO % ($O_RPS / $B_RPS req/s) | $V_RATIO |
| 30-step protocol page vs ceiling built per request | ≥ 30 % | $P_RATIO % ($P_RPS / $BP_RPS req/s) | $V_P_RATIO |
| 30-step protocol page p99 at $CONNECTIONS connections | ≤ 15 ms | $P_P99 ms (the built ceiling's own: $BP_P99 ms; a closed loop of $CONNECTIONS has a mean of $CONNECTIONS / req/s) | $V_P_P99 |
| 30-step protocol page p99 at $LIGHT_CONNECTIONS connections (no queue) | ≤ 15 ms | $PL_P99 ms (the built ceiling's: $BL_P99 ms) | $V_PL_P99 |
| 30-step protocol page vs static-bytes ceiling (for continuity) | — | $PS_RATIO % ($P_RPS / $BS_RPS req/s) | — |
| Cold start, restart on existing db | ≤ 1.5 s | $RESTART_MED ms | $V_RESTART |
| Cold start, first run (migrate + seed) | ≤ 3 s | $FIRST_MED ms | $V_FIRST |
| Idle memory before load | ≤ 150 MB | $RSS_IDLE_BEFORE MB | $V_MEM_BEFORE |
| Idle memory after load | ≤ 200 MB | $RSS_IDLE_AFTER MB | $V_MEM_AFTER |

"Other CPU" is the share of both cores used by processes other than the server under test, wrk and this
script while a figure was taken (others build and test on this machine); above ~10 % the figure is pessimistic.

Bare app: ready in $BARE_START_MS ms, RSS after its load $BARE_RSS MB. Raw wrk output: bench/results/wrk-*.txt; server logs: bench/results/logs/.
EOF

cat "$RESULTS/latest.md"
printf 'bench: summary: protocol page %s req/s (p99 %s ms, %s ms CPU/request; p99 %s ms at %s connections) = %s %% of the built ceiling %s req/s (p99 %s ms; %s %% of static %s); org-chart %s %%; restart %s ms, first run %s ms, RSS %s / %s MB; commit %s; load average %s\n' \
    "$P_RPS" "$P_P99" "$P_CPU" "$PL_P99" "$LIGHT_CONNECTIONS" "$P_RATIO" "$BP_RPS" "$BP_P99" "$PS_RATIO" "$BS_RPS" "$RATIO" "$RESTART_MED" "$FIRST_MED" \
    "$RSS_IDLE_BEFORE" "$RSS_IDLE_AFTER" "$COMMIT" "$(cut -d' ' -f1-3 /proc/loadavg)"
