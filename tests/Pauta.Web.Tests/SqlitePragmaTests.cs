using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Pauta.Data;
using Pauta.Data.Tenancy;
using Pauta.Tests.Shared;

namespace Pauta.Web.Tests;

/// <summary>
/// Every SQLite connection Pauta opens waits for a busy writer (busy_timeout 5000 ms), commits durably (synchronous FULL)
/// and enforces foreign keys, whether the pool hands out a new physical connection or one it kept (the settings are
/// sent once per physical connection).
/// </summary>
public sealed class SqlitePragmaTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"pauta-pragmas-{Guid.NewGuid():N}.db");

    private SqlitePautaDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<SqlitePautaDbContext>();
        DataServices.ConfigureSqlite(options, $"Data Source={file}");
        return new SqlitePautaDbContext(options.Options, new Tenant(), new ManualClock());
    }

    private static async Task<(long Busy, long Synchronous, long ForeignKeys, object Handle)> SettingsAsync(SqlitePautaDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            async Task<long> Read(string pragma)
            {
                await using var cmd = connection.CreateCommand();
                cmd.CommandText = $"PRAGMA {pragma};";
                return (long)(await cmd.ExecuteScalarAsync())!;
            }
            return (await Read("busy_timeout"), await Read("synchronous"), await Read("foreign_keys"), connection.Handle!);
        }
        finally { await db.Database.CloseConnectionAsync(); }
    }

    [Fact]
    public async Task A_pooled_connection_keeps_the_settings_on_every_open_and_a_new_one_gets_them()
    {
        var handles = new HashSet<object>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < 5; i++)
        {
            await using var db = NewContext();
            var s = await SettingsAsync(db);
            Assert.Equal((5000L, 2L, 1L), (s.Busy, s.Synchronous, s.ForeignKeys));
            handles.Add(s.Handle);
        }
        // The pool handed the same physical connection back: the reuse case is the one tested above.
        Assert.Single(handles);

        SqliteConnection.ClearAllPools();
        await using (var db = NewContext())
        {
            var s = await SettingsAsync(db);
            Assert.DoesNotContain(s.Handle, handles);
            Assert.Equal((5000L, 2L, 1L), (s.Busy, s.Synchronous, s.ForeignKeys));
        }

        // A second connection open at the same time is another physical connection, and gets them too.
        await using var first = NewContext();
        await using var second = NewContext();
        await first.Database.OpenConnectionAsync();
        var other = await SettingsAsync(second);
        Assert.Equal((5000L, 2L, 1L), (other.Busy, other.Synchronous, other.ForeignKeys));
        await first.Database.CloseConnectionAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }
}
