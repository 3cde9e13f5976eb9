using System.Data.Common;
using System.Globalization;

namespace Pauta.Data.Audit;

/// <summary>
/// The one statement that reserves indices in an organisation's audit log (ADR-010 item 1): it adds the number of new
/// entries to the organisation's <c>AuditLogHeads</c> row (creating it at 0) and returns the new size, which locks the
/// row until the transaction ends. The reserved indices are [size − count, size).
/// </summary>
public static class AuditHead
{
    private const string Upsert = """
        INSERT INTO "AuditLogHeads" ("OrganisationId", "Size") VALUES ({0}, {1})
        ON CONFLICT ("OrganisationId") DO UPDATE SET "Size" = "AuditLogHeads"."Size" + excluded."Size"
        RETURNING "Size"
        """;

    /// <summary>Reserves <paramref name="count"/> indices; returns the first. Must run inside <paramref name="transaction"/>.</summary>
    public static long Reserve(DbConnection connection, DbTransaction transaction, DatabaseProvider provider, Guid organisation, int count)
    {
        using var cmd = Command(connection, transaction, provider, organisation, count);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) - count;
    }

    /// <inheritdoc cref="Reserve"/>
    public static async Task<long> ReserveAsync(DbConnection connection, DbTransaction transaction, DatabaseProvider provider, Guid organisation,
        int count, CancellationToken ct = default)
    {
        await using var cmd = Command(connection, transaction, provider, organisation, count);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture) - count;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, DatabaseProvider provider, Guid organisation, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        var (o, n) = provider switch
        {
            DatabaseProvider.Sqlite => ("$o", "$n"),
            DatabaseProvider.Postgres => ("@o", "@n"),
        };
        cmd.CommandText = string.Format(CultureInfo.InvariantCulture, Upsert, o, n);
        var po = cmd.CreateParameter();
        po.ParameterName = o;
        // As EF Core stores a GUID on each provider: upper-case text on SQLite, uuid on PostgreSQL.
        po.Value = provider == DatabaseProvider.Sqlite ? organisation.ToString().ToUpperInvariant() : organisation;
        cmd.Parameters.Add(po);
        var pn = cmd.CreateParameter();
        pn.ParameterName = n;
        pn.Value = (long)count;
        cmd.Parameters.Add(pn);
        return cmd;
    }
}
