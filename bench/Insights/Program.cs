using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Insights;
using Pauta.Core.Organisations;
using Pauta.Data;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;
using Pauta.Web.Features.Insights;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Features.Training;

// bench/run-insights.sh runs this after generating a history:
//   Insights --provider Sqlite|Postgres --connection CS --org tiendas-suarez [--shape 1000000] [--runs 20] [--warmup 3]
// Prints one markdown row per dashboard query: "| query | p50 ms | p95 ms |", then the ceiling row.
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
string Get(string name, string? fallback = null) =>
    options.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");
var runs = int.Parse(Get("runs", "20"), CultureInfo.InvariantCulture);
var warmup = int.Parse(Get("warmup", "3"), CultureInfo.InvariantCulture);
var shape = int.Parse(Get("shape", "0"), CultureInfo.InvariantCulture);

var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Pauta:Database:Provider"] = Get("provider"),
    [$"ConnectionStrings:{DataServices.ConnectionStringName}"] = Get("connection"),
}).Build();
await using var sp = Shape.Services(config);

Guid org;
using (var scope = sp.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
    var all = await db.Organisations.IgnoreQueryFilters().Select(o => new { o.Id, o.Name }).ToListAsync();
    var slug = Get("org");
    org = all.Single(o => Slug(o.Name) == slug).Id;
}

// The protocol used for adherence, branches and comparison: the published one with the most counter rows.
(Guid Protocol, int A, int B, DateOnly Last) target;
using (var scope = sp.CreateScope())
{
    scope.ServiceProvider.GetRequiredService<Tenant>().Set(org);
    var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
    if (shape > 0) await Shape.FillAsync(db, shape);
    var best = await db.InsightCounters.AsNoTracking().Where(c => c.AgentUserId == InsightCounter.AllAgents)
        .GroupBy(c => c.ProtocolId).Select(g => new { g.Key, Rows = g.Count(), Max = g.Max(c => c.ProtocolVersion), Min = g.Min(c => c.ProtocolVersion) })
        .OrderByDescending(g => g.Rows).FirstAsync();
    var last = await db.InsightCounters.AsNoTracking().MaxAsync(c => c.Day);
    target = (best.Key, best.Min, best.Max, last);
    var rows = await db.InsightCounters.CountAsync();
    var allAgents = await db.InsightCounters.CountAsync(c => c.AgentUserId == InsightCounter.AllAgents);
    Console.Error.WriteLine($"insights bench: {rows} counter rows ({allAgents} all-agents), protocol {target.Protocol} v{target.A}..v{target.B}, last day {target.Last}");
}

