#!/usr/bin/env bash
# How long a failed sign-in takes for an address with an account and for one without (same wrong password),
# over real HTTP on loopback against a Release build with the demo organisation. Prints median and p90 per kind.
#   bench/run-signin.sh                 # this tree
#   BENCH_SRC=/path/to/other/tree bench/run-signin.sh   # another checkout, e.g. the commit before a change
# Knobs: BENCH_N (measured attempts per kind, default 40), BENCH_WARMUP (default 4). The known attempts rotate over the
# 11 demo people; keep BENCH_N + BENCH_WARMUP <= 44 so that, on builds that still lock a whole account after 5 failures,
# no account reaches its lock (a locked account answers without checking the password, which would flatter the figure).
set -euo pipefail
cd "$(dirname "$0")/.."
src=${BENCH_SRC:-$PWD}
n=${BENCH_N:-40}
warmup=${BENCH_WARMUP:-4}
out=$PWD/bench/results/signin-$(basename "$src")
mkdir -p "$out"; rm -rf "$out/pauta.db"*

[ "${BENCH_SKIP_PUBLISH:-}" = 1 ] && [ -d "$out/app" ] || dotnet publish "$src/src/Pauta.Web" -c Release -o "$out/app" -v q -nologo >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port

cd "$out/app"
ASPNETCORE_URLS=$base ASPNETCORE_ENVIRONMENT=Production \
  ConnectionStrings__Pauta="Data Source=$out/pauta.db" Pauta__Demo__Enabled=true \
  Pauta__SignInRateLimit__PermitsPerMinute=100000 Pauta__PublicUrl=$base \
  dotnet Pauta.Web.dll >"$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
cd - >/dev/null
for _ in $(seq 1 300); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done

# One attempt: fetch the form (antiforgery cookie and token), then time only the POST. Every attempt comes from its
# own client address, named by X-Forwarded-For (loopback is a trusted proxy by default), so no lock or rate limit
# interferes with the measure.
attempt() { # email, client address
  local jar; jar=$(mktemp)
  local token
  token=$(curl -s -c "$jar" -H "X-Forwarded-For: $2" "$base/account/signin" | grep -o '<input[^>]*__RequestVerificationToken[^>]*>' | head -1 | grep -o 'value="[^"]*"' | cut -d'"' -f2)
  curl -s -o /dev/null -b "$jar" -H "X-Forwarded-For: $2" -w '%{http_code} %{time_total}\n' \
    --data-urlencode "Input.Email=$1" --data-urlencode "Input.Password=Wrong-password-1" \
    --data-urlencode "__RequestVerificationToken=$token" "$base/account/signin"
  rm -f "$jar"
}

people=(carmen jorge lucia marta andres raul sofia diego valentina paula tomas)
known() { echo "${people[$(($1 % ${#people[@]}))]}@suarez.example"; }
for i in $(seq 1 "$warmup"); do attempt "$(known $((n + i)))" "10.9.0.$i" >/dev/null; attempt nadie@suarez.example "10.9.1.$i" >/dev/null; done
: >"$out/known.txt"; : >"$out/unknown.txt"
for i in $(seq 1 "$n"); do
  attempt "$(known "$i")" "10.1.$((i / 250)).$((i % 250 + 1))" >>"$out/known.txt"
  attempt nadie@suarez.example "10.2.$((i / 250)).$((i % 250 + 1))" >>"$out/unknown.txt"
done

summary() { # file
  awk '{print $2 * 1000}' "$1" | sort -n | awk '{a[NR]=$1} END {printf "median %.1f ms, p90 %.1f ms (n=%d)", a[int((NR+1)/2)], a[int(NR*0.9)], NR}'
}
echo "source: $src ($(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo 'not a git checkout'))"
echo "statuses, known:   $(awk '{print $1}' "$out/known.txt" | sort | uniq -c | tr -s ' ' | tr '\n' ' ')"
echo "statuses, unknown: $(awk '{print $1}' "$out/unknown.txt" | sort | uniq -c | tr -s ' ' | tr '\n' ' ')"
echo "known address, wrong password: $(summary "$out/known.txt")"
echo "unknown address:               $(summary "$out/unknown.txt")"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
