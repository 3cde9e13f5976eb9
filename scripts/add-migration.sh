#!/usr/bin/env bash
# Adds a migration with the same name to both providers' migration sets.
# Usage: scripts/add-migration.sh AddSomething
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/add-migration.sh MigrationName}"
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project src/Pauta.Data --context SqlitePautaDbContext --output-dir Migrations/Sqlite --namespace Pauta.Data.Migrations.Sqlite
dotnet ef migrations add "$name" --project src/Pauta.Data --context PostgresPautaDbContext --output-dir Migrations/Postgres --namespace Pauta.Data.Migrations.Postgres
# dotnet-ef derives the snapshot's folder from --namespace; keep it beside its migrations.
for p in Sqlite Postgres; do
  if [ -d "src/Pauta.Data/Pauta/Data/Migrations/$p" ]; then
    mv src/Pauta.Data/Pauta/Data/Migrations/$p/*.cs "src/Pauta.Data/Migrations/$p/"
  fi
done
rm -rf src/Pauta.Data/Pauta
