# Shared by bench/run-events.sh and bench/run-search.sh (sourced after they define log and die): every background
# process a script starts is listed in STARTED and stopped on exit, whatever happens; the throwaway PostgreSQL
# cluster in PG_TMP (if any) is stopped and removed, and so is the temp folder TMP.
# shellcheck shell=bash

is_root() { [ "$(id -u)" -eq 0 ]; }

STARTED=()
TMP=""
PG_TMP=""
PG_BIN=""

stop_pid() {
    local pid="$1" i
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; forget_pid "$pid"; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
    forget_pid "$pid"
}

forget_pid() {
    local keep=() p
    for p in "${STARTED[@]+"${STARTED[@]}"}"; do [ "$p" = "$1" ] || keep+=("$p"); done
    STARTED=("${keep[@]+"${keep[@]}"}")
}

as_pg() { if is_root; then (cd "$PG_TMP" && runuser -u postgres -- "$@"); else (cd "$PG_TMP" && "$@"); fi; }

stop_postgres() {
    [ -n "$PG_TMP" ] && [ -f "$PG_TMP/data/postmaster.pid" ] || return 0
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" stop -m fast -w >/dev/null 2>&1; then
        local pid
        pid="$(head -n 1 "$PG_TMP/data/postmaster.pid" 2>/dev/null || true)"
        [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
        sleep 1
    fi
}

cleanup() {
    local rc=$? pid
    trap - EXIT INT TERM
    for pid in "${STARTED[@]+"${STARTED[@]}"}"; do stop_pid "$pid"; done
    stop_postgres
    [ -n "$PG_TMP" ] && rm -rf "$PG_TMP"
    [ -n "$TMP" ] && [ -d "$TMP" ] && rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
