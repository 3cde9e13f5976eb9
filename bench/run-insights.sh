#!/usr/bin/env bash
# Insights benchmark at scale: a generated history of BENCH_CONTACTS (1,000,000) contacts (about 13 actions each) on
# PostgreSQL and on SQLite, then every dashboard query's p95 server time.
#
#   bench/run-insights.sh
#
# 1. Publishes Pauta (Release, ReadyToRun) to bench/results/app and the `pauta` tool to bench/results/cli.
# 2. For each database: a fresh one (SQLite: a file in a temp folder; PostgreSQL: a throwaway loopback cluster, fsync on),
#    Pauta started once on it (migrations + the demo organisation with its own past), stopped; then
#    `pauta demo generate --contacts N --org tiendas-suarez --days 90 --seed 1 --until <fixed instant>` writes the history
#    in bulk (SQLite: prepared statements in big transactions; PostgreSQL: binary COPY) and reports its rate.
# 3. The database size (SQLite file + WAL; pg_database_size).
# 4. measure_insights_queries: every dashboard query's p95 server time through the insights reader (see below).
# 5. Writes bench/results/insights-latest.md and prints it; BENCHMARKS.md takes its rows.
#
# Knobs: BENCH_CONTACTS=1000000 BENCH_PROVIDERS="postgres sqlite" BENCH_SKIP_PUBLISH=0 BENCH_UNTIL=2026-03-03T09:30:00Z
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$REPO/bench/results"
APP="$RESULTS/app"
CLI="$RESULTS/cli"
LOGS="$RESULTS/logs"
CONTACTS="${BENCH_CONTACTS:-1000000}"
PROVIDERS="${BENCH_PROVIDERS:-postgres sqlite}"
UNTIL="${BENCH_UNTIL:-2026-03-03T09:30:00Z}"
HEALTH_TIMEOUT_S=300

log() { printf 'bench-insights: %s\n' "$*" >&2; }
die() { printf 'bench-insights: error: %s\n' "$*" >&2; exit 1; }
# shellcheck source=bench/lib-processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-processes.sh"

for tool in dotnet curl awk; do command -v "$tool" >/dev/null 2>&1 || die "$tool is required"; done
mkdir -p "$RESULTS" "$LOGS"
TMP="$(mktemp -d -t pauta-bench-insights.XXXXXX)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p=$(( 20000 + RANDOM % 20000 )); while port_in_use "$p"; do p=$((p + 1)); done; echo "$p"; }

start_postgres() {
    local f port=55632 attempt locale=C
    f="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$f" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (scripts/test.sh installs them)"
    PG_BIN="$(dirname "$f")"
    PG_TMP="$(mktemp -d /tmp/pauta-bench-pg.XXXXXXXX)"
    if is_root; then id -u postgres >/dev/null 2>&1 || die "OS user 'postgres' does not exist"; chown postgres: "$PG_TMP"; fi
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=C.UTF-8; fi
    as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale="$locale" >"$LOGS/pg-initdb-insights.log" 2>&1 \
        || { cat "$LOGS/pg-initdb-insights.log" >&2; die "initdb failed"; }
    PG_PORT=""
    for attempt in 1 2 3 4 5; do
        while port_in_use "$port"; do port=$((port + 1)); done
        if as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w -t 30 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TMP -c fsync=on -c synchronous_commit=on -c max_wal_size=4GB -c shared_buffers=512MB" \
            start >/dev/null; then PG_PORT=$port; break; fi
        log "PostgreSQL failed to start on port $port (attempt $attempt)"
        port=$((port + 1))
    done
    [ -n "$PG_PORT" ] || { tail -n 30 "$PG_TMP/log" >&2 || true; die "could not start PostgreSQL"; }
    PG_VERSION="$("$PG_BIN/postgres" --version | awk '{ print $3 }')"
    log "PostgreSQL $PG_VERSION listening on 127.0.0.1:$PG_PORT"
}

publish() {
    if ! dotnet publish "$@" >"$LOGS/publish-insights.log" 2>&1; then tail -n 30 "$LOGS/publish-insights.log" >&2; die "dotnet publish $1 failed"; fi
}
COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ "${BENCH_SKIP_PUBLISH:-0}" != 1 ]; then
    log "publishing Pauta (Release, ReadyToRun) -> bench/results/app and the pauta tool -> bench/results/cli"
    publish "$REPO/src/Pauta.Web" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$APP"
    publish "$REPO/src/Pauta.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$CLI"
fi

