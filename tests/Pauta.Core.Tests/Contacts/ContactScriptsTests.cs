using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Contacts;

public class ContactScriptsTests
{
    private static readonly ScriptValues Ana = new()
    {
        Company = "Tiendas Suárez",
        Agent = "Sofía",
        Customer = "Ana",
        Date = new DateOnly(2026, 3, 2),
    };

    /// <summary>A greeting step with a script for every channel, a phone greeting in both languages and a chat one in Spanish.</summary>
    private static readonly Step Greeting = new()
    {
        Key = "saludo",
        Stage = Stage.Opening,
        Title = "Saludar",
        Scripts =
        [
            new Script("Hola, {cliente|bienvenido}."),
            new Script("Buenos días, {cliente|estimado cliente}, gracias por llamar a {empresa}. Le atiende {agente}.", Channels.Phone, IsGreeting: true),
            new Script("Good morning, {customer|dear customer}, thank you for calling {company}. This is {agent}.", Channels.Phone, IsGreeting: true, Language: "en"),
            new Script("Hola, {cliente}. Soy {agente}, de {empresa}.", Channels.Electronic, IsGreeting: true, Language: "es"),
        ],
    };

    private static IReadOnlyList<ContactScript> For(Channels channel, string? language, ScriptValues? values = null, Protocol? protocol = null, Step? step = null) =>
        ContactScripts.For(protocol ?? PhoneProtocol(), step ?? Greeting, channel, language, values ?? Ana);

    [Fact]
    public void The_phone_greeting_is_filled_in_for_this_customer_agent_and_organisation()
    {
        var script = For(Channels.Phone, "es").ShouldHaveSingleItem();

        script.Text.ShouldBe("Buenos días, Ana, gracias por llamar a Tiendas Suárez. Le atiende Sofía.");
        script.IsGreeting.ShouldBeTrue();
        script.Language.ShouldBe("es");
        script.Channel.ShouldBe(Channels.Phone);
    }

    [Fact]
    public void The_customers_language_is_preferred()
    {
        For(Channels.Phone, "en").ShouldHaveSingleItem().Text.ShouldBe("Good morning, Ana, thank you for calling Tiendas Suárez. This is Sofía.");
        For(Channels.Phone, "EN").ShouldHaveSingleItem().Language.ShouldBe("en");
    }

    [Fact]
    public void Without_a_script_in_the_customers_language_the_protocols_language_is_used()
    {
        For(Channels.Electronic, "en").ShouldHaveSingleItem().Text.ShouldBe("Hola, Ana. Soy Sofía, de Tiendas Suárez.");
        For(Channels.Phone, null).ShouldHaveSingleItem().Language.ShouldBe("es");
    }

    [Fact]
    public void Without_either_language_whatever_language_there_is_is_used()
    {
        var protocol = PhoneProtocol() with { Language = "en" };
        var step = Greeting with { Scripts = [new Script("Le atiende {agente}.", Channels.Phone, Language: "es")] };

        For(Channels.Phone, "en", protocol: protocol, step: step).ShouldHaveSingleItem().Text.ShouldBe("Le atiende Sofía.");
    }

    [Fact]
    public void A_channels_own_script_replaces_the_one_for_every_channel()
    {
        For(Channels.Phone, "es").ShouldNotContain(s => s.Text.StartsWith("Hola"));
    }

    [Fact]
    public void A_channel_with_no_script_of_its_own_gets_the_one_for_every_channel()
    {
        For(Channels.InPerson, "es").ShouldHaveSingleItem().Text.ShouldBe("Hola, Ana.");
    }

    [Fact]
    public void Another_channels_script_is_never_offered()
    {
        var step = Greeting with { Scripts = [new Script("Le atiende {agente}.", Channels.Phone)] };

        For(Channels.Electronic, "es", step: step).ShouldBeEmpty();
        For(Channels.None, "es").ShouldBeEmpty();
    }

    [Fact]
    public void A_missing_value_takes_the_fallback_or_shows_a_marker()
    {
        var noName = Ana with { Customer = "  " };

        For(Channels.Phone, "es", noName).Single().Text.ShouldBe("Buenos días, estimado cliente, gracias por llamar a Tiendas Suárez. Le atiende Sofía.");
        For(Channels.Electronic, "es", noName).Single().Text.ShouldBe("Hola, [cliente]. Soy Sofía, de Tiendas Suárez.");
    }

    [Fact]
    public void Dates_are_written_in_the_scripts_language()
    {
        var step = Greeting with
        {
            Scripts = [new Script("Hoy es {fecha}.", Channels.Phone), new Script("Today is {date}.", Channels.Phone, Language: "en")],
        };

        For(Channels.Phone, "es", step: step).Single().Text.ShouldBe("Hoy es lunes, 2 de marzo de 2026.");
        // English date order depends on the culture data; the month's name shows the language.
        For(Channels.Phone, "en", step: step).Single().Text.ShouldSatisfyAllConditions(
            t => t.ShouldStartWith("Today is Monday, "),
            t => t.ShouldContain("March"));
    }

    [Fact]
    public void Several_scripts_of_the_chosen_channel_and_language_come_in_the_authors_order()
    {
        var step = Greeting with
        {
            Scripts = [new Script("Primero.", Channels.Phone), new Script("First.", Channels.Phone, Language: "en"), new Script("Segundo.", Channels.Phone | Channels.InPerson)],
        };

        For(Channels.Phone, "es", step: step).Select(s => s.Text).ShouldBe(["Primero.", "Segundo."]);
    }

    [Fact]
    public void A_started_contact_gets_its_own_channel_and_language()
    {
        var state = GuidedRun.Decide(GuidedRun.New(PhoneProtocol()),
            new ContactCommand.Start(ContactDriver.Monday10, ContactDriver.Agent, Channels.Phone, "Una duda", "en")).State;

        ContactScripts.For(state, Greeting, Ana).ShouldHaveSingleItem().Language.ShouldBe("en");
    }
}
