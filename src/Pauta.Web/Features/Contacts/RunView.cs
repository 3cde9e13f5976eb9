using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
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
}
