using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Audit;
using Pauta.Core.Organisations;
using Pauta.Data;
using Pauta.Data.Audit;
using Pauta.Data.Contacts;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;
using Pauta.Web.Infrastructure;

// bench/run-audit.sh drives this tool; it prints markdown table rows.
//   AuditBench --connection CS [--seconds 10] [--writers 64] [--batch 100] [--proof-entries 10000000] [--proofs 1000]
// The database is prepared as Pauta prepares it (migrations + the demo organisation).
var o = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal) && x.i + 1 < args.Length)
    .ToDictionary(x => x.a[2..], x => args[x.i + 1], StringComparer.Ordinal);
var connection = o["connection"];
var seconds = double.Parse(o.GetValueOrDefault("seconds", "10"), CultureInfo.InvariantCulture);
var writers = int.Parse(o.GetValueOrDefault("writers", "64"), CultureInfo.InvariantCulture);
var batch = int.Parse(o.GetValueOrDefault("batch", "100"), CultureInfo.InvariantCulture);
var proofEntries = long.Parse(o.GetValueOrDefault("proof-entries", "10000000"), CultureInfo.InvariantCulture);
var proofs = int.Parse(o.GetValueOrDefault("proofs", "1000"), CultureInfo.InvariantCulture);
var cases = o.GetValueOrDefault("case", "all");

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
builder.Configuration["Pauta:Database:Provider"] = "Sqlite";
builder.Configuration[$"ConnectionStrings:{DataServices.ConnectionStringName}"] = connection;
builder.Configuration["Pauta:Demo:Enabled"] = "true";
builder.Configuration["Pauta:Audit:CheckpointWorker"] = "false";
builder.Configuration["Logging:LogLevel:Default"] = "Warning";
builder.Configuration["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None";
builder.AddPauta();
await using var app = builder.Build();
await app.PrepareDatabaseAsync();

var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
var clock = TimeProvider.System;
Guid organisation, agent, protocol; int version;
using (var scope = scopes.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
    organisation = await db.Organisations.IgnoreQueryFilters().Where(x => x.IsDemo).Select(x => x.Id).FirstAsync();
    agent = await db.Members.IgnoreQueryFilters().Where(m => m.OrganisationId == organisation && m.Role == Role.Agent).Select(m => m.UserId).FirstAsync();
    var p = await db.Protocols.IgnoreQueryFilters().Where(x => x.OrganisationId == organisation && x.PublishedVersion > 0)
        .OrderBy(x => x.Title).Select(x => new { x.Id, x.PublishedVersion }).FirstAsync();
    (protocol, version) = (p.Id, p.PublishedVersion);
}

async Task<long> HeadAsync(Guid org)
{
    using var scope = scopes.CreateScope();
    scope.ServiceProvider.GetRequiredService<Tenant>().Set(org);
    return await new AuditLog(scope.ServiceProvider.GetRequiredService<PautaDbContext>()).SizeAsync();
}

Console.WriteLine("| case | entries | seconds | entries/s |");
Console.WriteLine("|---|---:|---:|---:|");

if (cases is "all" or "writer")
{
    // 64 agents each working through contacts: a start, then steps, every action one audit entry via the group commit.
    var writer = app.Services.GetRequiredService<IContactEventWriter>();
    var data = """[{"type":"step.completed","step":"greeting","checklist":[true,true,false]}]""";
    var projection = new ContactProjection(agent, ContactStatus.Open, null, null, false, false, null, clock.GetUtcNow().UtcDateTime.AddMinutes(30));
    var before = await HeadAsync(organisation);
    var stop = Stopwatch.StartNew();
    var until = TimeSpan.FromSeconds(seconds);
    await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
    {
        while (stop.Elapsed < until)
        {
            var id = Guid.NewGuid();
            var contact = new Contact
            {
                OrganisationId = organisation, Id = id, Channel = Channels.Phone, Reason = "Quiero devolver un pedido", ProtocolId = protocol,
                ProtocolVersion = version, AgentUserId = agent, HandlerUserId = agent, StartedAt = clock.GetUtcNow().UtcDateTime,
            };
            var r = await writer.AppendAsync(new ContactAppend(organisation, id, Guid.NewGuid(), 0, "started", data, clock.GetUtcNow().UtcDateTime, agent, projection, contact));
            for (var seq = r.Sequence; seq < 20 && stop.Elapsed < until; seq++)
                await writer.AppendAsync(new ContactAppend(organisation, id, Guid.NewGuid(), seq, "step", data, clock.GetUtcNow().UtcDateTime, agent, projection));
        }
    })));
    var elapsed = stop.Elapsed.TotalSeconds;
    var added = await HeadAsync(organisation) - before;
    Console.WriteLine($"| contact writer, {writers} concurrent agents (one entry per action, group commit) | {added:N0} | {elapsed:F1} | {added / elapsed:N0} |");
}

