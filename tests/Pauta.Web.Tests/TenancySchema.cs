using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using Pauta.Data;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;

namespace Pauta.Web.Tests;

/// <summary>
/// The one statement of what a distributed PostgreSQL (Citus) needs from the schema, checked against three readings of
/// it: the EF model of a provider's context, the real PostgreSQL catalog (pg_index, pg_constraint) and the real SQLite
/// file (pragmas). Every tenant table is distributed on its organisation id (<c>Organisations</c> on its own
/// <c>Id</c>) and co-located; the organisation id leads its primary key and is part of every unique index and of every
/// foreign key to another tenant table. The global tables are listed below with where they live and why (ADR-012 §7).
/// </summary>
public static class TenancySchema
{
    public const string OrganisationId = nameof(ITenantOwned.OrganisationId);
    public const string Organisations = "Organisations";

    public enum Placement { Distributed, Reference, Local }

    public sealed record IndexShape(string Name, IReadOnlyList<string> Columns, bool Unique);

    public sealed record ForeignKeyShape(string Name, IReadOnlyList<string> Columns, string PrincipalTable, IReadOnlyList<string> PrincipalColumns);

    public sealed record TableShape(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> PrimaryKey,
        IReadOnlyList<IndexShape> Indexes, IReadOnlyList<ForeignKeyShape> ForeignKeys);

    /// <summary>
    /// The tables that are not tenant-owned, where they live under Citus, and why. A new table must be either
    /// tenant-owned (it has an OrganisationId) or listed here.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (Placement Placement, string Reason)> GlobalTables =
        new Dictionary<string, (Placement, string)>
        {
            ["AspNetUsers"] = (Placement.Reference, "a sign-in is a person, found by e-mail before any organisation is known; Members references it"),
            ["AspNetUserClaims"] = (Placement.Reference, "Identity's per-user rows, beside AspNetUsers"),
            ["AspNetUserLogins"] = (Placement.Reference, "Identity's per-user rows, beside AspNetUsers"),
            ["AspNetUserTokens"] = (Placement.Reference, "Identity's per-user rows, beside AspNetUsers"),
            ["DataProtectionKeys"] = (Placement.Reference, "the keys that sign cookies, read by every node, a handful of rows"),
            ["SignInAttempts"] = (Placement.Local, "failed sign-ins per address and source, counted before any organisation is known; never joined"),
            ["SignInRateWindows"] = (Placement.Local, "the shared sign-in rate limit: one counter per hashed source and minute, before any organisation is known; never joined"),
            ["__EFMigrationsHistory"] = (Placement.Local, "EF's own record of the applied migrations"),
            ["__EFMigrationsLock"] = (Placement.Local, "EF's lock while migrating (SQLite only)"),
        };

    /// <summary>
    /// The lookups that run before the organisation is known, or across organisations by design: the only non-unique
    /// indexes that may skip the organisation id, and the only scans of a tenant table with no organisation in scope
    /// that the query-plan test accepts without an organisation id. Under Citus each fans out to every shard.
    /// </summary>
    public static readonly IReadOnlyList<(Type Entity, string Column, string Reason)> CrossOrganisationLookups =
    [
        (typeof(Member), nameof(Member.UserId), "sign-in and every signed-in request find the person's membership by user (cached per node)"),
        (typeof(Invitation), nameof(Invitation.TokenHash), "the invitee is not signed in: the token in the link is all there is"),
        (typeof(ApiToken), nameof(ApiToken.TokenHash), "an API call presents only its token"),
        (typeof(SurveyInvitation), nameof(SurveyInvitation.TokenHash), "the customer's survey link presents only its token"),
        (typeof(Contact), nameof(Contact.FirstResponseDueAt), "the breach worker's scan for clocks that ran out, in every organisation"),
        (typeof(Contact), nameof(Contact.ResolutionDueAt), "the breach worker's scan for clocks that ran out, in every organisation"),
        (typeof(Contact), nameof(Contact.NextClockDueAt), "the breach worker's scan for clocks that ran out, in every organisation"),
        (typeof(TrainingAssignment), nameof(TrainingAssignment.NextReminderAt), "the reminder worker's scan for reminders that are due, in every organisation"),
    ];

    /// <summary>
    /// Non-unique indexes on a tenant table that do not lead with the organisation id although every query using them
    /// filters on it (the plan test proves it): under Citus each shard has its own copy, so they need no organisation id.
    /// </summary>
    public static readonly IReadOnlyList<(string Table, string Column, string Reason)> IndexesBesideTheOrganisationId =
    [
        ("ProtocolSearchEntries", "Document", "PostgreSQL's full-text GIN index: a GIN index cannot lead with a uuid without the btree_gin extension, and the search filters on OrganisationId beside it"),
    ];

    public static string TableOf(IModel model, Type entity) =>
        model.FindEntityType(entity)?.GetTableName() ?? throw new InvalidOperationException($"{entity.Name} has no table");

