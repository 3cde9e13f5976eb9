using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pauta.Core.Organisations;
using Pauta.Data;
using Pauta.Web.Tests.Contacts;
using Pauta.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Pauta.Web.Tests;

/// <summary>
/// Citus-ready, proved without Citus (ADR-012 §7): every query the hot requests send to PostgreSQL is captured as sent
/// (SQL and parameter values, by an EF command interceptor), explained on the migrated database with the demo seeded,
/// and every scan of a tenant table in the plan must name the organisation id in its index condition or filter, which is
/// what lets a distributed PostgreSQL route the query to one shard — or be joined on it to another tenant table (a
/// co-located join). A scan without it is accepted only for a listed
/// cross-organisation lookup (<see cref="TenancySchema.CrossOrganisationLookups"/>) and only when no organisation was
/// in scope yet — those are the queries that fan out to every shard.
/// </summary>
public sealed class TenancyQueryPlanTests(PostgresCapturingApp app, ITestOutputHelper output) : IClassFixture<PostgresCapturingApp>
{
    [Fact]
    public async Task Every_hot_query_filters_on_the_organisation_id()
    {
        var protocolId = await app.WithDbAsync(db => db.Protocols.IgnoreQueryFilters()
            .Where(p => p.Title == "Devoluciones y cambios").Select(p => p.Id).SingleAsync());
        app.Capture.Clear();

        // The scripted hot path: sign in, read a protocol and search, start a contact, run it and act on it, the board,
        // the contact history and the insights dashboards.
        var agent = await app.SignInAsync(Demo.Agent);
        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var manager = await app.SignInAsync(Demo.Manager);
        await OkAsync(agent.GetAsync("/protocols"));
        await OkAsync(agent.GetAsync($"/protocols/{protocolId}"));
        await OkAsync(agent.GetAsync("/protocols/search?q=talla"));
        await OkAsync(agent.GetAsync("/api/v1/protocols/search?q=talla"));
        var started = await agent.PostJsonAsync("/api/v1/contacts", new { id = Guid.NewGuid(), channel = Channels.Phone, reason = "cambiar unos zapatos", protocolId });
        started.StatusCode.ShouldBe(HttpStatusCode.Created);
        var contact = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<ContactDto>(started.Content, Browser.Json))!;
        await OkAsync(agent.GetAsync($"/contacts/{contact.Id}"));
        await OkAsync(agent.PostJsonAsync($"/api/v1/contacts/{contact.Id}/actions",
            new { actionId = Guid.NewGuid(), version = contact.Version, kind = "Complete", stepKey = "saludo" }));
        await OkAsync(agent.GetAsync($"/api/v1/contacts/{contact.Id}"));
        await OkAsync(agent.GetAsync($"/api/v1/contacts/{contact.Id}/actions"));
        await OkAsync(agent.GetAsync("/contacts"));
        await OkAsync(supervisor.GetAsync("/board"));
        await OkAsync(supervisor.GetAsync("/board?handler=Rows"));
        await OkAsync(manager.GetAsync("/insights"));
        await OkAsync(manager.GetAsync("/insights/contacts?metric=CloseOverridden"));
        await OkAsync(manager.GetAsync($"/insights/protocol?protocol={protocolId}"));

        var (tenantTables, lookups) = await app.WithDbAsync(db => Task.FromResult((
            TenancySchema.FromModel(db).Where(t => TenancySchema.DistributionColumn(t) is not null).ToDictionary(t => t.Name, t => TenancySchema.DistributionColumn(t)!),
            TenancySchema.CrossOrganisationColumns(db.Model))));

