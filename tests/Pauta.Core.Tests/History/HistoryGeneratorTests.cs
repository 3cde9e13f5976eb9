using Pauta.Core.Contacts;
using Pauta.Core.History;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.Tests.Protocols;
using static Pauta.Core.Tests.ServiceLevels.Calendars;

namespace Pauta.Core.Tests.History;

public class HistoryGeneratorTests
{
    private static readonly Guid ShopDepartment = new("d0000000-0000-0000-0000-000000000001");
    private static readonly DateTimeOffset From = At("2026-01-05 00:00 +01:00");
    private static readonly DateTimeOffset To = At("2026-04-05 00:00 +02:00");
    private static readonly DateTimeOffset V2At = At("2026-02-20 12:00 +01:00");

    private static readonly HistoryPerson[] People =
    [
        new(new Guid("a0000000-0000-0000-0000-000000000001"), Role.Agent, ShopDepartment, Skill: 0.3),
        new(new Guid("a0000000-0000-0000-0000-000000000002"), Role.Agent, ShopDepartment, Skill: -0.3),
        new(new Guid("a0000000-0000-0000-0000-000000000003"), Role.Agent, null),
        new(new Guid("b0000000-0000-0000-0000-000000000001"), Role.Supervisor, ShopDepartment),
        new(new Guid("c0000000-0000-0000-0000-000000000001"), Role.Owner, null),
    ];

    /// <summary>The builder's phone protocol on every channel, with targets a busy shop misses now and then.</summary>
    private static Protocol AllChannels(string greeting = "Saludar") => ProtocolBuilder.PhoneProtocol().WithStep("saludo", s => s with { Title = greeting }) with
    {
        Channels = Channels.InPerson | Channels.Phone | Channels.Electronic,
        ServiceLevels =
        [
            new ServiceLevel(Channels.InPerson, FirstResponseSeconds: 30, ResolutionSeconds: 300, ServiceClock.Business),
            new ServiceLevel(Channels.Phone, FirstResponseSeconds: 20, ResolutionSeconds: 240, ServiceClock.Business),
            new ServiceLevel(Channels.Electronic, FirstResponseSeconds: 4 * 3600, ResolutionSeconds: 24 * 3600, ServiceClock.Business),
        ],
        EscalationRules = [.. ProtocolBuilder.PhoneProtocol().EscalationRules,
            new EscalationRule { Key = "plazo", Condition = EscalationCondition.TargetMissed, Detail = "Se pasó el plazo.", Target = "Supervisor" }],
    };

    private static readonly Guid ProtocolId = new("e0000000-0000-0000-0000-000000000001");

    private static HistoryOptions Options(int contacts, int seed = 7) => new()
    {
        Contacts = contacts,
        From = From,
        To = To,
        Calendar = Shop(),
        People = People,
        Seed = seed,
        Customers = 200,
        Protocols =
        [
            new HistoryProtocol(ProtocolId, [new HistoryVersion(1, AllChannels(), From.AddDays(-30)), new HistoryVersion(2, AllChannels("Saludar con una sonrisa"), V2At)],
                Reasons: ["Quiero devolver unos zapatos", "¿Tienen esta talla?"], DepartmentId: ShopDepartment),
        ],
    };

    private static readonly Lazy<IReadOnlyList<GeneratedContact>> Thousands = new(() => new HistoryGenerator(Options(3000)).All().ToList());

    [Fact]
    public void Every_generated_contact_replays_to_the_closed_contact_it_describes()
    {
        foreach (var contact in Thousands.Value)
        {
            var replayed = GuidedRun.Replay(contact.Protocol, contact.Events);
            replayed.IsClosed.ShouldBeTrue();
            replayed.Version.ShouldBe(contact.State.Version);
            replayed.Outcome.ShouldBe(contact.State.Outcome);
            replayed.AgentUserId.ShouldBe(contact.AgentUserId);
            contact.Actions[0].Id.ShouldBe(contact.Id);
            contact.Actions[0].Events[0].ShouldBeOfType<ContactEvent.Started>();
            contact.StartedAt.ShouldBeGreaterThanOrEqualTo(From);
            replayed.ClosedAt!.Value.ShouldBeLessThan(To);
        }
    }

