using System.Globalization;
using Pauta.Core.Contacts;

namespace Pauta.Core.Protocols;

/// <summary>
/// What fills a script's placeholders for one contact. The caller passes the date and time already in the
/// organisation's time zone, so rendering never reads a clock.
/// </summary>
/// <remarks>
/// <see cref="Date"/> and <see cref="Time"/> are today and now, as a letter is dated: never an appointment. What the
/// contact is about (the appointment, the case number) is a contact field, in <see cref="Fields"/>.
/// </remarks>
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
    public string? Site { get; init; }
    public string? Address { get; init; }
    public string? Hours { get; init; }
    public string? SitePhone { get; init; }

    /// <summary>The contact's field values by key, in stored form (<see cref="ContactFieldValues"/>).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>The organisation's own placeholders (set in settings) by name, names compared ignoring case.</summary>
    public IReadOnlyDictionary<string, string> Custom { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The organisation's currency (ISO 4217), for amount fields that name none.</summary>
    public string? Currency { get; init; }

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
            Placeholder.Site => Site,
            Placeholder.Address => Address,
            Placeholder.Hours => Hours,
            Placeholder.SitePhone => SitePhone,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>A contact field's value as a script says it; null when it is empty.</summary>
    public string? Format(ContactField field, CultureInfo culture) =>
        ContactFieldValues.Format(field, Fields.GetValueOrDefault(field.Key), culture, Currency);

    /// <summary>An organisation placeholder's value; null when it has none or is blank.</summary>
    public string? FormatCustom(string name)
    {
        var key = name.Trim();
        var value = Custom.TryGetValue(key, out var exact) ? exact
            : Custom.FirstOrDefault(c => string.Equals(c.Key.Trim(), key, StringComparison.OrdinalIgnoreCase)).Value;
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