        var commands = app.Capture.Commands.DistinctBy(c => (c.Sql, c.Tenant is null)).ToList();
        var problems = new List<string>();
        var routed = new HashSet<string>();
        var fannedOut = new HashSet<string>();
        var explained = 0;
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        foreach (var command in commands)
        {
            if (!Explainable(command.Sql)) continue;
            explained++;
            await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + command.Sql, connection);
            foreach (var p in command.Parameters) explain.Parameters.Add(p.Clone());
            using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
            foreach (var scan in Scans(plan.RootElement[0].GetProperty("Plan")))
            {
                if (!tenantTables.TryGetValue(scan.Relation, out var distribution)) continue;
                if (scan.Conditions.Contains($"\"{distribution}\"", StringComparison.Ordinal))
                {
                    routed.Add(scan.Relation);
                    continue;
                }
                var lookup = lookups.FirstOrDefault(l => l.Table == scan.Relation && scan.Conditions.Contains($"\"{l.Column}\"", StringComparison.Ordinal));
                if (command.Tenant is null && lookup.Table is not null)
                {
                    fannedOut.Add($"{lookup.Table}.{lookup.Column} ({command.Path})");
                    continue;
                }
                // Joined to another tenant table on the organisation id: a co-located join, which Citus runs on each
                // shard next to the other side (routed if that side is, fanned out with it otherwise).
                if (scan.JoinConditions.Contains($"{scan.Alias}.\"{distribution}\"", StringComparison.Ordinal)) continue;
                // "= ANY ('{}')" reads no row at all, and PostgreSQL then leaves the scan's other conditions out of the plan.
                if (scan.Conditions.Contains("ANY ('{}'", StringComparison.Ordinal)) continue;
                problems.Add($"{command.Path}: {scan.NodeType} on {scan.Relation} without {distribution} [{scan.Conditions}]{Environment.NewLine}    {command.Sql}");
            }
        }

        output.WriteLine($"{commands.Count} distinct commands, {explained} explained; routed by organisation: {string.Join(", ", routed.Order())}");
        output.WriteLine($"cross-organisation lookups (fan out under Citus): {string.Join("; ", fannedOut.Order())}");
        problems.ShouldBeEmpty();
        // The script reached the hot tables (a change that stopped capturing would otherwise pass with nothing checked).
        // (Not here: ProtocolSearchEntries, which PostgreSQL search reads with its own command outside EF; see ADR-012 §7.)
        new[] { "Organisations", "Members", "Protocols", "ProtocolVersions", "Contacts", "ContactEvents", "Sites", "InsightCounters", "ContactFacts" }
            .Except(routed).ShouldBeEmpty("the scripted requests read these tables by organisation");
        fannedOut.ShouldContain(f => f.StartsWith("Members.UserId"), "signing in finds the membership by user before the organisation is known");
    }

    /// <summary>One statement that reads or changes rows; INSERTs are routed by the organisation id of the row they carry.</summary>
    private static bool Explainable(string sql)
    {
        var text = sql.TrimStart();
        var single = !text.TrimEnd().TrimEnd(';').Contains(';');
        return single && (text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("WITH", StringComparison.OrdinalIgnoreCase) ||
                          text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase));
    }

    private sealed record Scan(string NodeType, string Relation, string Alias, string Conditions, string JoinConditions);

    /// <summary>Every scan of a table in the plan, with its own conditions and the join conditions of the nodes above it.</summary>
    private static IEnumerable<Scan> Scans(JsonElement node, string joins = "")
    {
        string Conditions(params string[] keys) => string.Join(" AND ", keys
            .Where(k => node.TryGetProperty(k, out _)).Select(k => node.GetProperty(k).GetString()));
        if (node.TryGetProperty("Relation Name", out var relation))
        {
            yield return new Scan(node.GetProperty("Node Type").GetString()!, relation.GetString()!,
                node.TryGetProperty("Alias", out var alias) ? alias.GetString()! : relation.GetString()!,
                Conditions("Index Cond", "Recheck Cond", "Filter", "TID Cond"), joins);
        }
        var below = $"{joins} AND {Conditions("Hash Cond", "Merge Cond", "Join Filter")}";
        if (node.TryGetProperty("Plans", out var children))
            foreach (var child in children.EnumerateArray())
                foreach (var scan in Scans(child, below))
                    yield return scan;
    }

    private static async Task OkAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        response.IsSuccessStatusCode.ShouldBeTrue($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}");
    }
}

/// <summary>The app on PostgreSQL, recording every command EF sends while serving a request (not the background workers).</summary>
public sealed class PostgresCapturingApp() : PautaApp(DatabaseProvider.Postgres)
{
    public CommandCapture Capture { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
            s.ConfigureDbContext<PostgresPautaDbContext>(o => o.AddInterceptors(Capture), ServiceLifetime.Singleton));
    }
}

public sealed class CommandCapture : DbCommandInterceptor
{
    public sealed record Captured(string Path, string Sql, Guid? Tenant, IReadOnlyList<NpgsqlParameter> Parameters);

    // HttpContextAccessor keeps the current request in a static AsyncLocal, so any instance sees the app's request.
    private static readonly HttpContextAccessor Http = new();
    private readonly ConcurrentQueue<Captured> _commands = new();

    public IReadOnlyList<Captured> Commands => [.. _commands];

    public void Clear() => _commands.Clear();

    private void Record(DbCommand command, CommandEventData data)
    {
        if (Http.HttpContext is not { } http) return;
        _commands.Enqueue(new Captured($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}", command.CommandText,
            (data.Context as PautaDbContext)?.TenantId,
            command.Parameters.OfType<NpgsqlParameter>().Select(p => p.Clone()).ToList()));
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }
}