    [Fact]
    public void Contacts_start_while_the_shop_is_open_and_on_the_version_published_then()
    {
        var calendar = Shop();
        foreach (var contact in Thousands.Value)
        {
            calendar.IsOpen(contact.StartedAt).ShouldBeTrue($"contact {contact.Index} starts at {contact.StartedAt:O}");
            contact.ProtocolVersion.ShouldBe(contact.StartedAt >= V2At ? 2 : 1);
        }
        Thousands.Value.Select(c => c.ProtocolVersion).Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public void The_same_seed_gives_the_same_history_and_another_seed_another()
    {
        var a = new HistoryGenerator(Options(50)).All().ToList();
        var b = new HistoryGenerator(Options(50)).All().ToList();
        var c = new HistoryGenerator(Options(50, seed: 8)).All().ToList();
        static string Shape(IEnumerable<GeneratedContact> list) => string.Join("\n", list.Select(x =>
            $"{x.Id} {x.Channel} {x.Survey?.Score} " + string.Join(",", x.Actions.Select(a => $"{a.Id}:{string.Join("+", a.Events.Select(e => $"{ContactEventTypes.NameOf(e)}@{e.At:O}"))}"))));
        Shape(b).ShouldBe(Shape(a));
        Shape(c).ShouldNotBe(Shape(a));
        // One contact alone is the same as in the whole run, so contacts can be made in parallel.
        Shape([new HistoryGenerator(Options(50)).Contact(17)]).ShouldBe(Shape([a[17]]));
    }

    [Fact]
    public void Ids_are_unique_across_contacts_actions_surveys_and_follow_ups()
    {
        var ids = Thousands.Value.SelectMany(c => c.Actions.Skip(1).Select(a => a.Id).Append(c.Id)
            .Concat(c.Survey is null ? [] : [c.Survey.Id]).Concat(c.FollowUps.Where(f => f.ServiceRecovery).Select(f => f.Id))).ToList();
        ids.Distinct().Count().ShouldBe(ids.Count);
        var tokens = Thousands.Value.Where(c => c.Survey is not null).Select(c => c.Survey!.TokenHash).ToList();
        tokens.Distinct().Count().ShouldBe(tokens.Count);
    }

    [Fact]
    public void What_happens_in_the_history_is_roughly_as_configured()
    {
        var all = Thousands.Value;
        double Share(Func<GeneratedContact, bool> f) => all.Count(f) / (double)all.Count;
        bool Has(GeneratedContact c, TimelineKind kind) => c.State.Timeline.Any(t => t.Kind == kind);

        Share(c => c.Survey is not null).ShouldBeInRange(0.45, 0.55);
        (all.Count(c => c.Survey?.Score is not null) / (double)all.Count(c => c.Survey is not null)).ShouldBeInRange(0.52, 0.68);
        Share(c => c.Customer is null).ShouldBeInRange(0.25, 0.35);
        Share(c => c.State.Escalations.Count > 0).ShouldBeInRange(0.03, 0.4);
        Share(c => Has(c, TimelineKind.TakenOver)).ShouldBeGreaterThan(0.01);
        Share(c => Has(c, TimelineKind.ReturnedWithGuidance)).ShouldBeGreaterThan(0.005);
        Share(c => Has(c, TimelineKind.StepSkipped)).ShouldBeInRange(0.05, 0.6);
        Share(c => Has(c, TimelineKind.PlanEntered)).ShouldBeInRange(0.02, 0.12);
        Share(c => Has(c, TimelineKind.WaitingOnCustomer)).ShouldBeInRange(0.02, 0.3);
        Share(c => Has(c, TimelineKind.ClockBreached)).ShouldBeInRange(0.02, 0.6);
        Share(c => Has(c, TimelineKind.WentBack)).ShouldBeGreaterThan(0.005);
        Share(c => c.State.OverrideReason is not null).ShouldBeInRange(0.01, 0.08);
        Share(c => c.State.Outcome == ContactOutcome.NeedsFollowUp).ShouldBeInRange(0.03, 0.15);
        Share(c => c.Channel == Channels.InPerson).ShouldBeInRange(0.33, 0.47);
        all.Where(c => c.State.Outcome == ContactOutcome.NeedsFollowUp).ShouldAllBe(c => c.FollowUps.Any(f => !f.ServiceRecovery));
        all.Where(c => c.Survey?.Score <= SurveyRules.LowScore)
            .ShouldAllBe(c => c.Survey!.LowScoreReason != null && c.FollowUps.Any(f => f.ServiceRecovery));
    }

    [Fact]
    public void Satisfaction_is_a_little_better_on_the_later_version_and_with_the_better_agent()
    {
        var scored = Thousands.Value.Where(c => c.Survey?.Score is not null).ToList();
        double Mean(Func<GeneratedContact, bool> f) => scored.Where(f).Average(c => c.Survey!.Score!.Value);
        Mean(c => c.ProtocolVersion == 2).ShouldBeGreaterThan(Mean(c => c.ProtocolVersion == 1));
        Mean(c => c.AgentUserId == People[0].UserId).ShouldBeGreaterThan(Mean(c => c.AgentUserId == People[1].UserId));
        scored.Select(c => c.Survey!.Score).Distinct().Count().ShouldBe(5);
    }
}
