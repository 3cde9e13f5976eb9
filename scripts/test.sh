#!/usr/bin/env bash
# Runs the whole Pauta test suite: ensures chromium, PostgreSQL and HAProxy are installed,
# starts a throwaway PostgreSQL cluster on a free loopback port, runs
# `dotnet test` on Pauta.slnx and prints a one-line "N passed, N failed" summary.
# Extra arguments are passed through to `dotnet test`, e.g.
#   scripts/test.sh --filter FullyQualifiedName~Tenant
# Exit code is dotnet test's exit code (1 if no tests ran at all).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$REPO_ROOT/artifacts/test-results"
CHROMIUM=/usr/bin/chromium

log() { echo "test.sh: $*" >&2; }
die() { echo "test.sh: error: $*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Newest installed PostgreSQL *server* bin dir, or empty if none. Looks for
# initdb because a client-only version dir has psql but no server binaries.
find_pg_bin() {
    local f
    f="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$f" ]; then dirname "$f"; fi
}

command -v dotnet >/dev/null 2>&1 || die "dotnet (the .NET 10 SDK) is not on PATH"

# ---------------------------------------------------------------------------
# 1. Debian packages: install only what is missing, apt-get update at most once.
# ---------------------------------------------------------------------------
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
[ -n "$(find_pg_bin)" ] || missing+=(postgresql)
# The three-node test (tests/Pauta.Cluster.Tests) puts a real HAProxy in front of the nodes.
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)

if [ "${#missing[@]}" -gt 0 ]; then
    is_root || die "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
    log "installing missing packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}"
fi

