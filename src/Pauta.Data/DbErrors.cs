using Microsoft.Data.Sqlite;
using Npgsql;

namespace Pauta.Data;

/// <summary>What a database error means, the same on both providers.</summary>
public static class DbErrors
{
    /// <summary>
    /// A unique key or index refused the write: somebody else wrote the same key first (two managers publishing the
    /// same version number). Looks through the EF exception to the provider's.
    /// </summary>
    public static bool IsUniqueViolation(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }) return true;
            if (e is SqliteException { SqliteExtendedErrorCode: 2067 /* SQLITE_CONSTRAINT_UNIQUE */ or 1555 /* _PRIMARYKEY */ }) return true;
        }
        return false;
    }
}
