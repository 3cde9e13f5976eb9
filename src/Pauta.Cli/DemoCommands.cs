using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Customers;
using Pauta.Core.History;
using Pauta.Data;
using Pauta.Data.History;
using Pauta.Data.Tenancy;

namespace Pauta.Cli;

/// <summary>
/// `pauta demo generate`: a realistic past for an organisation (its agents, published protocol versions and business
/// hours), written straight into the database in bulk. For demos and benchmarks; progress goes to stderr.
/// Exit codes: 0 done, 1 bad arguments or no such organisation.
/// </summary>
public static class DemoCommands
{
    public static async Task<int> GenerateAsync(PautaDbContext db, Tenant tenant, DatabaseProvider provider, int contacts, string? org, int days,
        int? seed, bool audit, DateTimeOffset now, TextWriter output, TextWriter progress, CancellationToken ct)
    {
        if (contacts < 1) return Fail(progress, "--contacts must be at least 1.");
        if (days < 1) return Fail(progress, "--days must be at least 1.");
        var organisations = await db.Organisations.IgnoreQueryFilters([PautaDbContext.TenantFilter]).AsNoTracking()
            .Select(o => new { o.Id, o.Name, o.IsDemo }).ToListAsync(ct);
        var chosen = org is null
            ? organisations.Count == 1 ? organisations[0] : organisations.FirstOrDefault(o => o.IsDemo)
            : organisations.FirstOrDefault(o => Slug(o.Name) == Slug(org) || o.Id.ToString() == org.Trim().ToLowerInvariant());
        if (chosen is null)
            return Fail(progress, org is null
                ? "Give the organisation with --org (its name as a slug, e.g. tiendas-suarez, or its id)."
                : $"No organisation '{org}'. Organisations: {string.Join(", ", organisations.Select(o => Slug(o.Name)))}.");
        tenant.Set(chosen.Id);

        var setup = await HistorySource.LoadAsync(db, ct);
        if (setup.Protocols.Count == 0) return Fail(progress, $"{chosen.Name} has no published protocol to run contacts on.");
        // Each run appends a new past: by default the seed follows from what is there, so two runs never make the same ids.
        var existing = await db.Contacts.CountAsync(ct);
        var options = new HistoryOptions
        {
            Contacts = contacts, From = now.AddDays(-days), To = now, Calendar = setup.Calendar, People = setup.People,
            Protocols = setup.Protocols, NoteFields = setup.NoteFields, Language = setup.Language,
            Seed = seed ?? existing + 1, Customers = Math.Max(contacts / 5, 1),
        };
        HistoryGenerator generator;
        try { generator = new HistoryGenerator(options); }
        catch (ArgumentException e) { return Fail(progress, e.Message); }

        progress.WriteLine($"Generating {contacts.ToString("N0", CultureInfo.InvariantCulture)} contacts for {chosen.Name} over {days} days (seed {options.Seed})…");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        HistoryWriteResult result;
        try
        {
            result = await HistoryWriter.WriteAsync(provider, db.Database.GetConnectionString()!, chosen.Id, generator, contacts, setup.Calendar, audit,
            done =>
            {
                if (clock.Elapsed - lastReport < TimeSpan.FromSeconds(2) && done < contacts) return;
                lastReport = clock.Elapsed;
                progress.WriteLine($"  {done.ToString("N0", CultureInfo.InvariantCulture)} / {contacts.ToString("N0", CultureInfo.InvariantCulture)} " +
                    $"({done / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} contacts/s)");
            }, ct);
        }
        catch (System.Data.Common.DbException e) when (IsDuplicate(e))
        {
            // Customers go first, in their own transaction: a seed used before stops there, before any contact is written.
            return Fail(progress, $"seed {options.Seed} was already used for {chosen.Name} (its customers and contacts exist); give another --seed.");
        }
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generated {result.Contacts:N0} contacts, {result.Events:N0} actions, {result.AuditEntries:N0} audit entries in {result.Elapsed.TotalSeconds:N1} s " +
            $"({result.ContactsPerSecond:N0} contacts/s, {result.Events / Math.Max(result.Elapsed.TotalSeconds, 0.001):N0} actions/s; {cpuUsed.TotalSeconds:N1} s of CPU)."));
        return 0;
    }

    /// <summary>An organisation's name as the command line writes it: "Tiendas Suárez" is tiendas-suarez.</summary>
    public static string Slug(string name) =>
        string.Join('-', new string(CustomerNames.Key(name).Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static bool IsDuplicate(System.Data.Common.DbException e) =>
        e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } || e is Npgsql.PostgresException { SqlState: "23505" };

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine("pauta demo generate: " + message);
        return 1;
    }
}
