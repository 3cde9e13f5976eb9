#!/usr/bin/env bash
# Runs the whole suite (scripts/test.sh) with the system date and time zone faked, once per awkward day, to prove no
# test depends on the day it runs: a Saturday, a Sunday, the night Madrid moves its clocks forward, and New Year's Eve
# crossing midnight. Each run starts at the instant below and the clock then runs at real speed (libfaketime, from
# Debian's faketime package; monotonic clocks stay real so timeouts behave). Builds once, without faking.
#   scripts/test-any-day.sh                       # the four days, whole suite
#   scripts/test-any-day.sh --filter FullyQualifiedName~Contacts
#   ANY_DAY=sunday scripts/test-any-day.sh        # one of the days below, by label
# Prints one summary line per day; exits 1 when any day had a failure.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

# label | instant (UTC) | machine time zone for that run
DAYS=(
    "saturday|2027-01-16T11:00:00Z|America/Bogota"
    "sunday|2027-01-17T16:00:00Z|Asia/Tokyo"
    "madrid-dst|2027-03-28T00:50:00Z|Europe/Madrid"
    "new-years-eve|2026-12-31T22:55:00Z|Europe/Madrid"
)

if ! command -v faketime >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || { echo "test-any-day.sh: install Debian's faketime package (apt-get install faketime)" >&2; exit 1; }
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq faketime
fi

LIBFAKETIME="$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -n 1 || true)"
[ -n "$LIBFAKETIME" ] || { echo "test-any-day.sh: libfaketimeMT.so.1 not found" >&2; exit 1; }

echo "test-any-day.sh: building once with the real clock" >&2
dotnet build Pauta.slnx -c Release -nologo -v quiet

failed=0
summary=()
for day in "${DAYS[@]}"; do
    IFS='|' read -r label instant zone <<<"$day"
    [ -z "${ANY_DAY:-}" ] || [ "$ANY_DAY" = "$label" ] || continue
    offset=$(( $(date -u -d "$instant" +%s) - $(date -u +%s) ))
    echo "test-any-day.sh: $label: starting at $instant in $zone (offset ${offset}s)" >&2
    log="$REPO_ROOT/artifacts/any-day-$label.log"
    mkdir -p "$(dirname "$log")"
    rc=0
    # The multithreaded libfaketime with real monotonic clocks and without its monotonic fix: the combination under
    # which .NET's test host starts (with the fix, or with the single-threaded library, it hangs on start-up).
    sign=""; [ "$offset" -ge 0 ] && sign="+"
    TZ="$zone" LD_PRELOAD="$LIBFAKETIME" FAKETIME="${sign}${offset}s" FAKETIME_DONT_FAKE_MONOTONIC=1 \
        FAKETIME_FORCE_MONOTONIC_FIX=0 ./scripts/test.sh --no-build "$@" >"$log" 2>&1 || rc=$?
    line="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 || true)"
    [ -n "$line" ] || line="no summary (exit $rc); see $log"
    summary+=("$label ($instant, TZ=$zone): $line")
    if [ "$rc" -ne 0 ]; then
        failed=1
        grep -E '^\s+Failed ' "$log" | sed "s/^/  $label: /" >&2 || true
    fi
done

printf '%s\n' "${summary[@]}"
exit "$failed"
