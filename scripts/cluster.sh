#!/usr/bin/env bash
# Runs Pauta as several stateless nodes behind a real load balancer, all on loopback:
#   a throwaway PostgreSQL cluster (durable: fsync on), N Pauta nodes (default 3, `Pauta__NodeName=node-N`,
#   the same database) and HAProxy in front of them in round robin, WITHOUT sticky sessions.
#
#   scripts/cluster.sh             # start, print the address and the demo sign-in, wait for Ctrl-C, stop everything
#   scripts/cluster.sh --detach    # start and return; the cluster keeps running (state in $PAUTA_CLUSTER_DIR)
#   scripts/cluster.sh --stop      # stop a detached cluster and remove its files
#
# Node 1 migrates the database and seeds the demo organisation; the others start after it with
# Pauta__Database__MigrateOnStart=false. Every response carries `X-Pauta-Node: node-N`, and each node's PostgreSQL
# connections show as `pauta/node-N` in pg_stat_activity.application_name.
#
# Knobs (environment):
#   PAUTA_CLUSTER_NODES=3             how many nodes
#   PAUTA_CLUSTER_PORT=5080           the balancer's port (a free one is picked when it is taken, or when 0)
#   PAUTA_CLUSTER_DIR=/tmp/pauta-cluster   state of a detached cluster: env file, logs, HAProxy config
#   PAUTA_CLUSTER_PAST_CONTACTS       demo past contacts (the app's default, 2500, when unset)
#   PAUTA_CLUSTER_SKIP_PUBLISH=1      reuse artifacts/cluster/app even when src/ changed since
#   PAUTA_CLUSTER_LOG_LEVEL=Warning   the nodes' default log level
# After start, $PAUTA_CLUSTER_DIR/env holds PAUTA_CLUSTER_URL, PAUTA_CLUSTER_NODE_URLS, PAUTA_CLUSTER_NODE_PIDS,
# PAUTA_CLUSTER_HAPROXY_PID, PAUTA_CLUSTER_CONNECTION (for scripts such as bench/run-cluster.sh).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODES="${PAUTA_CLUSTER_NODES:-3}"
WANT_PORT="${PAUTA_CLUSTER_PORT:-5080}"
DIR="${PAUTA_CLUSTER_DIR:-/tmp/pauta-cluster}"
APP="$REPO/artifacts/cluster/app"
LOG_LEVEL="${PAUTA_CLUSTER_LOG_LEVEL:-Warning}"
MODE=foreground
case "${1:-}" in
    "") ;;
    --detach) MODE=detach ;;
    --stop) MODE=stop ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "cluster.sh: unknown argument '$1' (--detach, --stop or nothing)" >&2; exit 2 ;;
esac

log() { echo "cluster.sh: $*" >&2; }
die() { echo "cluster.sh: error: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

PG_BIN=""
find_pg_bin() {
    local f
    f="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$f" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)"
    PG_BIN="$(dirname "$f")"
}
# PostgreSQL refuses to run as root: as root every server command runs as the `postgres` OS user.
as_pg() { if is_root; then (cd "$DIR" && runuser -u postgres -- "$@"); else (cd "$DIR" && "$@"); fi; }