# Starts Pauta on the database once (migrations, the demo organisation), waits for /healthz, stops it.
prepare() {
    local provider="$1" cs="$2" port pid deadline code
    port="$(free_port)"
    (
        cd "$APP"
        export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" Pauta__Database__Provider="$provider"
        export ConnectionStrings__Pauta="$cs" Pauta__Demo__Enabled=true Logging__LogLevel__Default=Warning
        # A name with dots cannot be exported by the shell: env passes it (the demo seed's timing line).
        exec env "Logging__LogLevel__Pauta.Web.Features.Demo.DemoSeeder=Information" dotnet Pauta.Web.dll
    ) >"$LOGS/pauta-insights-$provider.log" 2>&1 &
    pid=$!
    STARTED+=("$pid")
    deadline=$(( $(date +%s) + HEALTH_TIMEOUT_S ))
    while :; do
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/healthz" || true)"
        [ "$code" = 200 ] && break
        kill -0 "$pid" 2>/dev/null || die "Pauta exited before /healthz answered; see $LOGS/pauta-insights-$provider.log"
        [ "$(date +%s)" -lt "$deadline" ] || die "no 200 from /healthz within ${HEALTH_TIMEOUT_S} s"
        sleep 0.2
    done
    stop_pid "$pid"
    grep -h "Demo organisation seeded" "$LOGS/pauta-insights-$provider.log" | sed 's/^ *//' >>"$TMP/seed.txt" || true
}

# The dashboard queries' server time, one line per query: "| query (filter) | p50 ms | p95 ms |", then a same-run
# ceiling (a plain SQL SUM … GROUP BY day over the same all-agents counter rows). bench/Insights runs every query of
# InsightsReader.Queries over the generated history (90 days, one agent, one protocol, the last week), 3 warm-up and
# 20 timed runs each, in process (one scope per query, as a request has). INSIGHTS_SHAPE=N instead replaces the
# organisation's counter rows with rows shaped like N contacts (when generating N contacts takes too long).
measure_insights_queries() {
    local provider="$1" cs="$2"
    if [ -d "$REPO/bench/Insights" ]; then
        dotnet run -c Release --project "$REPO/bench/Insights" -- --provider "$provider" --connection "$cs" --org tiendas-suarez \
            --shape "${INSIGHTS_SHAPE:-0}"
    else
        echo "| (insights reader not measured: bench/Insights is missing; fill measure_insights_queries) | — |"
    fi
}

OUT="$RESULTS/insights-latest.md"
{
    echo "## Generated history and insights ($(date -u '+%Y-%m-%d %H:%M') UTC, commit \`$COMMIT\`)"
    echo
    echo "| Database | Contacts | Actions | Audit entries | Generation | Contacts/s | Actions/s | CPU | Database size |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$OUT"
QUERIES="$TMP/queries.md"
: >"$QUERIES"

for provider in $PROVIDERS; do
    case "$provider" in
        sqlite)
            DB="$TMP/pauta.db"
            CS="Data Source=$DB"
            PROVIDER=Sqlite
            ;;
        postgres)
            [ -n "$PG_TMP" ] || start_postgres
            "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE pauta_insights_bench" >/dev/null
            CS="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=pauta_insights_bench;Command Timeout=0"
            PROVIDER=Postgres
            ;;
        *) die "unknown provider '$provider' (sqlite or postgres)" ;;
    esac
    log "$provider: migrating and seeding the demo"
    prepare "$PROVIDER" "$CS"
    log "$provider: generating $CONTACTS contacts"
    dotnet "$CLI/pauta.dll" demo generate --provider "$PROVIDER" --connection "$CS" --contacts "$CONTACTS" --org tiendas-suarez \
        --days 90 --seed 1 --until "$UNTIL" >"$TMP/generate.txt" 2>"$LOGS/generate-$provider.log" \
        || { tail -n 30 "$LOGS/generate-$provider.log" >&2; die "generation on $provider failed"; }
    line="$(cat "$TMP/generate.txt")"
    log "  $line"
    case "$provider" in
        sqlite) size="$(du -cb "$DB"* | awk 'END { printf "%.2f GB", $1 / 1e9 }')" ;;
        postgres) size="$("$PG_BIN/psql" -tA -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "SELECT round(pg_database_size('pauta_insights_bench') / 1e9, 2) || ' GB'")" ;;
    esac
    # "Generated N contacts, A actions, E audit entries in S s (C contacts/s, R actions/s; U s of CPU)."
    cells="$(sed -E 's/^Generated ([0-9,]+) contacts, ([0-9,]+) actions, ([0-9,]+) audit entries in ([0-9.,]+) s \(([0-9,]+) contacts\/s, ([0-9,]+) actions\/s; ([0-9.,]+) s of CPU\)\.$/\1 | \2 | \3 | \4 s | \5 | \6 | \7 s/' <<<"$line")"
    echo "| $provider | $cells | $size |" >>"$OUT"
    { echo; echo "### $provider: dashboard queries, p95 server time at $CONTACTS contacts"; echo; echo "| Query | p50 ms | p95 ms |"; echo "|---|---:|---:|"
      measure_insights_queries "$PROVIDER" "$CS"; } >>"$QUERIES"
done

cat "$QUERIES" >>"$OUT"
{ echo; echo "First-run seed of the demo (Release, ReadyToRun):"; echo; sed 's/^/- /' "$TMP/seed.txt" 2>/dev/null || true; } >>"$OUT"
echo >>"$OUT"
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)." >>"$OUT"
cat "$OUT"