if (cases is "all" or "ef")
{
    foreach (var (perSave, parallel) in new[] { (batch, 4), (1, writers) })
    {
        var before = await HeadAsync(organisation);
        var stop = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(w => Task.Run(async () =>
        {
            for (var n = 0; stop.Elapsed < until; n++)
            {
                using var scope = scopes.CreateScope();
                scope.ServiceProvider.GetRequiredService<Tenant>().Set(organisation);
                var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
                for (var i = 0; i < perSave; i++) db.Audit(agent, "bench.saved", "Bench", $"{w}-{n}-{i}", "a setting changed from 10 to 12");
                await db.SaveChangesAsync();
            }
        })));
        var elapsed = stop.Elapsed.TotalSeconds;
        var added = await HeadAsync(organisation) - before;
        Console.WriteLine($"| EF SaveChanges, {perSave} entr{(perSave == 1 ? "y" : "ies")} a save, {parallel} concurrent contexts | {added:N0} | {elapsed:F1} | {added / elapsed:N0} |");
    }
}

if (cases is "all" or "proof")
{
    var big = Guid.NewGuid();
    using (var scope = scopes.CreateScope())
    {
        scope.ServiceProvider.GetRequiredService<Tenant>().Set(big);
        var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
        db.Organisations.Add(new Organisation { Id = big, Name = "Bench audit", BrandName = "Bench" });
        await db.SaveChangesAsync();
    }
    var fill = Stopwatch.StartNew();
    using (var scope = scopes.CreateScope())
        await AuditBulk.AppendAsync(scope.ServiceProvider.GetRequiredService<PautaDbContext>(), big, proofEntries, new DateTimeOffset(2026, 3, 3, 9, 30, 0, TimeSpan.Zero));
    var filled = fill.Elapsed.TotalSeconds;
    Console.WriteLine($"| bulk fill for the proof bench (prepared inserts, 50,000 a transaction) | {proofEntries:N0} | {filled:F1} | {proofEntries / filled:N0} |");
    var nodes = Stopwatch.StartNew();
    int written;
    using (var scope = scopes.CreateScope())
    {
        scope.ServiceProvider.GetRequiredService<Tenant>().Set(big);
        written = await new AuditLog(scope.ServiceProvider.GetRequiredService<PautaDbContext>()).WriteCompletedNodesAsync(proofEntries);
    }
    Console.WriteLine($"| writing the completed subtrees (levels 8 and 16) | {written:N0} nodes | {nodes.Elapsed.TotalSeconds:F1} | |");
    Console.WriteLine();

    var random = new Random(11);
    var times = new List<double>(proofs);
    var roots = new List<double>();
    byte[]? root = null;
    using (var scope = scopes.CreateScope())
    {
        scope.ServiceProvider.GetRequiredService<Tenant>().Set(big);
        var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
        var log = new AuditLog(db);
        for (var i = 0; i < 20; i++)
        {
            var t = Stopwatch.StartNew();
            root = await log.RootAsync(proofEntries);
            roots.Add(t.Elapsed.TotalMilliseconds);
        }
        for (var i = 0; i < proofs; i++)
        {
            var index = random.NextInt64(proofEntries);
            var t = Stopwatch.StartNew();
            var proof = await log.InclusionProofAsync(index, proofEntries);
            times.Add(t.Elapsed.TotalMilliseconds);
            if (i < 20)
            {
                var leaf = await db.AuditEntries.AsNoTracking().Where(e => e.LeafIndex == index).Select(e => e.LeafHash).SingleAsync();
                if (!MerkleProofs.VerifyInclusion(index, proofEntries, leaf, proof, root)) throw new InvalidOperationException($"proof of {index} does not verify");
            }
        }
    }
    times.Sort(); roots.Sort();
    double P(List<double> xs, double q) => xs[Math.Min(xs.Count - 1, (int)Math.Ceiling(q * xs.Count) - 1)];
    Console.WriteLine("| at 10^7 entries | n | p50 ms | p95 ms | max ms |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    Console.WriteLine($"| inclusion proof (random index, size = {proofEntries:N0}) | {times.Count} | {P(times, .5):F2} | {P(times, .95):F2} | {times[^1]:F2} |");
    Console.WriteLine($"| root of the whole log | {roots.Count} | {P(roots, .5):F2} | {P(roots, .95):F2} | {roots[^1]:F2} |");
}
return 0;
