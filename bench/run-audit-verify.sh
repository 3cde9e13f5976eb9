#!/usr/bin/env bash
# Offline audit bundle verification benchmark: `pauta audit verify` on a 1,000,000-entry bundle.
#
#   bench/run-audit-verify.sh
#
# 1. Publishes the `pauta` tool (Release) to bench/results/cli-audit and the bundle writer bench/AuditBundle to
#    bench/results/audit-bundle.
# 2. Writes a signed bundle of BENCH_ENTRIES (1,000,000) realistic entries (80 % contact actions with a salted
#    commitment, protocol moves, role changes, settings; accents, quotes, emoji and control characters in details)
#    with a checkpoint every BENCH_EVERY (10,000) entries, into a temporary folder.
# 3. Runs `pauta audit verify` on it BENCH_RUNS (3) times under /usr/bin/time: wall time, CPU time (user + system)
#    and peak RSS. Then once on a copy with one byte changed in the middle, which must exit 1.
# 4. Writes bench/results/audit-verify-latest.md and prints it. Nothing runs in the background; the bundle is deleted.
#
# Knobs: BENCH_ENTRIES=1000000 BENCH_EVERY=10000 BENCH_RUNS=3 BENCH_SKIP_PUBLISH=1 (reuse the last publish)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$REPO/bench/results"
CLI="$RESULTS/cli-audit"
WRITER="$RESULTS/audit-bundle"
ENTRIES="${BENCH_ENTRIES:-1000000}"
EVERY="${BENCH_EVERY:-10000}"
RUNS="${BENCH_RUNS:-3}"

log() { printf 'bench-audit-verify: %s\n' "$*" >&2; }
die() { printf 'bench-audit-verify: error: %s\n' "$*" >&2; exit 1; }
for tool in dotnet awk; do command -v "$tool" >/dev/null 2>&1 || die "$tool is required"; done
[ -x /usr/bin/time ] || die "/usr/bin/time is required (Debian package: time)"
mkdir -p "$RESULTS"
TMP="$(mktemp -d -t pauta-bench-audit.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "${BENCH_SKIP_PUBLISH:-0}" != "1" ]; then
    log "publishing pauta and the bundle writer (Release)"
    dotnet publish "$REPO/src/Pauta.Cli/Pauta.Cli.csproj" -c Release -o "$CLI" --nologo -v q >"$TMP/publish.log" 2>&1 \
        || { cat "$TMP/publish.log" >&2; die "publishing pauta failed"; }
    dotnet publish "$REPO/bench/AuditBundle/AuditBundle.csproj" -c Release -o "$WRITER" --nologo -v q >"$TMP/publish.log" 2>&1 \
        || { cat "$TMP/publish.log" >&2; die "publishing the bundle writer failed"; }
fi

BUNDLE="$TMP/bundle.jsonl"
log "writing $ENTRIES entries, a checkpoint every $EVERY"
WROTE="$(dotnet "$WRITER/AuditBundle.dll" "$BUNDLE" "$ENTRIES" "$EVERY")"
log "$WROTE"
BYTES="$(stat -c %s "$BUNDLE")"

ROWS=""
for run in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %U %S %M' -o "$TMP/time" dotnet "$CLI/pauta.dll" audit verify "$BUNDLE" >"$TMP/out" 2>&1 \
        || { cat "$TMP/out" >&2; die "the bundle did not verify"; }
    read -r wall user sys rss <"$TMP/time"
    cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
    log "run $run: wall ${wall} s, CPU ${cpu} s, peak RSS $((rss / 1024)) MiB"
    ROWS="$ROWS| $run | $wall | $cpu | $((rss / 1024)) |"$'\n'
done
SUMMARY="$(sed -n 2p "$TMP/out")"

# One byte changed in the middle of the file: must be found (exit 1), and how long finding it takes.
cp "$BUNDLE" "$TMP/bad.jsonl"
MIDDLE=$((BYTES / 2))
printf 'X' | dd of="$TMP/bad.jsonl" bs=1 seek="$MIDDLE" conv=notrunc status=none
set +e
/usr/bin/time -f '%e %U %S %M' -o "$TMP/time-bad" dotnet "$CLI/pauta.dll" audit verify "$TMP/bad.jsonl" >"$TMP/out-bad" 2>&1
BAD_CODE=$?
set -e
[ "$BAD_CODE" = "1" ] || { cat "$TMP/out-bad" >&2; die "a changed byte was not detected (exit $BAD_CODE)"; }
read -r bwall buser bsys brss < <(tail -n 1 "$TMP/time-bad")
BAD_LINE="$(head -n 2 "$TMP/out-bad" | tr '\n' ' ')"

COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
DIRTY="$(git -C "$REPO" status --porcelain -- src 2>/dev/null | head -c1)"
OUT="$RESULTS/audit-verify-latest.md"
{
    echo "# pauta audit verify, $(date -u +%Y-%m-%dT%H:%MZ), commit $COMMIT${DIRTY:+ (src/ has uncommitted changes)}"
    echo
    echo "Bundle: $ENTRIES entries, a checkpoint every $EVERY, $((BYTES / 1024 / 1024)) MiB. $WROTE"
    echo
    echo "| run | wall s | CPU s (user+sys) | peak RSS MiB |"
    echo "|---|---|---|---|"
    printf '%s' "$ROWS"
    echo
    echo "Output: $SUMMARY"
    echo
    echo "One byte changed at offset $MIDDLE: exit $BAD_CODE in $bwall s wall, peak RSS $((brss / 1024)) MiB: $BAD_LINE"
    echo
    echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
} >"$OUT"
cat "$OUT"
