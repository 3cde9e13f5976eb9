using Microsoft.EntityFrameworkCore;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.Training;
using Pauta.Data.Entities;
using Pauta.Tests.Shared;
using Pauta.Web.Features.Contacts;
using Pauta.Web.Features.Shared;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;
using Xunit.Abstractions;

namespace Pauta.Web.Tests.Training;

/// <summary>
/// At least 1,000 start attempts (a smaller run on PostgreSQL) through the real <see cref="ContactRunService"/>, over people,
/// protocol versions (minor and major publishes), the organisation's and the courses' gates, acknowledgements of current and
/// older versions, and overrides (fresh, used, expired, another agent's, another protocol's, an older version's), against a
/// model of the rules written here: 0 ungated starts let through, 0 gated starts wrongly refused, each override used at most
/// once and by the contact the model expects. The seed is fixed and printed, so a failure can be replayed.
/// </summary>
public abstract class GateRandomizedTests(ClockedApp app, ITestOutputHelper output)
{
    protected abstract int Starts { get; }
    private const int Seed = 20261207;
    private const int MaxPublishes = 12;

    private static readonly string[] People =
        ["sofia@suarez.example", "diego@suarez.example", "valentina@suarez.example", "paula@suarez.example", "tomas@suarez.example", Demo.Supervisor];
    private static readonly string[] Titles = [ProtocolScenarios.DemoReturns, ProtocolScenarios.DemoPhone, ProtocolScenarios.DemoComplaints];

    private sealed record ModelOverride(Guid Id, Guid Member, Guid Protocol, int Version, DateTimeOffset ExpiresAt)
    {
        public Guid? UsedBy { get; set; }
    }

