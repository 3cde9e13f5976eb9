using System.Text.Json;
using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Protocols;

public class ProtocolMigrationTests
{
    /// <summary>What a clock runs on: the target's clock, duration, counting and calendar.</summary>
    private static List<(ContactClock, TimeSpan?, ServiceClock, string)> Runs(Protocol protocol, Channels channel, SubChannels sub) =>
        ServiceTargets.For(protocol, channel, sub).Select(t => (t.Clock, t.Duration, t.Counting, t.Calendar)).ToList();

    private static Protocol Levels() => PhoneProtocol() with
    {
        Channels = Channels.All,
        ServiceLevels =
        [
            new ServiceLevel(Channels.Phone, 20, 15 * 60, ServiceClock.Business),
            new ServiceLevel(Channels.Electronic | Channels.Print, 4 * 3600, 2 * 86_400 + 7, ServiceClock.Calendar),
            new ServiceLevel(Channels.InPerson, -1, 90, ServiceClock.Business),
        ],
        ServiceTargets = [new ServiceTarget { Clock = ContactClock.Answer, Channel = Channels.Print, Amount = 15, Unit = TargetUnit.BusinessDays, Calendar = CalendarRefs.Legal }],
    };

    [Fact]
    public void The_migrated_protocol_runs_the_same_clocks_on_every_channel_and_sub_channel()
    {
        var before = Levels();
        var after = ProtocolMigration.ToFormat2(before);
        foreach (var channel in ChannelList.Each)
        {
            foreach (var sub in SubChannelList.Each.Append(SubChannels.None))
                Runs(after, channel, sub).ShouldBe(Runs(before, channel, sub), $"{channel}/{sub}");
        }
    }

    [Fact]
    public void Levels_become_targets_in_the_largest_exact_unit_and_no_target_for_a_negative_time()
    {
        var after = ProtocolMigration.ToFormat2(Levels());
        after.ServiceLevels.ShouldBeEmpty();
        after.ServiceTargets.Select(t => (t.Clock, t.Channel, t.Amount, t.Unit, t.Counting)).ShouldBe(
        [
            (ContactClock.Answer, Channels.Print, 15, TargetUnit.BusinessDays, ServiceClock.Business),
            (ContactClock.FirstResponse, Channels.Phone, 20, TargetUnit.Seconds, ServiceClock.Business),
            (ContactClock.Resolution, Channels.Phone, 15, TargetUnit.Minutes, ServiceClock.Business),
            (ContactClock.FirstResponse, Channels.Electronic | Channels.Print, 4, TargetUnit.Hours, ServiceClock.Calendar),
            (ContactClock.Resolution, Channels.Electronic | Channels.Print, 2 * 86_400 + 7, TargetUnit.Seconds, ServiceClock.Calendar),
            (ContactClock.Resolution, Channels.InPerson, 90, TargetUnit.Seconds, ServiceClock.Business),
        ]);
    }

    [Fact]
    public void Nothing_but_the_levels_and_targets_changes()
    {
        var before = Levels();
        var after = ProtocolMigration.ToFormat2(before);
        var options = new JsonSerializerOptions();
        JsonSerializer.Serialize(after with { ServiceLevels = before.ServiceLevels, ServiceTargets = before.ServiceTargets }, options)
            .ShouldBe(JsonSerializer.Serialize(before, options));
    }

    [Fact]
    public void A_protocol_without_levels_comes_back_as_it_is()
    {
        var protocol = PhoneProtocol() with { ServiceLevels = [], ServiceTargets = [AnswerTarget] };
        ProtocolMigration.ToFormat2(protocol).ShouldBeSameAs(protocol);
    }

    [Fact]
    public void The_migrated_phone_protocol_still_lints_clean()
    {
        ProtocolMigration.ToFormat2(PhoneProtocol()).Lint().ShouldBeEmpty();
    }
}
