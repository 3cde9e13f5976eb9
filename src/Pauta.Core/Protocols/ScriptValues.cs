using System.Globalization;

namespace Pauta.Core.Protocols;

/// <summary>
/// What fills a script's placeholders for one contact. The caller passes the date and time already in the
/// organisation's time zone, so rendering never reads a clock.
/// </summary>
public sealed record ScriptValues
{
    public string? Company { get; init; }
    public string? Agent { get; init; }
    public string? Customer { get; init; }
    public DateOnly? Date { get; init; }
    public TimeOnly? Time { get; init; }
    public string? Channel { get; init; }
    public string? Department { get; init; }
    public string? Protocol { get; init; }

    /// <summary>The value as text in <paramref name="culture"/>; null when it is missing or blank.</summary>
    public string? Format(Placeholder placeholder, CultureInfo culture)
    {
        var text = placeholder switch
        {
            Placeholder.Company => Company,
            Placeholder.Agent => Agent,
            Placeholder.Customer => Customer,
            // The long date reads naturally inside a sentence in both languages ("14 de marzo de 2025").
            Placeholder.Date => Date?.ToString("D", culture),
            Placeholder.Time => Time?.ToString("t", culture),
            Placeholder.Channel => Channel,
            Placeholder.Department => Department,
            Placeholder.Protocol => Protocol,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
