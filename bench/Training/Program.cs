using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Data;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;

// bench/run-training.sh drives this tool.
//   seed --provider Sqlite|Postgres --connection CS [--people 500] [--protocols 200] [--seed 42]
// Fills the demo organisation (Tiendas Suárez) up to --people members and --protocols published protocols, and gives
// every person × protocol a training state drawn with fixed odds (30 % nothing, 15 % assigned, 10 % in progress,
// 10 % passed, 20 % acknowledged, 5 % overdue, 5 % refresher due, 5 % acknowledged an older major version).
var options = args.Skip(1).Chunk(2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
if (args.FirstOrDefault() != "seed") { Console.Error.WriteLine("usage: Training seed --provider Sqlite|Postgres --connection CS [--people 500] [--protocols 200]"); return 2; }
int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
var peopleWanted = Int("people", 500);
var protocolsWanted = Int("protocols", 200);
var random = new Random(Int("seed", 42));

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
    var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
    return db;
}
var started = Stopwatch.GetTimestamp();
var now = TimeProvider.System.GetUtcNow().UtcDateTime;

// People and protocols up to the numbers asked for.
using (var scope = sp.CreateScope())
{
    var db = Db(scope);
    var departments = await db.Departments.Select(d => d.Id).ToListAsync();
    var positions = await db.Positions.Select(p => new { p.Id, p.DepartmentId }).ToListAsync();
    var members = await db.Members.CountAsync();
    for (var i = members; i < peopleWanted; i++)
    {
        var email = $"persona{i:D5}@bench.example";
        var user = new User
        {
            Id = Guid.CreateVersion7(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email,
            NormalizedEmail = email.ToUpperInvariant(), EmailConfirmed = true, DisplayName = $"Persona {i:D5}", CreatedAt = now,
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        db.Users.Add(user);
        var position = positions[random.Next(positions.Count)];
        db.Members.Add(new Member { Id = Guid.CreateVersion7(), UserId = user.Id, Role = Role.Agent, JoinedAt = now, PositionId = position.Id, DepartmentId = position.DepartmentId });
    }
    var protocols = await db.Protocols.CountAsync(p => p.PublishedVersion > 0);
    for (var i = protocols; i < protocolsWanted; i++)
    {
        var id = Guid.CreateVersion7();
        var title = $"Protocolo de prueba {i:D4}: atención y seguimiento";
        // Every fourth protocol has a second, major version: people who acknowledged v1 need retraining.
        var versions = i % 4 == 0 ? 2 : 1;
        db.Protocols.Add(new ProtocolRecord { Id = id, Title = title, DepartmentName = "Atención al cliente", PublishedVersion = versions, CreatedAt = now, UpdatedAt = now, LastVerifiedAt = now });
        for (var v = 1; v <= versions; v++)
            db.ProtocolVersions.Add(new ProtocolVersion
            {
                ProtocolId = id, Number = v, Title = title, DepartmentName = "Atención al cliente", Text = "", ChangeSize = ChangeSize.Major,
                ChangeSummary = v == 1 ? "Primera versión." : "Cambio mayor.", PublishedByUserId = author, PublishedAt = now.AddDays(v - 90),
            });
    }
    await db.SaveChangesAsync();
}

// Courses for every protocol, then a state per person × protocol.
List<(Guid Id, int Version)> allProtocols;
List<Guid> allMembers;
using (var scope = sp.CreateScope())
{
    var db = Db(scope);
    allProtocols = (await db.Protocols.Where(p => p.PublishedVersion > 0).Select(p => new { p.Id, p.PublishedVersion }).ToListAsync())
        .Select(p => (p.Id, p.PublishedVersion)).ToList();
    allMembers = await db.Members.Select(m => m.Id).ToListAsync();
    var withCourse = await db.Courses.Select(c => c.ProtocolId).ToListAsync();
    foreach (var (id, version) in allProtocols.Where(p => !withCourse.Contains(p.Id)))
        db.Courses.Add(new Course { Id = Guid.CreateVersion7(), ProtocolId = id, VersionNumber = version, ContentHash = new string('0', 64), CreatedByUserId = author, CreatedAt = now, UpdatedAt = now });
    await db.SaveChangesAsync();
}
Dictionary<Guid, Guid> courses;
HashSet<(Guid, Guid)> seeded;
using (var scope = sp.CreateScope())
{
    var db = Db(scope);
    courses = await db.Courses.ToDictionaryAsync(c => c.ProtocolId, c => c.Id);
    // The demo's own training stays as it is.
    seeded = (await db.TrainingAssignments.Select(a => new { a.MemberId, a.ProtocolId }).ToListAsync())
        .Concat(await db.TrainingAcknowledgements.Select(a => new { a.MemberId, a.ProtocolId }).ToListAsync())
        .Concat(await db.RefresherSchedules.Select(a => new { a.MemberId, a.ProtocolId }).ToListAsync())
        .Concat(await db.QuizAttempts.Select(a => new { a.MemberId, a.ProtocolId }).ToListAsync())
        .Concat(await db.LessonProgress.Select(a => new { a.MemberId, a.ProtocolId }).ToListAsync())
        .Select(x => (x.MemberId, x.ProtocolId)).ToHashSet();
}

var rows = 0;
foreach (var chunk in allMembers.Chunk(25))
{
    using var scope = sp.CreateScope();
    var db = Db(scope);
    foreach (var member in chunk)
        foreach (var (protocol, version) in allProtocols)
        {
            var roll = random.Next(100);
            if (seeded.Contains((member, protocol))) continue;
            var course = courses[protocol];
            TrainingAssignment Assign(int dueInDays, DateTime? startedAt = null, DateTime? completedAt = null)
            {
                var a = new TrainingAssignment
                {
                    Id = Guid.CreateVersion7(), MemberId = member, ProtocolId = protocol, CourseId = course, ForVersion = version,
                    AssignedAt = now.AddDays(-20), DueAt = now.AddDays(dueInDays), StartedAt = startedAt, CompletedAt = completedAt,
                };
                db.TrainingAssignments.Add(a);
                rows++;
                return a;
            }
            QuizAttempt Attempt(int v, int score)
            {
                var q = new QuizAttempt { Id = Guid.CreateVersion7(), MemberId = member, ProtocolId = protocol, VersionNumber = v, StartedAt = now.AddDays(-3), Paper = "{}", SubmittedAt = now.AddDays(-3).AddMinutes(5), ScorePercent = score, Passed = score >= 70, Answers = "[]" };
                db.QuizAttempts.Add(q);
                rows++;
                return q;
            }
            void Acknowledge(int v, DateTime refresher)
            {
                var q = Attempt(v, 70 + random.Next(31));
                db.TrainingAcknowledgements.Add(new TrainingAcknowledgement { Id = Guid.CreateVersion7(), MemberId = member, ProtocolId = protocol, VersionNumber = v, ContentHash = new string('0', 64), QuizAttemptId = q.Id, ScorePercent = q.ScorePercent, At = now.AddDays(-2) });
                db.RefresherSchedules.Add(new RefresherSchedule { MemberId = member, ProtocolId = protocol, Stability = 30, Difficulty = 5, Reviews = 1, LastReviewAt = now.AddDays(-2), DueAt = refresher });
                rows += 2;
            }
            switch (roll)
            {
                case < 30: break;
                case < 45: Assign(10); break;
                case < 55:
                    Assign(10, now.AddDays(-1));
                    db.LessonProgress.Add(new LessonProgress { MemberId = member, ProtocolId = protocol, VersionNumber = version, LessonKey = "overview", CompletedAt = now.AddDays(-1) });
                    rows++;
                    break;
                case < 65: Assign(10, now.AddDays(-2)); Attempt(version, 70 + random.Next(31)); break;
                case < 85: Assign(-5, now.AddDays(-3), now.AddDays(-2)); Acknowledge(version, now.AddDays(40)); break;
                case < 90: Assign(-2); break;
                case < 95: Assign(-5, now.AddDays(-3), now.AddDays(-2)); Acknowledge(version, now.AddDays(-1)); break;
                default:
                    if (version > 1) { Acknowledge(version - 1, now.AddDays(30)); Assign(7); }
                    else Assign(10);
                    break;
            }
        }
    db.ChangeTracker.DetectChanges();
    await db.SaveChangesAsync();
}
Console.WriteLine($"{{\"people\":{allMembers.Count},\"protocols\":{allProtocols.Count},\"rows\":{rows},\"seconds\":{Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)}}}");
return 0;
