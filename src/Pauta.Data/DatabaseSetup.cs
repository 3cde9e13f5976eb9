using Microsoft.EntityFrameworkCore;

namespace Pauta.Data;

public static class DatabaseSetup
{
    /// <summary>Applies pending migrations for whichever provider the context uses.</summary>
    public static async Task MigrateAsync(PautaDbContext db, CancellationToken ct = default)
    {
        if (db.Database.IsSqlite())
        {
            // WAL lets readers run while one writer commits; it is a property of the file, set once.
            await db.Database.OpenConnectionAsync(ct);
            try { await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct); }
            finally { await db.Database.CloseConnectionAsync(); }
        }
        await db.Database.MigrateAsync(ct);
    }
}
