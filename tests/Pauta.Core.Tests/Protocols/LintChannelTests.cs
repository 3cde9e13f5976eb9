using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Protocols;

public class LintChannelTests
{
    private static readonly ServiceLevel InPersonLevel = new(Channels.InPerson, 2, 10, ServiceClock.Business);

    /// <summary>The phone protocol also used at reception, with its service level but no greeting of its own yet.</summary>
    private static Protocol AlsoInPerson()
    {
        var protocol = PhoneProtocol();
        return protocol with
        {
            Channels = Channels.Phone | Channels.InPerson,
            ServiceLevels = [.. protocol.ServiceLevels, InPersonLevel],
        };
    }

    private static Protocol WithGreetings(Protocol protocol, params Script[] greetings) =>
        protocol.WithStep("saludo", s => s with { Scripts = [.. s.Scripts, .. greetings] });

    // ---- Greetings ----

    [Fact]
    public void A_channel_without_a_greeting_is_an_error_naming_the_channel()
    {
        AlsoInPerson().ShouldFindOnly(LintCodes.GreetingMissing, "channels", Channels.InPerson);
    }

    [Fact]
    public void A_greeting_for_that_channel_keeps_the_greeting_rule_quiet()
    {
        WithGreetings(AlsoInPerson(), new Script("Buenos días, bienvenido a {empresa}.", Channels.InPerson, IsGreeting: true))
            .Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_greeting_for_every_channel_serves_each_channel()
    {
        var protocol = PhoneProtocol() with
        {
            Channels = Channels.All,
            ServiceLevels = [.. ChannelList.Each.Select(c => new ServiceLevel(c, 5, 60, ServiceClock.Business))],
        };

        WithGreetings(protocol, new Script("Hola, le atiende {agente} de {empresa}.", Channel: null, IsGreeting: true))
            .Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_greeting_for_several_channels_serves_each_of_them()
    {
        WithGreetings(AlsoInPerson(), new Script("Buenos días.", Channels.InPerson | Channels.Electronic, IsGreeting: true))
            .Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_greeting_for_another_channel_does_not_count()
    {
        WithGreetings(AlsoInPerson(), new Script("Hola, ¿en qué puedo ayudarle?", Channels.Electronic, IsGreeting: true))
            .ShouldFindOnly(LintCodes.GreetingMissing, "channels", Channels.InPerson);
    }

    [Fact]
    public void A_script_not_marked_as_greeting_does_not_count()
    {
        WithGreetings(AlsoInPerson(), new Script("Buenos días, bienvenido a {empresa}.", Channels.InPerson))
            .ShouldFindOnly(LintCodes.GreetingMissing, "channels", Channels.InPerson);
    }

    [Fact]
    public void A_greeting_outside_the_opening_stage_does_not_count()
    {
        PhoneProtocol()
            .WithStep("saludo", s => s with { Scripts = [] })
            .WithStep("escuchar", s => s with { Scripts = [new Script(Greeting, Channels.Phone, IsGreeting: true)] })
            .ShouldFindOnly(LintCodes.GreetingMissing, "channels", Channels.Phone);
    }

    [Fact]
    public void A_greeting_in_a_contingency_plan_does_not_count()
    {
        PhoneProtocol()
            .WithStep("saludo", s => s with { Scripts = [] })
            .WithPlanStep("molesto-escuchar", s => s with { Stage = Stage.Opening, Scripts = [new Script(Greeting, Channels.Phone, IsGreeting: true)] })
            .ShouldFindOnly(LintCodes.GreetingMissing, "channels", Channels.Phone);
    }

    [Fact]
    public void Each_channel_without_a_greeting_is_reported_once_in_channel_order()
    {
        var protocol = PhoneProtocol().WithStep("saludo", s => s with { Scripts = [] }) with
        {
            Channels = Channels.Print | Channels.Phone,
            ServiceLevels = [.. PhoneProtocol().ServiceLevels, new ServiceLevel(Channels.Print, 1440, 4320, ServiceClock.Business)],
        };

        protocol.Lint().Select(f => (f.Code, f.Args[0])).ShouldBe(
        [
            (LintCodes.GreetingMissing, (object)Channels.Phone),
            (LintCodes.GreetingMissing, Channels.Print),
        ]);
    }

    // ---- Service levels ----

    [Fact]
    public void A_channel_without_a_service_level_is_an_error_naming_the_channel()
    {
        (PhoneProtocol() with { ServiceLevels = [] }).ShouldFindOnly(LintCodes.ServiceLevelMissing, "serviceLevels", Channels.Phone);
    }

    [Fact]
    public void A_service_level_for_the_channel_keeps_the_missing_rule_quiet()
    {
        PhoneProtocol().ShouldNotFind(LintCodes.ServiceLevelMissing);
    }

    [Fact]
    public void A_service_level_for_a_channel_the_protocol_does_not_use_does_not_count()
    {
        (PhoneProtocol() with { ServiceLevels = [InPersonLevel] }).ShouldFindOnly(LintCodes.ServiceLevelMissing, "serviceLevels", Channels.Phone);
    }

    [Fact]
    public void One_service_level_may_cover_several_channels()
    {
        var shared = new ServiceLevel(Channels.Phone | Channels.InPerson, 1, 15, ServiceClock.Calendar);

        WithGreetings(AlsoInPerson() with { ServiceLevels = [shared] }, new Script("Bienvenido.", Channels.InPerson, IsGreeting: true))
            .Lint().ShouldBeEmpty();
    }

    [Fact]
    public void Two_service_levels_for_one_channel_are_an_error_on_the_second()
    {
        var protocol = PhoneProtocol();

        (protocol with { ServiceLevels = [.. protocol.ServiceLevels, new ServiceLevel(Channels.Phone, 2, 30, ServiceClock.Calendar)] })
            .ShouldFindOnly(LintCodes.ServiceLevelDuplicate, "serviceLevels[1].channel", Channels.Phone);
    }

    [Fact]
    public void Service_levels_for_different_channels_are_not_duplicates()
    {
        WithGreetings(AlsoInPerson(), new Script("Bienvenido.", Channels.InPerson, IsGreeting: true)).ShouldNotFind(LintCodes.ServiceLevelDuplicate);
    }

    [Theory]
    [InlineData(0, 15, "serviceLevels[0].firstResponseSeconds", 0)]
    [InlineData(-1, 15, "serviceLevels[0].firstResponseSeconds", -1)]
    [InlineData(1, 0, "serviceLevels[0].resolutionSeconds", 0)]
    [InlineData(1, -30, "serviceLevels[0].resolutionSeconds", -30)]
    public void A_service_level_of_zero_or_fewer_minutes_is_an_error_on_that_figure(int first, int resolution, string path, int minutes)
    {
        (PhoneProtocol() with { ServiceLevels = [new ServiceLevel(Channels.Phone, first, resolution, ServiceClock.Business)] })
            .ShouldFindOnly(LintCodes.ServiceLevelNotPositive, path, minutes);
    }

    [Fact]
    public void Both_figures_at_zero_are_two_errors()
    {
        (PhoneProtocol() with { ServiceLevels = [new ServiceLevel(Channels.Phone, 0, 0, ServiceClock.Business)] })
            .Lint().Select(f => f.Path).ShouldBe(["serviceLevels[0].firstResponseSeconds", "serviceLevels[0].resolutionSeconds"]);
    }

    [Fact]
    public void Positive_figures_keep_the_positive_rule_quiet()
    {
        (PhoneProtocol() with { ServiceLevels = [new ServiceLevel(Channels.Phone, 1, 1, ServiceClock.Calendar)] }).Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_resolution_sooner_than_the_first_response_is_an_error_on_the_resolution()
    {
        (PhoneProtocol() with { ServiceLevels = [new ServiceLevel(Channels.Phone, 30, 10, ServiceClock.Business)] })
            .ShouldFindOnly(LintCodes.ResolutionBeforeFirstResponse, "serviceLevels[0].resolutionSeconds", 10, 30);
    }

    [Fact]
    public void A_resolution_equal_to_the_first_response_is_allowed()
    {
        (PhoneProtocol() with { ServiceLevels = [new ServiceLevel(Channels.Phone, 10, 10, ServiceClock.Business)] })
            .ShouldNotFind(LintCodes.ResolutionBeforeFirstResponse);
    }
}
