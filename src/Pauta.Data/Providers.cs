using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Data.Contacts;
using Pauta.Data.Tenancy;
using System.Data.Common;

namespace Pauta.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>SQLite flavour: its own type only so it owns its own migrations (Migrations/Sqlite).</summary>
public sealed class SqlitePautaDbContext(DbContextOptions<SqlitePautaDbContext> options, Tenant tenant, TimeProvider time)
    : PautaDbContext(options, tenant, time);

/// <summary>PostgreSQL flavour: its own type only so it owns its own migrations (Migrations/Postgres).</summary>
public sealed class PostgresPautaDbContext(DbContextOptions<PostgresPautaDbContext> options, Tenant tenant, TimeProvider time)
    : PautaDbContext(options, tenant, time);

public static class DataServices
{
    public const string ConnectionStringName = "Pauta";
    public const string DefaultSqlite = "Data Source=data/pauta.db";

    public static DatabaseProvider ProviderFrom(IConfiguration configuration) =>
        Enum.TryParse<DatabaseProvider>(configuration["Pauta:Database:Provider"], ignoreCase: true, out var p) ? p : DatabaseProvider.Sqlite;

    /// <summary>
    /// Registers <see cref="PautaDbContext"/> as the configured provider's context, the scoped <see cref="Tenant"/> and the
    /// process's one <see cref="Contacts.IContactEventWriter"/> (its own connection, opened on first use).
    /// </summary>
    public static IServiceCollection AddPautaData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<Tenant>();
        services.TryAddTimeProvider();
        var connection = configuration.GetConnectionString(ConnectionStringName);
        switch (ProviderFrom(configuration))
        {
            case DatabaseProvider.Sqlite:
                var sqlite = PrepareSqlite(connection ?? DefaultSqlite);
                services.AddDbContext<SqlitePautaDbContext>(o => ConfigureSqlite(o, sqlite), optionsLifetime: ServiceLifetime.Singleton);
                services.AddScoped<PautaDbContext>(sp => sp.GetRequiredService<SqlitePautaDbContext>());
                services.AddContactEventWriter(DatabaseProvider.Sqlite, sqlite);
                break;
            case DatabaseProvider.Postgres:
                var pg = NamedForNode(connection ?? throw new InvalidOperationException(
                    "Pauta:Database:Provider is Postgres but ConnectionStrings:Pauta is not set."), configuration[NodeNameKey]);
                services.AddDbContext<PostgresPautaDbContext>(o => ConfigurePostgres(o, pg), optionsLifetime: ServiceLifetime.Singleton);
                services.AddScoped<PautaDbContext>(sp => sp.GetRequiredService<PostgresPautaDbContext>());
                services.AddContactEventWriter(DatabaseProvider.Postgres, pg);
                break;
        }
        return services;
    }

    /// <summary>The configuration key naming this web node (e.g. <c>Pauta__NodeName=node-2</c>); optional on one node.</summary>
    public const string NodeNameKey = "Pauta:NodeName";

    /// <summary>
    /// On PostgreSQL every connection of a named node says so in <c>application_name</c> (<c>pauta/node-2</c>), so
    /// <c>pg_stat_activity</c> and <c>pg_locks</c> show which node holds what. A name the operator set stands.
    /// </summary>
    public static string NamedForNode(string connectionString, string? nodeName)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(nodeName) || !string.IsNullOrEmpty(builder.ApplicationName)) return connectionString;
        builder.ApplicationName = $"pauta/{nodeName}";
        return builder.ToString();
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(s => s.ServiceType != typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }

    private static readonly string MigrationsAssembly = typeof(PautaDbContext).Assembly.GetName().Name!;

    public static void ConfigureSqlite(DbContextOptionsBuilder o, string connectionString) =>
        o.UseSqlite(connectionString, s => s.MigrationsAssembly(MigrationsAssembly))
         .AddInterceptors(SqlitePragmas.Instance);

    public static void ConfigurePostgres(DbContextOptionsBuilder o, string connectionString) =>
        o.UseNpgsql(connectionString);

    /// <summary>Creates the data folder of a file database so a fresh clone just runs.</summary>
    public static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (dir is not null) Directory.CreateDirectory(dir);
        }
        return builder.ToString();
    }
}

/// <summary>
/// Every SQLite connection waits for a busy writer instead of failing, and commits durably:
/// an acknowledged write survives a power cut (WAL itself is set once, when migrating). The settings belong to the
/// physical connection, which the pool keeps open between uses, so they are sent once per physical connection rather than
/// on every open (an open is a pool hit; sending them each time cost the reading page about 2 % of its CPU).
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();
    private const string Pragmas = "PRAGMA busy_timeout=5000; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
    private static readonly object Set = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> prepared = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!Needs(connection, out var handle)) return;
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas;
        cmd.ExecuteNonQuery();
        Done(handle);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!Needs(connection, out var handle)) return;
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        Done(handle);
    }

    /// <summary>False when this physical connection (its native handle) already has the settings.</summary>
    private bool Needs(DbConnection connection, out object? handle)
    {
        handle = (connection as SqliteConnection)?.Handle;
        return handle is null || !prepared.TryGetValue(handle, out _);
    }

    private void Done(object? handle)
    {
        if (handle is not null) prepared.AddOrUpdate(handle, Set);
    }
}

/// <summary>Lets `dotnet ef migrations add` build each context without the web host.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePautaDbContext>
{
    public SqlitePautaDbContext CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<SqlitePautaDbContext>();
        DataServices.ConfigureSqlite(o, "Data Source=design.db");
        return new SqlitePautaDbContext(o.Options, new Tenant(), TimeProvider.System);
    }
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPautaDbContext>
{
    public PostgresPautaDbContext CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<PostgresPautaDbContext>();
        DataServices.ConfigurePostgres(o, "Host=127.0.0.1;Database=pauta_design");
        return new PostgresPautaDbContext(o.Options, new Tenant(), TimeProvider.System);
    }
}
