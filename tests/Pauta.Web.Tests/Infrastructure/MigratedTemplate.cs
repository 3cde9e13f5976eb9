using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pauta.Data;
using Pauta.Tests.Shared;

namespace Pauta.Web.Tests.Infrastructure;

/// <summary>
/// A database with every migration applied and nothing in it, made once per test run and provider, that each test app's
/// fresh database starts as a copy of (a file copy on SQLite, <c>CREATE DATABASE … TEMPLATE</c> on PostgreSQL). Applying
/// every migration to each of the ~150 databases the web tests make cost the suite more than a minute, most of it on
/// PostgreSQL. The app still runs its own start-up migration step on the copy (it finds nothing to apply) and seeds its
/// demo with its own clock, so nothing a test sees changes. The tests of migrating an empty or an older database
/// (StartupDatabaseTests, MigrationsTests) make their databases themselves.
/// </summary>
public static class MigratedTemplate
{
    private static readonly Lazy<Task<string>> SqliteFile = new(MakeSqliteAsync);
    private static readonly Lazy<Task<string>> PostgresDatabase = new(MakePostgresAsync);

    /// <summary>Writes a copy of the migrated SQLite template to <paramref name="file"/>.</summary>
    public static async Task CopySqliteToAsync(string file) => File.Copy(await SqliteFile.Value, file);

    /// <summary>Creates <paramref name="database"/> on <paramref name="server"/> as a copy of the migrated PostgreSQL template.</summary>
    public static async Task CreatePostgresAsync(string server, string database)
    {
        var template = await PostgresDatabase.Value;
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\" TEMPLATE \"{template}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    private static async Task<string> MakeSqliteAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pauta-web-tests-template-{Guid.NewGuid():N}.db");
        var connection = new SqliteConnectionStringBuilder { DataSource = file }.ToString();
        await MigrateAsync(DatabaseProvider.Sqlite, connection);
        // Everything in the main file, so a copy of it alone is the whole database.
        await using (var checkpoint = new SqliteConnection(connection))
        {
            await checkpoint.OpenAsync();
            await using var truncate = new SqliteCommand("PRAGMA wal_checkpoint(TRUNCATE);", checkpoint);
            await truncate.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                try { File.Delete(file + suffix); }
                catch (IOException) { /* a temp file left behind is harmless */ }
            }
        };
        return file;
    }

    private static async Task<string> MakePostgresAsync()
    {
        var server = Environment.GetEnvironmentVariable(PautaApp.PostgresVariable);
        if (string.IsNullOrWhiteSpace(server)) throw new InvalidOperationException($"{PautaApp.PostgresVariable} is not set.");
        var database = $"pauta_template_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();
        await MigrateAsync(DatabaseProvider.Postgres, connectionString);
        // A template may have no session open on it while it is copied.
        using (var pooled = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(pooled);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                using var connection = new NpgsqlConnection(server);
                connection.Open();
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
                drop.ExecuteNonQuery();
            }
            catch (NpgsqlException) { /* the throwaway cluster goes with the run anyway */ }
        };
        return database;
    }

    private static async Task MigrateAsync(DatabaseProvider provider, string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pauta:Database:Provider"] = provider.ToString(),
            [$"ConnectionStrings:{DataServices.ConnectionStringName}"] = connectionString,
        }).Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(new ManualClock())
            .AddPautaData(configuration)
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await DatabaseSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<PautaDbContext>());
    }
}