    [Fact]
    public async Task No_ungated_start_gets_through_and_no_gated_start_is_refused()
    {
        output.WriteLine($"seed {Seed}, {Starts} starts");
        var random = new Random(Seed);
        var (organisation, _, _) = await app.MemberAsync(Demo.Owner);
        var members = new Dictionary<string, (Guid Member, Guid User)>();
        foreach (var p in People)
        {
            var (_, member, user) = await app.MemberAsync(p);
            members[p] = (member, user);
        }
        var protocols = new List<Guid>();
        foreach (var t in Titles) protocols.Add(await app.ProtocolIdAsync(t));

        // The model: versions (number → major?), gates, acknowledgements, overrides.
        var versions = new Dictionary<Guid, SortedDictionary<int, bool>>();
        foreach (var p in protocols)
            versions[p] = new SortedDictionary<int, bool>(await app.WithDbAsync(db => db.ProtocolVersions.IgnoreQueryFilters().Where(v => v.ProtocolId == p)
                .ToDictionaryAsync(v => v.Number, v => v.ChangeSize == ChangeSize.Major)));
        var organisationGate = GateMode.Off;
        await app.SetOrganisationGateAsync(organisationGate);
        var courseGate = protocols.ToDictionary(p => p, _ => (GateMode?)null);
        var acknowledged = new HashSet<(Guid Member, Guid Protocol, int Version)>();
        var overrides = new List<ModelOverride>();

        int Published(Guid p) => versions[p].Keys.Max();
        int Major(Guid p) => versions[p].Where(v => v.Value || v.Key == 1).Select(v => v.Key).DefaultIfEmpty(1).Max();

        int starts = 0, allowed = 0, refused = 0, byOverride = 0, warned = 0, letThrough = 0, wronglyRefused = 0, publishes = 0;
        var gateModes = Enum.GetValues<GateMode>();
        while (starts < Starts)
        {
            var roll = random.Next(100);
            var protocol = protocols[random.Next(protocols.Count)];
            var person = People[random.Next(People.Length)];
            var member = members[person].Member;
            var now = app.Clock.GetUtcNow();
            if (roll < 1 && publishes < MaxPublishes)
            {
                var size = random.Next(2) == 0 ? ChangeSize.Minor : ChangeSize.Major;
                var number = await app.PublishEditAsync(protocol, p => p with { Purpose = p.Purpose + " ·" }, $"cambio {publishes}", size);
                versions[protocol][number] = size == ChangeSize.Major;
                publishes++;
            }
            else if (roll < 8)
            {
                // Mostly block: that is where the gate has work to do.
                organisationGate = random.Next(10) switch { < 6 => GateMode.Block, < 8 => GateMode.Warn, _ => GateMode.Off };
                await app.SetOrganisationGateAsync(organisationGate);
            }
            else if (roll < 13)
            {
                var mode = random.Next(2) == 0 ? (GateMode?)null : gateModes[random.Next(gateModes.Length)];
                await app.SetCourseGateAsync(protocol, mode);
                courseGate[protocol] = mode;
            }
            else if (roll < 14)
            {
                // The current version, the current major, or an older one.
                var all = versions[protocol].Keys.ToList();
                var version = random.Next(3) switch { 0 => Published(protocol), 1 => Major(protocol), _ => all[random.Next(all.Count)] };
                await app.AcknowledgeAsync(person, protocol, version);
                acknowledged.Add((member, protocol, version));
            }
            else if (roll < 26)
            {
                // Fresh, already expired, or for an older major version; another agent's or protocol's by the draw itself.
                var kind = random.Next(4);
                var version = kind == 3 && Major(protocol) > 1 ? Major(protocol) - 1 : Major(protocol);
                var expires = kind == 2 ? now.AddMinutes(-random.Next(1, 60)) : now.AddMinutes(random.Next(1, 120));
                var o = new ModelOverride(Guid.NewGuid(), member, protocol, version, expires);
                await app.WithDbAsync(async db =>
                {
                    db.GateOverrides.Add(new GateOverride
                    {
                        OrganisationId = organisation, Id = o.Id, AgentMemberId = o.Member, ProtocolId = o.Protocol, VersionNumber = o.Version,
                        GrantedByUserId = members[Demo.Supervisor].User, Reason = "randomized", GrantedAt = now.UtcDateTime, ExpiresAt = expires.UtcDateTime,
                    });
                    await db.SaveChangesAsync();
                }, organisation);
                overrides.Add(o);
            }
            else if (roll < 31)
            {
                app.Clock.Advance(TimeSpan.FromMinutes(random.Next(1, 30)));
            }
            else
            {
                starts++;
                // Often someone who has an override (fresh, used, expired or for an older version) tries the protocol it names.
                if (overrides.Count > 0 && random.Next(100) < 40)
                {
                    var o = overrides[random.Next(Math.Max(0, overrides.Count - 10), overrides.Count)];
                    protocol = o.Protocol;
                    person = members.Single(m => m.Value.Member == o.Member).Key;
                    member = o.Member;
                }
                var major = Major(protocol);
                var trained = acknowledged.Any(a => a.Member == member && a.Protocol == protocol && a.Version >= major);
                var mode = courseGate[protocol] ?? organisationGate;
                var usable = overrides.Where(o => o.Member == member && o.Protocol == protocol && o.Version == major && o.UsedBy is null && now < o.ExpiresAt)
                    .OrderBy(o => o.ExpiresAt).ThenBy(o => o.Id).FirstOrDefault();
                var expectAllowed = trained || mode != GateMode.Block || usable is not null;
                var expectOverride = !trained && mode == GateMode.Block ? usable : null;

                var id = Guid.NewGuid();
                var outcome = await app.Services.AsAsync<ContactRunService, Outcome<ContactRun>>(person, s =>
                    s.StartAsync(new StartContactInput(id, Channels.Phone, "quiero devolver algo", protocol), default));
                var used = await app.WithDbAsync(db => db.GateOverrides.IgnoreQueryFilters().Where(o => o.UsedByContactId == id).Select(o => o.Id).ToListAsync());
                var context = $"start {starts}: {person} on {protocol} (major {major}, gate {mode}, trained {trained}, override {usable?.Id})";
                switch (outcome.Failure)
                {
                    case Failure.None:
                        allowed++;
                        if (!expectAllowed) letThrough++;
                        used.ShouldBe(expectOverride is null ? [] : [expectOverride.Id], context);
                        if (expectOverride is not null) { expectOverride.UsedBy = id; byOverride++; }
                        else if (!trained && mode == GateMode.Warn) warned++;
                        break;
                    case Failure.Forbidden:
                        refused++;
                        if (expectAllowed) wronglyRefused++;
                        outcome.Problems.Single().Code.ShouldBe(TrainingGate.BlockedCode, context);
                        outcome.Problems.Single().Args.ShouldBe([major], context);
                        used.ShouldBeEmpty(context);
                        break;
                    default:
                        throw new ShouldAssertException($"{context}: {outcome.Failure} {string.Join("; ", outcome.Problems.Select(p => p.Code))}");
                }
                letThrough.ShouldBe(0, context);
                wronglyRefused.ShouldBe(0, context);
            }
        }

        output.WriteLine($"{starts} starts: {allowed} allowed ({byOverride} by an override, {warned} warned), {refused} refused; {publishes} publishes, " +
            $"{overrides.Count} overrides, {acknowledged.Count} acknowledgements");
        letThrough.ShouldBe(0);
        wronglyRefused.ShouldBe(0);
        refused.ShouldBeGreaterThan(0, "the run must exercise the block");
        byOverride.ShouldBeGreaterThan(0, "the run must exercise overrides");

        // Each override used at most once, by a contact of its own agent on its own protocol, exactly as the model says.
        var stored = await app.WithDbAsync(db => db.GateOverrides.IgnoreQueryFilters().Where(o => o.Reason == "randomized")
            .Select(o => new { o.Id, o.AgentMemberId, o.ProtocolId, o.UsedByContactId }).ToListAsync());
        stored.Where(o => o.UsedByContactId is not null).Select(o => o.UsedByContactId).Distinct().Count()
            .ShouldBe(stored.Count(o => o.UsedByContactId is not null));
        foreach (var o in stored)
        {
            o.UsedByContactId.ShouldBe(overrides.Single(m => m.Id == o.Id).UsedBy);
            if (o.UsedByContactId is not { } contact) continue;
            var row = await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().Where(c => c.Id == contact).Select(c => new { c.AgentUserId, c.ProtocolId }).SingleAsync());
            row.ProtocolId.ShouldBe(o.ProtocolId);
            row.AgentUserId.ShouldBe(members.Values.Single(m => m.Member == o.AgentMemberId).User);
        }
    }
}

public sealed class GateRandomizedOnSqlite(SqliteClockedApp app, ITestOutputHelper output) : GateRandomizedTests(app, output), IClassFixture<SqliteClockedApp>
{
    protected override int Starts => 1000;
}

public sealed class GateRandomizedOnPostgres(PostgresClockedApp app, ITestOutputHelper output) : GateRandomizedTests(app, output), IClassFixture<PostgresClockedApp>
{
    protected override int Starts => 200;
}
