#!/usr/bin/env bash
# The long crash test: Pauta runs as its own process on SQLite and on PostgreSQL; five agents post contact
# actions over HTTP until PAUTA_CRASH_ACKS (default 3000) are acknowledged, the server is killed with SIGKILL,
# restarted on the same database, and every acknowledged action must be there exactly once.
# The test suite runs the same test with 60 acknowledged actions.
#
#   bench/run-crash.sh            # PAUTA_CRASH_ACKS=3000
#   PAUTA_CRASH_ACKS=20000 bench/run-crash.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PAUTA_CRASH_ACKS="${PAUTA_CRASH_ACKS:-3000}"
echo "run-crash: killing Pauta after $PAUTA_CRASH_ACKS acknowledged actions, on SQLite and PostgreSQL" >&2
exec ./scripts/test.sh --filter "FullyQualifiedName~ContactCrashTests"
