using System.Globalization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Pauta.Core.Protocols;
using Pauta.Data.Protocols;

namespace Pauta.Web.Features.Protocols;

/// <summary>How the reading page, the PDFs and the poster put a protocol's values into words, in the UI language.</summary>
public static class ProtocolText
{
    /// <summary>The channel as it is written in URLs (?channel=phone), the same names the protocol files use.</summary>
    public static string Slug(Channels channel) =>
        ProtocolFile.ChannelNames.Single(kv => kv.Value == channel).Key;

    /// <summary>A single channel from its URL name; null for anything else (then nothing is filtered).</summary>
    public static Channels? ParseChannel(string? slug) =>
        slug is not null && ProtocolFile.ChannelNames.TryGetValue(slug.Trim().ToLowerInvariant(), out var c) ? c : null;

    public static IEnumerable<Channels> Each(Channels channels) => ChannelList.Each.Where(c => (channels & c) == c);

    public static string ChannelName(Channels channel, IStringLocalizer l) => l["Channel." + channel];

    public static string ChannelNames(Channels channels, IStringLocalizer l) =>
        string.Join(", ", Each(channels).Select(c => ChannelName(c, l)));

    public static string StageName(Stage stage, IStringLocalizer l) => stage switch
    {
        Stage.Opening => l["Read.Stage.Opening"],
        Stage.Analysis => l["Read.Stage.Analysis"],
        Stage.Solution => l["Read.Stage.Solution"],
    };

    /// <summary>
    /// A duration as people say it: "20 s", "10 min", "1 h 30 min", "2 d". Business-hours levels add the clock
    /// ("4 h hábiles", "4 business hours"), because four business hours can span a night.
    /// </summary>
    public static string Duration(int seconds, ServiceClock clock, IStringLocalizer l)
    {
        var text = Duration(seconds, l);
        return clock switch
        {
            ServiceClock.Business => l["Read.Duration.Business", text],
            ServiceClock.Calendar => text,
        };
    }

    public static string Duration(int seconds, IStringLocalizer l)
    {
        if (seconds < 60) return l["Read.Duration.Seconds", seconds];
        var parts = new List<string>();
        var rest = seconds;
        // Calendar days only read naturally for whole days; 36 hours stays "36 h".
        if (rest % 86_400 == 0) return l["Read.Duration.Days", rest / 86_400];
        if (rest >= 3_600) { parts.Add(l["Read.Duration.Hours", rest / 3_600]); rest %= 3_600; }
        if (rest >= 60) { parts.Add(l["Read.Duration.Minutes", rest / 60]); rest %= 60; }
        if (rest > 0) parts.Add(l["Read.Duration.Seconds", rest]);
        return string.Join(" ", parts);
    }

    public static string Condition(EscalationRule rule, IStringLocalizer l, string? organisationCurrency = null) => rule.Condition switch
    {
        EscalationCondition.CustomerAsks => l["Read.Condition.CustomerAsks"],
        EscalationCondition.AmountOver => l["Read.Condition.AmountOver", rule.Amount is { } a
            ? (rule.Currency ?? organisationCurrency) is { } code ? Money(a, code, CultureInfo.CurrentCulture) : a.ToString("N2", CultureInfo.CurrentCulture)
            : "?"],
        EscalationCondition.TargetMissed => l["Read.Condition.TargetMissed"],
        EscalationCondition.PlanSays => l["Read.Condition.PlanSays"],
        EscalationCondition.FlowAnswer => l["Read.Condition.FlowAnswer"],
        EscalationCondition.Other => l["Read.Condition.Other"],
        EscalationCondition.TargetAtRisk => l["Read.Condition.TargetAtRisk"],
    };

    /// <summary>Currencies whose amounts are written without decimals (ISO 4217 minor unit 0, or 0 in everyday use).</summary>
    private static readonly HashSet<string> WholeCurrencies = new(StringComparer.Ordinal) { "COP", "CLP", "JPY", "KRW", "PYG", "ISK" };

    /// <summary>
    /// An amount with its currency as the culture writes it: the euro with its sign where the culture puts it
    /// ("150,00 €", "€150.00"), any other currency with its ISO code first ("COP 200.000", "USD 1,250.00").
    /// </summary>
    public static string Money(decimal amount, string currency, CultureInfo culture)
    {
        var code = currency.Trim().ToUpperInvariant();
        var number = amount.ToString(WholeCurrencies.Contains(code) ? "N0" : "N2", culture);
        if (code == "EUR") return culture.TwoLetterISOLanguageName == "en" ? $"€{number}" : $"{number} €";
        return $"{code} {number}";
    }

    /// <summary>
    /// A service target as one sentence of the page's language: "Respuesta de fondo: 15 días hábiles desde el día
    /// siguiente al de la recepción, calendario legal, ampliable 8 días hábiles con motivo; aviso cuando queden 3 días
    /// hábiles". <paramref name="calendarNames"/> names the organisation's calendars by key.
    /// </summary>
    public static string TargetSentence(ServiceTarget t, IStringLocalizer l, IReadOnlyDictionary<string, string>? calendarNames = null)
    {
        var days = t.Unit is TargetUnit.Days or TargetUnit.BusinessDays;
        var counted = t.Unit == TargetUnit.BusinessDays || (!days && t.Counting == ServiceClock.Business);
        var head = $"{LintText.ClockName(t.Clock, l)}: {Amount(t.Amount, t.Unit, t.Counting, l)} {(days ? l["Read.Target.FromNextDay"] : l["Read.Target.FromReceipt"])}";
        var parts = new List<string> { head };
        if (counted)
        {
            parts.Add(t.Calendar switch
            {
                CalendarRefs.Site => l["Read.Target.Calendar.Site"],
                CalendarRefs.Legal => l["Read.Target.Calendar.Legal"],
                var key => l["Read.Target.Calendar.Named", calendarNames?.GetValueOrDefault(key) ?? key],
            });
        }
        if (t.ExtendableBy is { } more) parts.Add(l["Read.Target.Extendable", Amount(more, t.Unit, t.Counting, l)]);
        var sentence = string.Join(", ", parts);
        foreach (var w in t.Warnings)
        {
            sentence += "; " + (w.PercentUsed is { } percent
                ? l["Read.Target.WarnPercent", percent].Value
                : l["Read.Target.WarnLeft", Amount(w.Left ?? 0, w.LeftUnit, t.Counting, l)].Value);
        }
        return sentence;
    }

