using Pauta.Core.Training;

namespace Pauta.Core.Tests.Training;

/// <summary>The gate over every mode × trained × override case: unused, used, expired, another protocol's, another agent's, another version's.</summary>
public sealed class TrainingGateTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 3, 9, 30, 0, TimeSpan.Zero);
    private static readonly Guid Agent = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid OtherAgent = Guid.Parse("00000000-0000-0000-0000-0000000000a2");
    private static readonly Guid Protocol = Guid.Parse("00000000-0000-0000-0000-0000000000b1");
    private static readonly Guid OtherProtocol = Guid.Parse("00000000-0000-0000-0000-0000000000b2");
    private const int Major = 3;

    public enum OverrideCase { None, Unused, Used, Expired, ExpiresNow, OtherProtocol, OtherAgent, OlderVersion }

    private static GateOverrideView? Override(OverrideCase c, Guid id) => c switch
    {
        OverrideCase.None => null,
        OverrideCase.Unused => new(id, Agent, Protocol, Major, Now.AddHours(1), null),
        OverrideCase.Used => new(id, Agent, Protocol, Major, Now.AddHours(1), Guid.NewGuid()),
        OverrideCase.Expired => new(id, Agent, Protocol, Major, Now.AddMinutes(-1), null),
        OverrideCase.ExpiresNow => new(id, Agent, Protocol, Major, Now, null),
        OverrideCase.OtherProtocol => new(id, Agent, OtherProtocol, Major, Now.AddHours(1), null),
        OverrideCase.OtherAgent => new(id, OtherAgent, Protocol, Major, Now.AddHours(1), null),
        OverrideCase.OlderVersion => new(id, Agent, Protocol, Major - 1, Now.AddHours(1), null),
    };

    public static TheoryData<GateMode, bool, OverrideCase> Every()
    {
        var data = new TheoryData<GateMode, bool, OverrideCase>();
        foreach (var mode in Enum.GetValues<GateMode>())
            foreach (var trained in new[] { false, true })
                foreach (var c in Enum.GetValues<OverrideCase>())
                    data.Add(mode, trained, c);
        return data;
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void Decides_every_mode_training_and_override(GateMode mode, bool trained, OverrideCase c)
    {
        var id = Guid.Parse("00000000-0000-0000-0000-0000000000c1");
        var overrides = Override(c, id) is { } o ? new[] { o } : [];
        var decision = TrainingGate.Decide(mode, trained, Major, Agent, Protocol, overrides, Now);

        GateDecision expected = (mode, trained, c) switch
        {
            (_, true, _) => new GateDecision.Allowed(),
            (GateMode.Off, false, _) => new GateDecision.Allowed(),
            (GateMode.Warn, false, _) => new GateDecision.Warned(Major),
            (GateMode.Block, false, OverrideCase.Unused) => new GateDecision.AllowedByOverride(id, Major),
            (GateMode.Block, false, _) => new GateDecision.Blocked(Major),
            _ => throw new InvalidOperationException("Every case is named above."),
        };
        decision.ShouldBe(expected);
        decision.Lets.ShouldBe(!(mode == GateMode.Block && !trained && c != OverrideCase.Unused));
    }

    [Fact]
    public void Of_several_usable_overrides_the_one_expiring_first_is_used_whatever_the_order_read()
    {
        var late = new GateOverrideView(Guid.Parse("00000000-0000-0000-0000-000000000001"), Agent, Protocol, Major, Now.AddHours(8), null);
        var soon = new GateOverrideView(Guid.Parse("00000000-0000-0000-0000-000000000009"), Agent, Protocol, Major, Now.AddHours(1), null);
        var used = new GateOverrideView(Guid.Parse("00000000-0000-0000-0000-000000000005"), Agent, Protocol, Major, Now.AddMinutes(5), Guid.NewGuid());
        TrainingGate.Decide(GateMode.Block, false, Major, Agent, Protocol, [late, soon, used], Now)
            .ShouldBe(new GateDecision.AllowedByOverride(soon.Id, Major));
        TrainingGate.Decide(GateMode.Block, false, Major, Agent, Protocol, [used, soon, late], Now)
            .ShouldBe(new GateDecision.AllowedByOverride(soon.Id, Major));
    }

    [Fact]
    public void Codes_name_the_version_missing()
    {
        var warned = (GateDecision.Warned)TrainingGate.Decide(GateMode.Warn, false, 4, Agent, Protocol, [], Now);
        warned.Code.ShouldBe("Training.Gate.NotTrained");
        warned.Version.ShouldBe(4);
        var blocked = (GateDecision.Blocked)TrainingGate.Decide(GateMode.Block, false, 4, Agent, Protocol, [], Now);
        blocked.Code.ShouldBe("Training.Gate.Blocked");
        blocked.Version.ShouldBe(4);
    }

    [Theory]
    [InlineData(GateMode.Off, null, GateMode.Off)]
    [InlineData(GateMode.Block, null, GateMode.Block)]
    [InlineData(GateMode.Block, GateMode.Off, GateMode.Off)]
    [InlineData(GateMode.Off, GateMode.Warn, GateMode.Warn)]
    [InlineData(GateMode.Warn, GateMode.Block, GateMode.Block)]
    public void The_course_gate_wins_over_the_organisations(GateMode organisation, GateMode? course, GateMode expected) =>
        TrainingGate.Effective(organisation, course).ShouldBe(expected);
}

/// <summary>An override lasts until the end of the working day it was granted in (or of the next one, after hours).</summary>
public sealed class OverrideExpiryTests
{
    [Theory]
    // Tuesday 10:30 and 15:00 (between the two shifts) in Madrid → Tuesday 20:00.
    [InlineData("2026-03-03 10:30 +01:00", "2026-03-03 20:00 +01:00")]
    [InlineData("2026-03-03 15:00 +01:00", "2026-03-03 20:00 +01:00")]
    // After the close → the end of Wednesday.
    [InlineData("2026-03-03 20:00 +01:00", "2026-03-04 20:00 +01:00")]
    // Saturday after its 14:00 close, Sunday closed → Monday 20:00.
    [InlineData("2026-03-07 15:00 +01:00", "2026-03-09 20:00 +01:00")]
    // Early morning before the opening → the end of that same day.
    [InlineData("2026-03-03 07:00 +01:00", "2026-03-03 20:00 +01:00")]
    public void Lasts_until_the_end_of_the_working_day(string granted, string expires) =>
        TrainingGate.OverrideExpiry(Pauta.Core.Tests.ServiceLevels.Calendars.Shop(), Pauta.Core.Tests.ServiceLevels.Calendars.At(granted))
            .ShouldBe(Pauta.Core.Tests.ServiceLevels.Calendars.At(expires));
}