[ -x "$CHROMIUM" ] || die "$CHROMIUM not found after installing chromium"
PG_BIN="$(find_pg_bin)"
[ -n "$PG_BIN" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
log "using PostgreSQL from $PG_BIN"

# PostgreSQL refuses to run as root, so as root every server command runs as
# the `postgres` OS user (created by the Debian package).
if is_root; then
    id -u postgres >/dev/null 2>&1 || die "OS user 'postgres' does not exist"
fi

# ---------------------------------------------------------------------------
# 2. Throwaway PostgreSQL cluster, always torn down on exit.
# ---------------------------------------------------------------------------
# Under /tmp (not $TMPDIR) so the postgres user can reach it and the Unix
# socket path stays well below the 107-byte limit.
PG_TMP="$(mktemp -d /tmp/pauta-pg.XXXXXXXX)"
PG_DATA="$PG_TMP/data"
PG_LOG="$PG_TMP/log"

# Run a command as the postgres user (as root) or as ourselves (non-root).
# cd into PG_TMP so the postgres user never sits in a directory it can't read.
as_pg() {
    if is_root; then
        (cd "$PG_TMP" && runuser -u postgres -- "$@")
    else
        (cd "$PG_TMP" && "$@")
    fi
}

cleanup() {
    local rc=$?
    set +e
    if [ -f "$PG_DATA/postmaster.pid" ]; then
        if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" stop -m immediate -w >/dev/null 2>&1; then
            # pg_ctl failed: kill the postmaster directly so nothing is left behind.
            local pid
            pid="$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null)"
            [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
            sleep 1
        fi
    fi
    rm -rf "$PG_TMP"
    exit "$rc"
}
trap cleanup EXIT
# Turn Ctrl-C / kill into a normal exit so the EXIT trap always runs.
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

is_root && chown postgres: "$PG_TMP"

# C.UTF-8 is what we want; fall back to C where that locale doesn't exist.
PG_LOCALE=C
if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then PG_LOCALE=C.UTF-8; fi

as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 \
    --locale="$PG_LOCALE" >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; die "initdb failed"; }

# Is something already listening on 127.0.0.1:$1?  (bash /dev/tcp: no extra tools)
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Pick a free port from 55432 upward. Another process can still grab it before
# postgres binds it, so a failed start simply moves on to the next free port.
PG_PORT=""
port=55432
for attempt in 1 2 3 4 5; do
    while port_in_use "$port"; do port=$((port + 1)); done
    # Loopback only; fsync etc. off because the data is thrown away anyway.
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null; then
        PG_PORT=$port
        break
    fi
    log "PostgreSQL failed to start on port $port (attempt $attempt)"
    port=$((port + 1))
done
if [ -z "$PG_PORT" ]; then
    tail -n 30 "$PG_LOG" >&2 || true
    die "could not start PostgreSQL"
fi

# pg_ctl -w already waits, but make sure TCP connections work (bounded ~30 s).
for _ in $(seq 1 60); do
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres; then break; fi
    sleep 0.5
done
"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres \
    || { tail -n 30 "$PG_LOG" >&2 || true; die "PostgreSQL on 127.0.0.1:$PG_PORT is not accepting connections"; }
log "PostgreSQL listening on 127.0.0.1:$PG_PORT"

export PAUTA_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=postgres;Include Error Detail=true;Pooling=true;Maximum Pool Size=50"
export PAUTA_CHROMIUM="$CHROMIUM"

# ---------------------------------------------------------------------------
# 3. Run the tests. Capture the exit code instead of letting set -e abort,
#    so the summary is always printed.
# ---------------------------------------------------------------------------
cd "$REPO_ROOT"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

test_rc=0
if [ "$#" -eq 0 ]; then
    # The whole suite: build the solution once, then run the test assemblies one after another without building them
    # again. Each project's output goes to the console with its name in front, and its time is printed when it ends.
    # Two lanes at once (the web tests beside the rest) were measured on a quiet 2-core machine: 1,384 s against 1,403 s
    # one after another, because the suite is CPU-bound, and the starved lanes made a kill-9 test's sign-in time out;
    # so one lane. The three-node test runs last, alone, so its three app starts do not eat the journeys' time-outs.
    SECONDS=0
    build_rc=0
    dotnet build Pauta.slnx -c Release -nologo || build_rc=$?
    log "build: ${SECONDS} s (exit $build_rc)"
    if [ "$build_rc" -ne 0 ]; then
        test_rc=$build_rc
    else
        # Runs one test project (already built) and prints its exit code and duration.
        run_project() {
            local name="$1" start=$SECONDS rc=0
            dotnet test "tests/$name/$name.csproj" -c Release --no-build --logger "trx;LogFilePrefix=$name" \
                --results-directory "$RESULTS" 2>&1 | sed -u "s/^/[$name] /" || rc=$?
            log "$name: $((SECONDS - start)) s (exit $rc)"
            return "$rc"
        }
        # Runs the given projects one after another; fails if any failed, but always runs them all.
        run_lane() {
            local rc=0 name
            for name in "$@"; do run_project "$name" || rc=1; done
            return "$rc"
        }
        run_lane Pauta.Core.Tests Pauta.Protocols.Tests Pauta.Web.Tests Pauta.Cli.Tests Pauta.Browser.Tests \
            Pauta.Cluster.Tests || test_rc=1
        log "tests: ${SECONDS} s in all"
    fi
else
    dotnet test Pauta.slnx -c Release --logger "trx;LogFilePrefix=results" --results-directory "$RESULTS" "$@" || test_rc=$?
fi

# ---------------------------------------------------------------------------
# 4. Summary: sum <Counters .../> from every .trx (plain grep/sed, no python).
# ---------------------------------------------------------------------------
# Value of attribute $1 in the Counters element text $2 (0 if absent).
counter_attr() {
    local v
    v="$(printf '%s' "$2" | sed -n "s/.*[[:space:]]$1=\"\([0-9]*\)\".*/\1/p")"
    echo "${v:-0}"
}

trx_count=0
executed=0 passed=0 failed=0 skipped=0
while IFS= read -r -d '' trx; do
    trx_count=$((trx_count + 1))
    # Join lines first in case the element is wrapped; take the first Counters tag.
    counters="$(tr '\n\r' '  ' <"$trx" | grep -o '<Counters[[:space:]][^>]*>' | head -n 1 || true)"
    [ -n "$counters" ] || { log "no <Counters> element in $trx"; continue; }
    executed=$((executed + $(counter_attr executed "$counters")))
    passed=$((passed + $(counter_attr passed "$counters")))
    # Errors/timeouts/aborts are failures too as far as we are concerned.
    failed=$((failed + $(counter_attr failed "$counters") + $(counter_attr error "$counters") \
        + $(counter_attr timeout "$counters") + $(counter_attr aborted "$counters")))
    skipped=$((skipped + $(counter_attr notExecuted "$counters")))
done < <(find "$RESULTS" -type f -name '*.trx' -print0)

if [ "$trx_count" -eq 0 ]; then
    die "no .trx test results under $RESULTS (dotnet test exit code $test_rc)"
fi
if [ "$executed" -eq 0 ]; then
    die "no tests were executed (dotnet test exit code $test_rc)"
fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"

# A failed test must never look like success, even if dotnet test returned 0.
if [ "$test_rc" -eq 0 ] && [ "$failed" -gt 0 ]; then test_rc=1; fi
exit "$test_rc"