# Stops what a cluster in $DIR started (pids file first, then PostgreSQL), and removes $DIR. Safe to run twice.
stop_all() {
    local pid i
    if [ -f "$DIR/pids" ]; then
        while read -r pid; do
            [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
        done <"$DIR/pids"
        for i in $(seq 50); do any_alive || break; sleep 0.1; done
        while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done <"$DIR/pids"
    fi
    if [ -f "$DIR/pg/data/postmaster.pid" ]; then
        [ -n "$PG_BIN" ] || find_pg_bin
        if ! as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg/data" stop -m fast -w >/dev/null 2>&1; then
            pid="$(head -n 1 "$DIR/pg/data/postmaster.pid" 2>/dev/null || true)"
            [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
            sleep 1
        fi
    fi
    rm -rf "$DIR"
}

any_alive() {
    local pid
    while read -r pid; do kill -0 "$pid" 2>/dev/null && return 0; done <"$DIR/pids"
    return 1
}

if [ "$MODE" = stop ]; then
    [ -d "$DIR" ] || { log "nothing to stop in $DIR"; exit 0; }
    stop_all
    log "stopped the cluster in $DIR"
    exit 0
fi

command -v dotnet >/dev/null 2>&1 || die "dotnet (the .NET 10 SDK) is not on PATH"
# On a fresh machine, as root, install the two Debian packages it needs (as scripts/test.sh does).
missing=()
[ -x "$(command -v haproxy || echo /usr/sbin/haproxy)" ] || missing+=(haproxy)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ] && is_root; then
    log "installing missing packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
HAPROXY="$(command -v haproxy || echo /usr/sbin/haproxy)"
[ -x "$HAPROXY" ] || die "haproxy is not installed (apt-get install haproxy)"
command -v curl >/dev/null 2>&1 || die "curl is required"
find_pg_bin
if [ -e "$DIR" ]; then
    if [ -f "$DIR/pids" ] && any_alive; then die "a cluster is already running in $DIR (scripts/cluster.sh --stop)"; fi
    stop_all   # leftovers of a cluster that died: clear them
fi

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    set +e
    stop_all
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

mkdir -p "$DIR/pg" "$DIR/logs"
: >"$DIR/pids"
is_root && chown postgres: "$DIR" "$DIR/pg"
remember() { echo "$1" >>"$DIR/pids"; }

# A loopback port nobody listens on, below the ephemeral range (clients' own sockets take those).
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

# ---------------------------------------------------------------------------------------------------------------
# 1. Build: a Release publish of Pauta.Web, reused while nothing under src/ is newer than it.
# ---------------------------------------------------------------------------------------------------------------
STAMP="$APP/.published"
if [ "${PAUTA_CLUSTER_SKIP_PUBLISH:-0}" = 1 ] && [ -f "$APP/Pauta.Web.dll" ]; then
    log "reusing $APP (PAUTA_CLUSTER_SKIP_PUBLISH=1)"
elif [ -f "$STAMP" ] && [ -z "$(find "$REPO/src" "$REPO/Directory.Packages.props" "$REPO/Directory.Build.props" -newer "$STAMP" -type f \
        -not -path '*/bin/*' -not -path '*/obj/*' -not -path '*/data/*' -print -quit)" ]; then
    log "reusing $APP (nothing under src/ changed since it was published)"
else
    log "publishing Pauta (Release) -> $APP"
    mkdir -p "$APP"
    dotnet publish "$REPO/src/Pauta.Web" -c Release -o "$APP" >"$DIR/logs/publish.log" 2>&1 \
        || { tail -n 30 "$DIR/logs/publish.log" >&2; die "dotnet publish src/Pauta.Web failed"; }
    touch "$STAMP"
fi

# ---------------------------------------------------------------------------------------------------------------
# 2. PostgreSQL: a throwaway cluster on a free loopback port, durable (fsync and synchronous commit on).
# ---------------------------------------------------------------------------------------------------------------
PG_LOCALE=C
if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then PG_LOCALE=C.UTF-8; fi
as_pg "$PG_BIN/initdb" -D "$DIR/pg/data" -U postgres --auth=trust -E UTF8 --locale="$PG_LOCALE" >"$DIR/logs/initdb.log" 2>&1 \
    || { cat "$DIR/logs/initdb.log" >&2; die "initdb failed"; }
PG_PORT=""
for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    if as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $DIR/pg -c max_connections=400" start >/dev/null; then
        PG_PORT=$port
        break
    fi
    log "PostgreSQL failed to start on port $port (attempt $attempt)"
done
[ -n "$PG_PORT" ] || { tail -n 30 "$DIR/pg/log" >&2 || true; die "could not start PostgreSQL"; }
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE pauta" >/dev/null
CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=pauta;Pooling=true;Maximum Pool Size=100"
log "PostgreSQL on 127.0.0.1:$PG_PORT"

# ---------------------------------------------------------------------------------------------------------------
# 3. The balancer's address first: every node is told it is the public URL.
# ---------------------------------------------------------------------------------------------------------------
LB_PORT="$WANT_PORT"
if [ "$LB_PORT" = 0 ]; then LB_PORT="$(free_port)"
elif port_in_use "$LB_PORT"; then LB_PORT="$(free_port)"; log "port $WANT_PORT is taken; the balancer uses $LB_PORT"; fi
URL="http://127.0.0.1:$LB_PORT"

NODE_URLS=()
NODE_PIDS=()
# start_node <n> <migrate true|false>
start_node() {
    local n="$1" port
    port="$(free_port)"
    (
        cd "$APP"
        export ASPNETCORE_ENVIRONMENT=Production
        export ASPNETCORE_URLS="http://127.0.0.1:$port"
        export Pauta__NodeName="node-$n"
        export Pauta__Database__Provider=Postgres
        export ConnectionStrings__Pauta="$CONNECTION"
        export Pauta__Database__MigrateOnStart="$2"
        export Pauta__Demo__Enabled=true
        [ -n "${PAUTA_CLUSTER_PAST_CONTACTS:-}" ] && export Pauta__Demo__PastContacts="$PAUTA_CLUSTER_PAST_CONTACTS"
        export Pauta__PublicUrl="$URL"
        export Pauta__ForwardedHeaders__KnownProxies=127.0.0.1
        export Logging__LogLevel__Default="$LOG_LEVEL"
        # Its own session: Ctrl-C in the terminal reaches this script, which then stops the node itself.
        exec setsid dotnet Pauta.Web.dll
    ) >"$DIR/logs/node-$n.log" 2>&1 &
    local pid=$!
    remember "$pid"
    NODE_PIDS[n]=$pid
    NODE_URLS[n]="http://127.0.0.1:$port"
}

wait_healthy() {  # <n>: up to 3 minutes (node 1 migrates and seeds the demo)
    local n="$1" i
    for i in $(seq 1800); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${NODE_URLS[n]}/healthz" || true)" = 200 ] && return 0
        kill -0 "${NODE_PIDS[n]}" 2>/dev/null || { tail -n 40 "$DIR/logs/node-$n.log" >&2; die "node-$n exited before /healthz answered"; }
        sleep 0.1
    done
    die "node-$n gave no 200 from /healthz within 3 minutes; see $DIR/logs/node-$n.log"
}

