using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Pauta.Core.Contacts;
using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;

namespace Pauta.Web.Features.Contacts;

/// <summary>How the run page and the board write a service-level clock; /js/countdown.js keeps it moving with the same rules.</summary>
public static class RunView
{
    public static DurationUnits Units(IStringLocalizer l) =>
        new(l["Contact.Unit.Day"], l["Contact.Unit.Hour"], l["Contact.Unit.Minute"], l["Contact.Unit.Second"]);

    /// <summary>A time left as a duration: "15 h 05 min", "4 min 05 s" (see <see cref="Durations"/>).</summary>
    public static string Duration(TimeSpan span, IStringLocalizer l) => Durations.Format(span, Units(l));

    /// <summary>"starts Monday 09:00" / "empieza el lunes a las 09:00", in the organisation's zone.</summary>
    public static string Starts(ClockStart start, IStringLocalizer l)
    {
        var time = start.LocalTime.ToString("HH:mm", CultureInfo.InvariantCulture);
        return start.Day switch
        {
            StartDay.Today => l["Contact.StartsToday", time],
            StartDay.Tomorrow => l["Contact.StartsTomorrow", time],
            StartDay.ThisWeek => l["Contact.StartsOn", CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(start.LocalDate.DayOfWeek), time],
            StartDay.Later => l["Contact.StartsOnDate", start.LocalDate.ToString("d", CultureInfo.CurrentCulture), time],
            _ => throw new ArgumentOutOfRangeException(nameof(start), start.Day, null),
        };
    }

    /// <summary>
    /// The figure of a running clock: the time left, or when it starts counting while the organisation is closed. When
    /// <paramref name="live"/>, its attributes let countdown.js count it down each second: the instant it runs out
    /// (data-due), where it stops counting and what it says then (data-stops, data-stopped-text) and the units.
    /// </summary>
    public static IHtmlContent ClockValue(ClockFace face, IStringLocalizer l, bool live)
    {
        var e = HtmlEncoder.Default;
        var text = face.RunsOutAt is null && face.Starts is { } starts ? Starts(starts, l) : Duration(face.Left, l);
        var html = new System.Text.StringBuilder("<span class=\"clock-value\"");
        void Attribute(string name, string value) => html.Append(' ').Append(name).Append("=\"").Append(e.Encode(value)).Append('"');
        if (live && face.RunsOutAt is { } due)
        {
            Attribute("data-due", due.ToString("O", CultureInfo.InvariantCulture));
            Attribute("data-over-text", l["Contact.Over"]);
            var u = Units(l);
            Attribute("data-units", string.Join("|", u.Day, u.Hour, u.Minute, u.Second));
            if (face.StopsAt is { } stops && face.Starts is { } next)
            {
                Attribute("data-stops", stops.ToString("O", CultureInfo.InvariantCulture));
                Attribute("data-stopped-text", Starts(next, l));
            }
        }
        html.Append('>').Append(e.Encode(text)).Append("</span>");
        return new HtmlString(html.ToString());
    }

    /// <summary>"3 días hábiles", "1 business day", "4 h": an amount of a target's unit.</summary>
    public static string Amount(int amount, TargetUnit unit, IStringLocalizer l) => l["Contact.Amount." + unit, amount];

    /// <summary>
    /// The face of a term in days: "12 días hábiles restantes · vence el lunes 28 de diciembre (al cierre)"; null for
    /// clocks in other units, or before the rules give the days left (then the countdown shows instead).
    /// </summary>
    public static string? DayTerm(ServiceClockState clock, ClockFace face, IStringLocalizer l)
    {
        if (clock.Unit is not (TargetUnit.Days or TargetUnit.BusinessDays) || face.DaysLeft is not { } days) return null;
        var left = l["Contact.DaysLeft." + clock.Unit, days].Value;
        if (face.DueDate is not { } due) return left;
        var date = due.ToString(l["Contact.DueDateFormat"].Value, CultureInfo.CurrentCulture);
        return left + " · " + l["Contact.DueOn", date].Value;
    }

    /// <summary>A warning as reached: "Aviso: quedan 3 días hábiles", "Aviso: 80 % del plazo usado".</summary>
    public static string Warning(TargetWarning warning, IStringLocalizer l) =>
        warning.Left is { } left ? l["Contact.WarningLeft", Amount(left, warning.LeftUnit, l)]
        : l["Contact.WarningPercent", warning.PercentUsed ?? 0];

    /// <summary>The protocol's target for one of the contact's clocks (the sub-channel's own first), if it has one.</summary>
    public static ServiceTarget? TargetOf(ContactRun run, ContactClock clock) =>
        ServiceTargets.For(run.State.Protocol, run.Row.Channel, run.Row.SubChannel).FirstOrDefault(t => t.Clock == clock);

    /// <summary>Whether a clock has a warning reached and is still running toward its term: "at risk", shown apart from breached.</summary>
    public static bool AtRisk(ServiceClockState clock) =>
        clock.Status is ClockStatus.Running or ClockStatus.Paused && clock.Warnings.Any(w => w.WarnedAt is not null);

    /// <summary>
    /// The clock a board row shows: a breached one first, then one at risk, then the running one that runs out first
    /// (a paused one last, as it does not count); null when every clock is met.
    /// </summary>
    public static (ContactClock Clock, ServiceClockState State)? MostUrgent(ContactClockStates clocks)
    {
        var open = clocks.All.Where(c => c.Value.Status is ClockStatus.Running or ClockStatus.Paused or ClockStatus.Breached).ToList();
        if (open.Count == 0) return null;
        var first = open
            .OrderBy(c => c.Value.Status == ClockStatus.Breached ? 0 : AtRisk(c.Value) ? 1 : c.Value.IsPaused ? 3 : 2)
            .ThenBy(c => c.Value.DueAt ?? DateTimeOffset.MaxValue)
            .ThenBy(c => c.Key)
            .First();
        return (first.Key, first.Value);
    }
}
