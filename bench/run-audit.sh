#!/usr/bin/env bash
# Audit log benchmark (issue 11): appends per second on SQLite through the contact writer (group commit) and through EF
# saves, and the inclusion-proof time at 10^7 entries over the stored subtrees.
#
#   bench/run-audit.sh
#
# Builds bench/Audit (Release), prepares a fresh SQLite file as Pauta does (migrations + demo), then:
#   1. 64 concurrent agents append contact actions through ContactEventWriter for BENCH_SECONDS: every action is one
#      audit entry numbered in the batch's transaction;
#   2. EF saves of BENCH_BATCH entries (4 concurrent contexts), then of 1 entry (64 concurrent contexts);
#   3. fills another organisation with BENCH_PROOF_ENTRIES (10,000,000) entries by the bulk path (AuditBulk), writes the
#      level-8/16 subtrees, and times BENCH_PROOFS (1,000) inclusion proofs of random entries and 20 roots.
# Writes bench/results/audit-latest.md and prints it. The database is deleted afterwards.
#
# Knobs: BENCH_SECONDS=10 BENCH_BATCH=100 BENCH_PROOF_ENTRIES=10000000 BENCH_PROOFS=1000 BENCH_CASE=all|writer|ef|proof
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$REPO/bench/results"
OUT="$RESULTS/audit-bench"
mkdir -p "$RESULTS"
TMP="$(mktemp -d -t pauta-bench-audit-log.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

printf 'bench-audit: building bench/Audit (Release)\n' >&2
dotnet publish "$REPO/bench/Audit/Audit.csproj" -c Release -o "$OUT" --nologo -v q >"$TMP/publish.log" 2>&1 \
    || { cat "$TMP/publish.log" >&2; exit 1; }

{
    echo "# Audit log appends and proofs ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$REPO" rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
    echo
    dotnet "$OUT/AuditBench.dll" --connection "Data Source=$TMP/audit.db" --seconds "${BENCH_SECONDS:-10}" --batch "${BENCH_BATCH:-100}" \
        --proof-entries "${BENCH_PROOF_ENTRIES:-10000000}" --proofs "${BENCH_PROOFS:-1000}" --case "${BENCH_CASE:-all}"
    echo
    echo "Database file after the run: $(du -h "$TMP/audit.db" | cut -f1)"
} | tee "$RESULTS/audit-latest.md"