    /// <summary>(table, first column) of every allowed cross-organisation lookup.</summary>
    public static HashSet<(string Table, string Column)> CrossOrganisationColumns(IModel model) =>
        CrossOrganisationLookups.Select(l => (TableOf(model, l.Entity), l.Column)).ToHashSet();

    public static string? DistributionColumn(TableShape table) =>
        table.Name == Organisations ? "Id" : table.Columns.Contains(OrganisationId) ? OrganisationId : null;

    /// <summary>Everything in <paramref name="tables"/> that a distributed PostgreSQL sharded by organisation would refuse.</summary>
    public static List<string> Problems(IReadOnlyList<TableShape> tables, IModel model)
    {
        var problems = new List<string>();
        var byName = tables.ToDictionary(t => t.Name);
        var lookups = CrossOrganisationColumns(model);
        Placement? PlacementOf(string name) =>
            byName.TryGetValue(name, out var t) && DistributionColumn(t) is not null ? Placement.Distributed
            : GlobalTables.TryGetValue(name, out var g) ? g.Placement : null;

        foreach (var table in tables)
        {
            var distribution = DistributionColumn(table);
            if (distribution is null)
            {
                if (!GlobalTables.ContainsKey(table.Name))
                    problems.Add($"{table.Name} has no {OrganisationId} and is not a listed global table: make it tenant-owned or list it in TenancySchema.GlobalTables with a reason");
                foreach (var fk in table.ForeignKeys.Where(fk => PlacementOf(fk.PrincipalTable) == Placement.Distributed))
                    problems.Add($"{table.Name} (global) has foreign key {fk.Name} to the tenant table {fk.PrincipalTable}: Citus refuses a reference to a distributed table");
                continue;
            }
            if (GlobalTables.ContainsKey(table.Name))
                problems.Add($"{table.Name} has {distribution} but is listed as a global table");
            if (table.PrimaryKey.Count == 0 || table.PrimaryKey[0] != distribution)
                problems.Add($"{table.Name}'s primary key ({string.Join(", ", table.PrimaryKey)}) does not start with {distribution}");
            foreach (var index in table.Indexes)
            {
                if (index.Unique && !index.Columns.Contains(distribution))
                    problems.Add($"{table.Name} unique index {index.Name} ({string.Join(", ", index.Columns)}) lacks {distribution}: Citus cannot enforce it");
                else if (!index.Unique && index.Columns[0] != distribution && !lookups.Contains((table.Name, index.Columns[0])) &&
                         !IndexesBesideTheOrganisationId.Any(i => i.Table == table.Name && i.Column == index.Columns[0]))
                    problems.Add($"{table.Name} index {index.Name} ({string.Join(", ", index.Columns)}) does not lead with {distribution} and is not a listed cross-organisation lookup");
            }
            foreach (var fk in table.ForeignKeys)
            {
                switch (PlacementOf(fk.PrincipalTable))
                {
                    case Placement.Distributed:
                        var principal = DistributionColumn(byName[fk.PrincipalTable])!;
                        var position = fk.Columns.ToList().IndexOf(distribution);
                        if (position < 0 || fk.PrincipalColumns[position] != principal)
                            problems.Add($"{table.Name} foreign key {fk.Name} ({string.Join(", ", fk.Columns)}) → {fk.PrincipalTable} ({string.Join(", ", fk.PrincipalColumns)}) does not tie {distribution} to {fk.PrincipalTable}.{principal}");
                        break;
                    case Placement.Reference:
                        break; // a distributed table may reference a reference table
                    default:
                        problems.Add($"{table.Name} foreign key {fk.Name} → {fk.PrincipalTable}, which is neither tenant-owned nor a reference table");
                        break;
                }
            }
        }
        foreach (var (table, column) in lookups)
        {
            if (!byName.TryGetValue(table, out var t) || !t.Indexes.Any(i => !i.Unique && i.Columns[0] == column))
                problems.Add($"the listed cross-organisation lookup {table}.{column} has no non-unique index leading with it: remove it from the list");
        }
        return problems;
    }

    /// <summary>The tables as the EF model of this context declares them (the design-time model, with every index).</summary>
    public static List<TableShape> FromModel(PautaDbContext db)
    {
        var model = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        return model.Tables.Select(t => new TableShape(
            t.Name,
            t.Columns.Select(c => c.Name).ToList(),
            t.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? [],
            t.Indexes.Select(i => new IndexShape(i.Name, i.Columns.Select(c => c.Name).ToList(), i.IsUnique))
                .Concat(t.UniqueConstraints.Where(u => !u.GetIsPrimaryKey())
                    .Select(u => new IndexShape(u.Name, u.Columns.Select(c => c.Name).ToList(), true)))
                .ToList(),
            t.ForeignKeyConstraints.Select(f => new ForeignKeyShape(f.Name, f.Columns.Select(c => c.Name).ToList(),
                f.PrincipalTable.Name, f.PrincipalColumns.Select(c => c.Name).ToList())).ToList())).ToList();
    }