    /// <summary>"15 días hábiles", "4 business hours", "2 minutes".</summary>
    public static string Amount(int amount, TargetUnit unit, ServiceClock counting, IStringLocalizer l)
    {
        var business = counting == ServiceClock.Business;
        return unit switch
        {
            TargetUnit.Seconds => l[business ? "Read.Target.Seconds.Business" : "Read.Target.Seconds", amount],
            TargetUnit.Minutes => l[business ? "Read.Target.Minutes.Business" : "Read.Target.Minutes", amount],
            TargetUnit.Hours => l[business ? "Read.Target.Hours.Business" : "Read.Target.Hours", amount],
            TargetUnit.Days => l["Read.Target.Days", amount],
            TargetUnit.BusinessDays => l["Read.Target.BusinessDays", amount],
        };
    }

    /// <summary>The channels a target applies to, with its sub-channels: "Electrónico (Chat, WhatsApp)".</summary>
    public static string TargetChannels(ServiceTarget t, IStringLocalizer l) =>
        ChannelNames(t.Channel, l) + (t.SubChannels == SubChannels.None ? "" : $" ({LintText.SubChannelName(t.SubChannels, l)})");

    /// <summary>
    /// The values scripts are shown with on the page, the PDFs, the poster and lessons: only what is true for every
    /// contact (the organisation's brand, the protocol's department and title). Everything else (the agent, the customer,
    /// the date, the appointment) is shown as a labelled slot, never as a made-up value that reads as real.
    /// </summary>
    public static ScriptValues KnownValues(Protocol protocol, string brand) => new()
    {
        Company = string.IsNullOrWhiteSpace(brand) ? null : brand,
        Department = protocol.Department,
        Protocol = protocol.Title,
    };

    /// <summary>
    /// A script piece by piece with every missing value as its slot ("[cliente]", "[Fecha y hora de la cita]"), fallbacks
    /// included: a page read before any contact has no value to fall back from. The organisation's own placeholders are
    /// taken as such (the version was linted against them when published).
    /// </summary>
    public static IReadOnlyList<ScriptPiece> Pieces(Script script, Protocol protocol, ScriptValues values) =>
        ScriptTemplate.Parse(script.Text, PlaceholderScope.For(protocol, null))
            .Pieces(values, ScriptTemplate.CultureFor(script.Language ?? protocol.Language), slotsOverFallbacks: true);

    /// <summary>The script as plain text (PDFs, posters): slots in brackets.</summary>
    public static string Render(Script script, Protocol protocol, ScriptValues values) =>
        string.Concat(Pieces(script, protocol, values).Select(p => p.Text));

    /// <summary>The script as HTML: each slot a <c>&lt;span class="slot"&gt;</c>, styled apart from the words and real values.</summary>
    public static IHtmlContent Html(Script script, Protocol protocol, ScriptValues values)
    {
        var html = new HtmlContentBuilder();
        foreach (var piece in Pieces(script, protocol, values))
        {
            if (piece.Kind is ScriptPieceKind.Text or ScriptPieceKind.Value)
            {
                html.Append(piece.Text);
                continue;
            }
            var slot = new TagBuilder("span");
            slot.AddCssClass("slot");
            slot.InnerHtml.Append(piece.Text);
            html.AppendHtml(slot);
        }
        return html;
    }

    /// <summary>The scripts of a step that apply to <paramref name="channel"/> (all of them when null).</summary>
    public static IEnumerable<Script> ScriptsFor(Step step, Channels? channel) =>
        channel is { } c ? step.Scripts.Where(s => s.AppliesTo(c)) : step.Scripts;

    /// <summary>Where an answer or a step's "next" leads, by the title of the step it names.</summary>
    public static string Target(string? key, IReadOnlyList<Step> steps, int from, IStringLocalizer l)
    {
        if (key == Step.End) return l["Read.End"];
        if (string.IsNullOrWhiteSpace(key))
            return from + 1 < steps.Count ? TitleOf(steps[from + 1]) : l["Read.End"];
        var step = steps.FirstOrDefault(s => s.Key == key);
        return step is null ? key : TitleOf(step);
    }

    public static string TitleOf(Step step) => string.IsNullOrWhiteSpace(step.Title) ? step.Key : step.Title.Trim();

    /// <summary>The greeting to print on a poster: the first greeting script for in-person, then print, then any greeting.</summary>
    public static Script? Greeting(Protocol protocol, Channels preferred)
    {
        var greetings = protocol.Steps.SelectMany(s => s.Scripts).Where(s => s.IsGreeting).ToList();
        return greetings.FirstOrDefault(s => s.AppliesTo(preferred)) ?? greetings.FirstOrDefault();
    }

    public static bool HasPoster(Protocol protocol) => (protocol.Channels & (Channels.InPerson | Channels.Print)) != 0;
}
