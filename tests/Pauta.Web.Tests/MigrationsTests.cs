using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Pauta.Data;
using Pauta.Data.Tenancy;
using Pauta.Tests.Shared;

namespace Pauta.Web.Tests;

/// <summary>
/// Each provider keeps its own migrations; a model change without a migration for both fails here
/// (no database server needed: the model is compared with each provider's snapshot).
/// </summary>
public sealed class MigrationsTests
{
    private static SqlitePautaDbContext Sqlite()
    {
        var o = new DbContextOptionsBuilder<SqlitePautaDbContext>();
        DataServices.ConfigureSqlite(o, "Data Source=:memory:");
        return new SqlitePautaDbContext(o.Options, new Tenant(), new ManualClock());
    }

    private static PostgresPautaDbContext Postgres()
    {
        var o = new DbContextOptionsBuilder<PostgresPautaDbContext>();
        DataServices.ConfigurePostgres(o, "Host=127.0.0.1;Database=pauta_model_check");
        return new PostgresPautaDbContext(o.Options, new Tenant(), new ManualClock());
    }

    [Fact]
    public void The_sqlite_model_has_no_changes_missing_from_its_migrations()
    {
        using var db = Sqlite();
        db.Database.GetMigrations().ShouldNotBeEmpty();
        db.Database.HasPendingModelChanges().ShouldBeFalse("run scripts/add-migration.sh to add a migration for both providers");
    }

    [Fact]
    public void The_postgres_model_has_no_changes_missing_from_its_migrations()
    {
        using var db = Postgres();
        db.Database.GetMigrations().ShouldNotBeEmpty();
        db.Database.HasPendingModelChanges().ShouldBeFalse("run scripts/add-migration.sh to add a migration for both providers");
    }

    [Fact]
    public void Each_provider_uses_only_its_own_migrations_and_both_have_the_same_history()
    {
        using var sqlite = Sqlite();
        using var postgres = Postgres();
        var sqliteMigrations = sqlite.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly>().Migrations;
        var postgresMigrations = postgres.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly>().Migrations;

        sqliteMigrations.Values.ShouldAllBe(t => t.Namespace!.EndsWith(".Sqlite"));
        postgresMigrations.Values.ShouldAllBe(t => t.Namespace!.EndsWith(".Postgres"));
        // Same migrations by name (the timestamps differ), so the two schemas evolve together.
        static IEnumerable<string> Names(IEnumerable<string> ids) => ids.Select(id => id[(id.IndexOf('_') + 1)..]);
        Names(sqliteMigrations.Keys).ShouldBe(Names(postgresMigrations.Keys));
    }
}
