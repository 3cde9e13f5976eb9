using System.Globalization;
using Microsoft.Extensions.Localization;
using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Infrastructure;

namespace Pauta.Web.Tests.Protocols;

/// <summary>Service targets and amounts put into words of the reader's language, as the reading page and the PDF write them.</summary>
public sealed class ProtocolTextTargetTests
{
    private static string InLanguage(string language, Func<IStringLocalizer, string> text)
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(language);
            return text(new JsonStringLocalizerFactory().Create(typeof(SharedResource)));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    private static readonly ServiceTarget LegalAnswer = new()
    {
        Clock = ContactClock.Answer, Channel = Channels.Print | Channels.Electronic, Amount = 15, Unit = TargetUnit.BusinessDays,
        Calendar = CalendarRefs.Legal, ExtendableBy = 8, Warnings = [new TargetWarning { Left = 3, LeftUnit = TargetUnit.BusinessDays }],
    };

    [Fact]
    public void A_legal_term_reads_as_one_sentence_in_spanish_and_in_english()
    {
        InLanguage("es", l => ProtocolText.TargetSentence(LegalAnswer, l)).ShouldBe(
            "Respuesta de fondo: 15 días hábiles desde el día siguiente al de la recepción, calendario legal, ampliable 8 días hábiles con motivo; aviso cuando queden 3 días hábiles");
        InLanguage("en", l => ProtocolText.TargetSentence(LegalAnswer, l)).ShouldBe(
            "Substantive answer: 15 business days from the day after receipt, legal calendar, extendable by 8 business days with a reason; warning when 3 business days are left");
    }

    [Fact]
    public void A_short_target_says_its_counting_and_one_unit_in_the_singular_and_a_named_calendar_by_its_name()
    {
        var chat = new ServiceTarget
        {
            Clock = ContactClock.FirstResponse, Channel = Channels.Electronic, SubChannels = SubChannels.Chat, Amount = 1, Unit = TargetUnit.Minutes,
            Calendar = "oficina-juridica", Warnings = [new TargetWarning { PercentUsed = 80 }],
        };
        var names = new Dictionary<string, string> { ["oficina-juridica"] = "Oficina jurídica" };

        InLanguage("es", l => ProtocolText.TargetSentence(chat, l, names)).ShouldBe(
            "Primera respuesta: 1 minuto hábil desde la recepción, calendario «Oficina jurídica»; aviso al 80 % del plazo");
        InLanguage("en", l => ProtocolText.TargetSentence(chat with { Counting = ServiceClock.Calendar, Amount = 2 }, l, names)).ShouldBe(
            "First response: 2 minutes from receipt; warning at 80% of the time used");
        InLanguage("es", l => ProtocolText.TargetChannels(chat, l)).ShouldContain("(Chat)");
    }

    [Theory]
    [InlineData("es", "EUR", "150", "150,00 €")]
    [InlineData("en", "EUR", "150", "€150.00")]
    [InlineData("es", "COP", "200000", "COP 200.000")]
    [InlineData("en", "USD", "1250.5", "USD 1,250.50")]
    public void Amounts_are_written_with_their_currency_as_the_culture_writes_numbers(string language, string currency, string amount, string expected)
    {
        ProtocolText.Money(decimal.Parse(amount, CultureInfo.InvariantCulture), currency, new CultureInfo(language)).ShouldBe(expected);
    }

    [Fact]
    public void An_escalation_amount_without_its_own_currency_is_in_the_organisations()
    {
        var rule = new EscalationRule { Key = "r", Condition = EscalationCondition.AmountOver, Amount = 200000m };
        InLanguage("es", l => ProtocolText.Condition(rule, l, "COP")).ShouldContain("COP 200.000");
        InLanguage("es", l => ProtocolText.Condition(rule with { Currency = "EUR", Amount = 150m }, l, "COP")).ShouldContain("150,00 €");
    }
}