log "starting node-1 (migrates the database, seeds the demo organisation)"
start_node 1 true
wait_healthy 1
for n in $(seq 2 "$NODES"); do start_node "$n" false; done
for n in $(seq 2 "$NODES"); do wait_healthy "$n"; done

# ---------------------------------------------------------------------------------------------------------------
# 4. HAProxy: round robin per request, no stickiness, health checks on /healthz, WebSockets tunnelled.
# ---------------------------------------------------------------------------------------------------------------
{
    cat <<EOF
# Written by scripts/cluster.sh. Round robin per request and no stickiness: no cookie, no stick-table, no
# prefer-last-server. HTTP mode passes WebSocket upgrades through; "timeout tunnel" keeps board sockets open.
global
    maxconn 4096
defaults
    mode http
    option forwardfor
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    timeout client-fin 5s
    # A request that could not reach a node (connection refused: it died) is sent to another one; one already
    # sent is never replayed by the balancer (the client retries; Pauta's actions are idempotent by their id).
    retries 2
    retry-on conn-failure
    option redispatch 1
frontend pauta
    bind 127.0.0.1:$LB_PORT
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
EOF
    for n in $(seq 1 "$NODES"); do
        echo "    server node-$n ${NODE_URLS[n]#http://} check inter 500ms fall 2 rise 2"
    done
} >"$DIR/haproxy.cfg"
"$HAPROXY" -c -f "$DIR/haproxy.cfg" >"$DIR/logs/haproxy-check.log" 2>&1 \
    || { cat "$DIR/logs/haproxy-check.log" >&2; die "HAProxy refused its configuration"; }
setsid "$HAPROXY" -db -f "$DIR/haproxy.cfg" >"$DIR/logs/haproxy.log" 2>&1 &
HAPROXY_PID=$!
remember "$HAPROXY_PID"
for i in $(seq 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$URL/healthz" || true)" = 200 ] && break
    kill -0 "$HAPROXY_PID" 2>/dev/null || { cat "$DIR/logs/haproxy.log" >&2; die "HAProxy exited"; }
    sleep 0.1
done
[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$URL/healthz" || true)" = 200 ] || die "no 200 from $URL/healthz through HAProxy"
seen=""
for i in $(seq $((NODES * 2))); do
    seen="$seen $(curl -s -D - -o /dev/null --max-time 2 "$URL/healthz" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-pauta-node" { print $2 }')"
done
log "answers through the balancer came from:$(echo "$seen" | tr ' ' '\n' | sort -u | tr '\n' ' ')"

node_urls="${NODE_URLS[*]}"
node_pids="${NODE_PIDS[*]}"
cat >"$DIR/env" <<EOF
PAUTA_CLUSTER_URL=$URL
PAUTA_CLUSTER_NODE_URLS="$node_urls"
PAUTA_CLUSTER_NODE_PIDS="$node_pids"
PAUTA_CLUSTER_HAPROXY_PID=$HAPROXY_PID
PAUTA_CLUSTER_CONNECTION="$CONNECTION"
PAUTA_CLUSTER_PG_PORT=$PG_PORT
EOF

cat <<EOF

Pauta is running as $NODES nodes behind HAProxy (round robin, no sticky sessions):

    $URL

    nodes:      $node_urls
    database:   PostgreSQL on 127.0.0.1:$PG_PORT, database "pauta"
    sign in:    carmen@suarez.example (owner), andres@suarez.example (supervisor), sofia@suarez.example (agent)
                password Pauta-demo-1
    logs:       $DIR/logs

EOF

if [ "$MODE" = detach ]; then
    trap - EXIT INT TERM HUP
    stop="scripts/cluster.sh --stop"
    [ "$DIR" = /tmp/pauta-cluster ] || stop="PAUTA_CLUSTER_DIR=$DIR $stop"
    echo "Detached. Stop it with: $stop   (state: $DIR/env)"
    exit 0
fi
echo "Press Ctrl-C to stop the cluster."
# Wait for Ctrl-C; if a node or the balancer dies by itself, say so and keep the rest running.
while true; do
    for pid in "${NODE_PIDS[@]}" "$HAPROXY_PID"; do
        if [ -f "$DIR/pids" ] && ! kill -0 "$pid" 2>/dev/null && ! grep -qx "dead:$pid" "$DIR/pids" 2>/dev/null; then
            log "process $pid stopped"
            echo "dead:$pid" >>"$DIR/pids"
        fi
    done
    sleep 1
done