    /// <summary>The tables as the migrated PostgreSQL database has them (pg_class, pg_index, pg_constraint).</summary>
    public static async Task<List<TableShape>> FromPostgresAsync(NpgsqlConnection connection)
    {
        var columns = await ReadAsync(connection, """
            SELECT c.relname, a.attname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname, a.attnum
            """, r => (Table: r.GetString(0), Column: r.GetString(1)));
        const string columnsOf = """
            array(SELECT coalesce(a.attname::text, '(expression)') FROM unnest({0}) WITH ORDINALITY k(attnum, ord)
                  LEFT JOIN pg_attribute a ON a.attrelid = {1} AND a.attnum = k.attnum ORDER BY k.ord)
            """;
        var indexes = await ReadAsync(connection, $"""
            SELECT t.relname, i.relname, ix.indisunique, ix.indisprimary, {string.Format(columnsOf, "ix.indkey::int2[]", "t.oid")}
            FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public'
            """, r => (Table: r.GetString(0), Name: r.GetString(1), Unique: r.GetBoolean(2), Primary: r.GetBoolean(3), Columns: r.GetFieldValue<string[]>(4)));
        var foreignKeys = await ReadAsync(connection, $"""
            SELECT t.relname, con.conname, f.relname, {string.Format(columnsOf, "con.conkey", "con.conrelid")}, {string.Format(columnsOf, "con.confkey", "con.confrelid")}
            FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class f ON f.oid = con.confrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace WHERE con.contype = 'f' AND n.nspname = 'public'
            """, r => (Table: r.GetString(0), Name: r.GetString(1), Principal: r.GetString(2), Columns: r.GetFieldValue<string[]>(3), PrincipalColumns: r.GetFieldValue<string[]>(4)));
        return columns.GroupBy(c => c.Table).Select(t => new TableShape(
            t.Key,
            t.Select(c => c.Column).ToList(),
            indexes.SingleOrDefault(i => i.Table == t.Key && i.Primary).Columns ?? [],
            indexes.Where(i => i.Table == t.Key && !i.Primary).Select(i => new IndexShape(i.Name, i.Columns, i.Unique)).ToList(),
            foreignKeys.Where(f => f.Table == t.Key).Select(f => new ForeignKeyShape(f.Name, f.Columns, f.Principal, f.PrincipalColumns)).ToList()))
            .ToList();
    }

    /// <summary>The tables as the migrated SQLite file has them (pragma table_info, index_list, index_info, foreign_key_list).</summary>
    public static async Task<List<TableShape>> FromSqliteAsync(SqliteConnection connection)
    {
        // SQLite's full-text index (the FTS5 virtual table ProtocolSearch and its shadow tables) exists only on SQLite;
        // Citus is PostgreSQL, where the same search is a GIN index on ProtocolSearchEntries.
        var virtualTables = await ReadAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'", r => r.GetString(0));
        var names = (await ReadAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", r => r.GetString(0)))
            .Where(n => !virtualTables.Any(v => n == v || n.StartsWith(v + "_", StringComparison.Ordinal))).ToList();
        var tables = new List<TableShape>();
        foreach (var name in names)
        {
            var info = await ReadAsync(connection, $"SELECT name, pk FROM pragma_table_info('{name}')", r => (Name: r.GetString(0), Pk: r.GetInt32(1)));
            var list = await ReadAsync(connection, $"SELECT name, \"unique\", origin FROM pragma_index_list('{name}')",
                r => (Name: r.GetString(0), Unique: r.GetInt32(1) == 1, Origin: r.GetString(2)));
            var indexes = new List<IndexShape>();
            foreach (var index in list.Where(i => i.Origin != "pk"))
            {
                var columns = await ReadAsync(connection, $"SELECT coalesce(name, '(expression)') FROM pragma_index_info('{index.Name}') ORDER BY seqno", r => r.GetString(0));
                indexes.Add(new IndexShape(index.Name, columns, index.Unique));
            }
            var fks = await ReadAsync(connection, $"SELECT id, seq, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('{name}') ORDER BY id, seq",
                r => (Id: r.GetInt32(0), Table: r.GetString(2), From: r.GetString(3), To: r.IsDBNull(4) ? "" : r.GetString(4)));
            tables.Add(new TableShape(
                name,
                info.Select(c => c.Name).ToList(),
                info.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList(),
                indexes,
                fks.GroupBy(f => f.Id).Select(g => new ForeignKeyShape($"{name}#{g.Key}", g.Select(f => f.From).ToList(), g.First().Table,
                    g.Select(f => f.To).ToList())).ToList()));
        }
        return tables;
    }

    private static async Task<List<T>> ReadAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> row)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(row(reader));
        return rows;
    }
}
