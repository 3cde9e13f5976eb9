using Microsoft.EntityFrameworkCore;

namespace Pauta.Data;

public static class DatabaseSetup
{
    /// <summary>
    /// Applies pending migrations for whichever provider the context uses; answers whether it ran EF's migrator. A
    /// database that already has exactly the assembly's migrations is left alone (<see cref="IsUpToDateAsync"/>).
    /// </summary>
    public static async Task<bool> MigrateAsync(PautaDbContext db, CancellationToken ct = default)
    {
        if (db.Database.IsSqlite())
        {
            // WAL lets readers run while one writer commits; it is a property of the file, set once.
            await db.Database.OpenConnectionAsync(ct);
            try { await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct); }
            finally { await db.Database.CloseConnectionAsync(); }
        }
        if (await IsUpToDateAsync(db, ct)) return false;
        await db.Database.MigrateAsync(ct);
        return true;
    }

    /// <summary>
    /// The fast path of every start: one read of the migrations history. <c>MigrateAsync</c> also compares the model
    /// with the migrations' snapshot (since EF 9), even with nothing to apply, which costs a restart hundreds of
    /// milliseconds; MigrationsTests makes that comparison instead, once per build. The database is up to date when its
    /// history holds exactly the assembly's migrations: one missing, or one the assembly does not know (a database
    /// another version migrated), goes to EF's migrator as before.
    /// </summary>
    public static async Task<bool> IsUpToDateAsync(PautaDbContext db, CancellationToken ct = default)
    {
        var known = db.Database.GetMigrations().ToList();
        if (known.Count == 0) return false;
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).Order(StringComparer.Ordinal).ToList();
        return applied.SequenceEqual(known.Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }
}