Guid agent;
using (var scope = sp.CreateScope())
{
    scope.ServiceProvider.GetRequiredService<Tenant>().Set(org);
    var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
    agent = await db.InsightCounters.AsNoTracking().Where(c => c.AgentUserId != InsightCounter.AllAgents)
        .GroupBy(c => c.AgentUserId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
}

var ninety = new InsightsFilter(target.Last.AddDays(-89), target.Last);
var scenarios = new (string Name, InsightsFilter Filter)[]
{
    ("90 days", ninety),
    ("90 days, one agent", ninety with { AgentUserId = agent }),
    ("90 days, one protocol", ninety with { ProtocolId = target.Protocol }),
    ("last week", new InsightsFilter(target.Last.AddDays(-6), target.Last)),
};
foreach (var (label, filter) in scenarios)
{
    foreach (var (name, run) in InsightsReader.Queries(filter, target.Protocol, target.A, target.B))
    {
        var times = await TimeAsync(async () =>
        {
            using var scope = sp.CreateScope();
            scope.ServiceProvider.GetRequiredService<Tenant>().Set(org);
            await run(scope.ServiceProvider.GetRequiredService<InsightsReader>(), CancellationToken.None);
        });
        Console.WriteLine(Row($"{name} ({label})", times));
    }
}

// The ceiling: the cheapest way to sum the same rows in SQL, a plain GROUP BY over the integer columns with no reader around it.
var ceiling = await TimeAsync(async () =>
{
    using var scope = sp.CreateScope();
    scope.ServiceProvider.GetRequiredService<Tenant>().Set(org);
    var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
    await db.InsightCounters.AsNoTracking().Where(c => c.Day >= ninety.From && c.Day <= ninety.To && c.AgentUserId == InsightCounter.AllAgents)
        .GroupBy(c => c.Day).Select(g => new { g.Key, C = g.Sum(c => c.Contacts), M = g.Sum(c => c.FirstResponseMet), S = g.Sum(c => c.SurveySum) })
        .ToListAsync();
});
Console.WriteLine(Row("ceiling: SELECT day, SUM(…) … GROUP BY day (90 days, all agents)", ceiling));
return 0;

async Task<List<double>> TimeAsync(Func<Task> once)
{
    for (var i = 0; i < warmup; i++) await once();
    var times = new List<double>(runs);
    for (var i = 0; i < runs; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await once();
        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
    return times;
}

static string Row(string name, List<double> times)
{
    var sorted = times.Order().ToList();
    double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    return string.Create(CultureInfo.InvariantCulture, $"| {name} | {At(0.5):F1} | {At(0.95):F1} |");
}

static string Slug(string name)
{
    var plain = new StringBuilder();
    foreach (var ch in name.Normalize(NormalizationForm.FormD))
        if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark) plain.Append(char.ToLowerInvariant(ch));
    return string.Join('-', plain.ToString().Split([' ', '-', '.', ','], StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>
/// Counter rows shaped like <c>contacts</c> contacts over 90 days (the history generator's span): every published version,
/// two channels, each agent with their department, plus the all-agents rows, with both clocks' histograms, reasons and plans.
/// </summary>
internal static class Shape
{
    /// <summary>What the reader needs, as the app registers it.</summary>
    public static ServiceProvider Services(IConfiguration config)
    {
        var services = new ServiceCollection();
        services.AddPautaData(config);
        services.AddMemoryCache();
        services.AddScoped<TrainingStandings>();
        services.AddScoped<PublishedProtocols>();
        services.AddScoped<InsightsReader>();
        services.AddLogging();
        return services.BuildServiceProvider();
    }

    public static async Task FillAsync(PautaDbContext db, int contacts)
    {
        await db.InsightCounters.ExecuteDeleteAsync();
        var versions = (await db.Protocols.AsNoTracking().Where(p => p.PublishedVersion > 0).Select(p => new { p.Id, p.PublishedVersion }).ToListAsync())
            .SelectMany(p => Enumerable.Range(1, p.PublishedVersion).Select(v => (p.Id, v))).ToList();
        var agents = await db.Members.AsNoTracking().Select(m => new { m.UserId, Department = m.DepartmentId ?? Guid.Empty }).ToListAsync();
        Channels[] channels = [Channels.Phone, Channels.InPerson];
        var last = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var cells = 90 * versions.Count * channels.Length * agents.Count;
        var perRow = Math.Max(1, contacts / cells);
        var random = new Random(11);
        var allAgents = new Dictionary<(DateOnly, Guid, int, Channels, Guid), InsightCounts>();
        var batch = new List<InsightCounter>();
        for (var d = 0; d < 90; d++)
        {
            var day = last.AddDays(-d);
            foreach (var (protocol, version) in versions)
            foreach (var channel in channels)
            foreach (var a in agents)
            {
                var counts = InsightCounts.ParseContact(Text(random, perRow));
                batch.Add(Row(day, protocol, version, channel, a.UserId, a.Department, counts));
                foreach (var key in new[] { (day, protocol, version, channel, a.Department), (day, protocol, version, Channels.None, InsightCounter.AllDepartments) })
                {
                    if (!allAgents.TryGetValue(key, out var sum)) allAgents[key] = sum = InsightCounts.EmptyContact();
                    sum.Add(counts);
                }
            }
            if (batch.Count > 5000) await SaveAsync(db, batch);
        }
        foreach (var ((day, protocol, version, channel, department), sum) in allAgents)
        {
            batch.Add(Row(day, protocol, version, channel, InsightCounter.AllAgents, department, sum));
            if (batch.Count > 5000) await SaveAsync(db, batch);
        }
        await SaveAsync(db, batch);
    }

    private static InsightCounter Row(DateOnly day, Guid protocol, int version, Channels channel, Guid agent, Guid department, InsightCounts counts)
    {
        var row = new InsightCounter
        {
            Day = day, ProtocolId = protocol, ProtocolVersion = version, Channel = channel, AgentUserId = agent, DepartmentId = department,
            Counts = counts.ToText(),
        };
        row.SetNumbers(counts);
        return row;
    }

    private static async Task SaveAsync(PautaDbContext db, List<InsightCounter> batch)
    {
        db.InsightCounters.AddRange(batch);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        batch.Clear();
    }

    /// <summary>One agent's row of <paramref name="n"/> contacts: every number, two histograms, a few reasons and plans.</summary>
    private static string Text(Random r, int n)
    {
        var closed = r.Next(n / 2, n + 1);
        var frMet = r.Next(0, closed + 1);
        var resMet = r.Next(0, closed + 1);
        var answers = r.Next(0, n / 3 + 1);
        var sum = 0L;
        var squares = 0L;
        for (var i = 0; i < answers; i++) { var s = r.Next(1, 6); sum += s; squares += s * s; }
        var escalated = r.Next(0, n / 5 + 1);
        var plans = r.Next(0, n / 10 + 1);
        var recoveries = r.Next(0, n / 20 + 1);
        long[] numbers = [n, closed, frMet, closed - frMet, n - closed, resMet, closed - resMet, n - closed, escalated, r.Next(0, n / 20 + 1),
            plans, r.Next(0, n / 20 + 1), answers, sum, squares, recoveries, r.Next(0, recoveries + 1), recoveries];
        string Histogram(int count, int low, int high) => string.Join(',', Enumerable.Range(0, count).Select(_ => r.Next(low, high))
            .GroupBy(b => b).OrderBy(g => g.Key).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}:{g.Count()}")));
        string Keyed(int count, string[] keys) => string.Join(',', Enumerable.Range(0, count).Select(_ => keys[r.Next(keys.Length)])
            .GroupBy(k => k).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}:{g.Count()}")));
        return string.Join(',', numbers.Select(x => x.ToString(CultureInfo.InvariantCulture))) + "|" + Histogram(closed, 20, 80) + "|" + Histogram(closed, 40, 110)
            + "|" + Keyed(escalated, ["manual", "angry-customer", "vip", "legal", "refund-over-limit"]) + "|" + Keyed(plans, ["outage", "stock", "payment"]);
    }
}
