using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.Training;
using Pauta.Data;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;
using Pauta.Web.Features.Training;
using Pauta.Web.Infrastructure;

// bench/run-reassign.sh drives this tool (it needs the assign part's TrainingAssignments: run it on a tree where the
// assign branch is merged).
//   run --provider Postgres|Sqlite --connection CS [--people 10000] [--runs 3]
// Adds people to the demo organisation up to --people, a rule "every agent takes the salon booking course", then for
// each run publishes a new version of that protocol and times the re-assignment: first a minor version (must create 0),
// then --runs major versions (each re-assigns everyone the rule reaches; from the second on, replacing the open ones).
var options = args.Skip(1).Chunk(2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
if (args.FirstOrDefault() != "run") { Console.Error.WriteLine("usage: Reassign run --provider Postgres --connection CS [--people 10000] [--runs 3]"); return 2; }
int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
var peopleWanted = Int("people", 10_000);
var runs = Int("runs", 3);

var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Pauta:Database:Provider"] = options["provider"],
    [$"ConnectionStrings:{DataServices.ConnectionStringName}"] = options["connection"],
}).Build();
var services = new ServiceCollection();
services.AddPautaData(config);
#pragma warning disable ASP0000 // a console tool: this is its only service provider
await using var sp = services.BuildServiceProvider();
#pragma warning restore ASP0000

Guid org, author;
using (var scope = sp.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
    org = await db.Organisations.IgnoreQueryFilters().Where(o => o.Name == "Tiendas Suárez").Select(o => o.Id).SingleAsync();
    author = await db.Users.Where(u => u.Email == "lucia@suarez.example").Select(u => u.Id).SingleAsync();
}
PautaDbContext Db(IServiceScope scope)
{
    scope.ServiceProvider.GetRequiredService<Tenant>().Set(org);
    return scope.ServiceProvider.GetRequiredService<PautaDbContext>();
}
var now = TimeProvider.System.GetUtcNow().UtcDateTime;

Guid salon;
using (var scope = sp.CreateScope())
{
    var db = Db(scope);
    var members = await db.Members.CountAsync();
    for (var i = members; i < peopleWanted; i++)
    {
        var email = $"agente{i:D5}@bench.example";
        var user = new User
        {
            Id = Guid.CreateVersion7(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email,
            NormalizedEmail = email.ToUpperInvariant(), EmailConfirmed = true, DisplayName = $"Agente {i:D5}", CreatedAt = now,
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        db.Users.Add(user);
        db.Members.Add(new Member { Id = Guid.CreateVersion7(), UserId = user.Id, Role = Role.Agent, JoinedAt = now });
    }
    db.ChangeTracker.DetectChanges();
    await db.SaveChangesAsync();
    var course = await db.Courses.OrderBy(c => c.CreatedAt).FirstAsync(c => c.VersionNumber > 1);
    salon = course.ProtocolId;
    db.CourseRules.Add(new CourseRule
    {
        Id = Guid.CreateVersion7(), CourseId = course.Id, ProtocolId = salon, Target = AssignmentTarget.Role,
        TargetKey = ((int)Role.Agent).ToString(CultureInfo.InvariantCulture), DueInDays = 14, CreatedByUserId = author, CreatedAt = now,
    });
    db.ChangeTracker.DetectChanges();
    await db.SaveChangesAsync();
    Console.Error.WriteLine($"people: {await db.Members.CountAsync()}, agents: {await db.Members.CountAsync(m => m.Role == Role.Agent)}");
}

async Task<(int Created, double Seconds)> PublishAsync(ChangeSize size)
{
    using var scope = sp.CreateScope();
    var db = Db(scope);
    var record = await db.Protocols.SingleAsync(p => p.Id == salon);
    var last = await db.ProtocolVersions.Where(v => v.ProtocolId == salon).OrderByDescending(v => v.Number).FirstAsync();
    var number = record.PublishedVersion + 1;
    db.ProtocolVersions.Add(new ProtocolVersion
    {
        ProtocolId = salon, Number = number, Title = last.Title, DepartmentName = last.DepartmentName, Text = last.Text, ChangeSize = size,
        ChangeSummary = $"Bench {size}", PublishedByUserId = author, PublishedAt = TimeProvider.System.GetUtcNow().UtcDateTime,
    });
    record.PublishedVersion = number;
    await db.SaveChangesAsync();
    var assignments = new TrainingAssignments(db, new CurrentMember(), TimeProvider.System, new TrainingStandings(db));
    var started = Stopwatch.GetTimestamp();
    var created = await assignments.PublishedAsync(salon, number, size, CancellationToken.None);
    return (created, Stopwatch.GetElapsedTime(started).TotalSeconds);
}

var results = new List<string>();
var (minor, minorSeconds) = await PublishAsync(ChangeSize.Minor);
results.Add($"{{\"change\":\"Minor\",\"created\":{minor},\"seconds\":{minorSeconds.ToString("F3", CultureInfo.InvariantCulture)}}}");
for (var i = 0; i < runs; i++)
{
    var (created, seconds) = await PublishAsync(ChangeSize.Major);
    results.Add($"{{\"change\":\"Major\",\"created\":{created},\"seconds\":{seconds.ToString("F3", CultureInfo.InvariantCulture)}}}");
}
using (var scope = sp.CreateScope())
{
    var db = Db(scope);
    var open = await db.TrainingAssignments.CountAsync(a => a.ProtocolId == salon && a.CompletedAt == null && a.RemovedAt == null);
    Console.WriteLine($"{{\"people\":{await db.Members.CountAsync()},\"openAfter\":{open},\"runs\":[{string.Join(",", results)}]}}");
}
return 0;
