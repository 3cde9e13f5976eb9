using System.Globalization;
using Pauta.Core.Common;
using Pauta.Core.Protocols;

namespace Pauta.Core.Contacts;

/// <summary>
/// The one reader of contact field values (<see cref="ContactField"/>): what a value may be for its type, its stored
/// (canonical) form, and how a script says it. Stored forms are culture-free so a value reads the same in every language:
/// dates yyyy-MM-dd, times HH:mm, date-times yyyy-MM-ddTHH:mm, numbers and amounts as invariant decimals, a choice as the
/// option declared.
/// </summary>
public static class ContactFieldValues
{
    /// <summary>The longest text value; checked when a value is saved, never on replay.</summary>
    public const int MaxTextLength = 500;

    private const string DateFormat = "yyyy-MM-dd";
    private const string TimeFormat = "HH:mm";
    private const string DateTimeFormat = "yyyy-MM-ddTHH:mm";
    private const NumberStyles NumberStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint
        | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    /// <summary>The field a value belongs to, as problems name it: <c>fields[cita]</c>.</summary>
    public static string Path(string key) => $"fields[{key}]";

    /// <summary>
    /// Why <paramref name="value"/> cannot be stored in <paramref name="field"/>; null when it can. A blank value is
    /// accepted: it clears the field.
    /// </summary>
    public static Problem? Check(ContactField field, string? value) => Normalise(field, value).Problem;

    /// <summary>The stored form of <paramref name="value"/> ("" for a blank value, which clears the field), or why it cannot be stored.</summary>
    public static (string Canonical, Problem? Problem) Normalise(ContactField field, string? value, bool checkLength = true)
    {
        ArgumentNullException.ThrowIfNull(field);
        var text = value?.Trim() ?? "";
        if (text.Length == 0) return ("", null);
        var path = Path(field.Key);
        switch (field.Type)
        {
            case ContactFieldType.Text:
                return checkLength && text.Length > MaxTextLength ? (text, new Problem(path, "Field.TooLong", MaxTextLength)) : (text, null);
            case ContactFieldType.Number:
            case ContactFieldType.Amount:
                return decimal.TryParse(text, NumberStyle, CultureInfo.InvariantCulture, out var number)
                    ? (number.ToString(CultureInfo.InvariantCulture), null)
                    : (text, new Problem(path, RunCodes.FieldNotANumber, field.Label, text));
            case ContactFieldType.Date:
                return DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? (date.ToString(DateFormat, CultureInfo.InvariantCulture), null)
                    : (text, new Problem(path, RunCodes.FieldNotADate, field.Label, text));
            case ContactFieldType.Time:
                return TimeOnly.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                    ? (time.ToString(TimeFormat, CultureInfo.InvariantCulture), null)
                    : (text, new Problem(path, RunCodes.FieldNotATime, field.Label, text));
            case ContactFieldType.DateTime:
                return DateTime.TryParseExact(text, DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime)
                    ? (dateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture), null)
                    : (text, new Problem(path, RunCodes.FieldNotADateTime, field.Label, text));
            case ContactFieldType.Choice:
                var option = field.Options.FirstOrDefault(o => string.Equals(o.Trim(), text, StringComparison.OrdinalIgnoreCase));
                return option is not null
                    ? (option.Trim(), null)
                    : (text, new Problem(path, RunCodes.FieldNotAnOption, field.Label, text, string.Join(", ", field.Options)));
        }
        return (text, new Problem(path, RunCodes.FieldUnknown, field.Key));
    }

    /// <summary>
    /// A stored value as a script says it in <paramref name="culture"/>: "martes, 8 de diciembre de 2026, 10:30" for an
    /// appointment, "1.234,50 EUR" for an amount (the field's currency, else <paramref name="organisationCurrency"/>).
    /// Null when the value is blank; a value that is not in its stored form (a sample typed by hand) is said as written.
    /// </summary>
    public static string? Format(ContactField field, string? stored, CultureInfo culture, string? organisationCurrency = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(culture);
        var (canonical, problem) = Normalise(field, stored, checkLength: false);
        if (canonical.Length == 0) return null;
        if (problem is not null) return canonical;
        var invariant = CultureInfo.InvariantCulture;
        return field.Type switch
        {
            ContactFieldType.Text or ContactFieldType.Choice => canonical,
            ContactFieldType.Number => decimal.Parse(canonical, invariant).ToString("#,0.##########", culture),
            ContactFieldType.Amount => Amount(decimal.Parse(canonical, invariant), field.Currency ?? organisationCurrency, culture),
            ContactFieldType.Date => DateOnly.ParseExact(canonical, DateFormat, invariant).ToString("D", culture),
            ContactFieldType.Time => TimeOnly.ParseExact(canonical, TimeFormat, invariant).ToString("t", culture),
            ContactFieldType.DateTime => LongDateTime(DateTime.ParseExact(canonical, DateTimeFormat, invariant), culture),
        };
    }

    private static string LongDateTime(DateTime at, CultureInfo culture) =>
        $"{DateOnly.FromDateTime(at).ToString("D", culture)}, {TimeOnly.FromDateTime(at).ToString("t", culture)}";

    private static string Amount(decimal amount, string? currency, CultureInfo culture)
    {
        var number = amount.ToString("N2", culture);
        return string.IsNullOrWhiteSpace(currency) ? number : $"{number} {currency.Trim().ToUpperInvariant()}";
    }

    /// <summary>A believable value for previews when the field has no <see cref="ContactField.Sample"/>, in stored form; null for text.</summary>
    public static string? MadeUpSample(ContactField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (!string.IsNullOrWhiteSpace(field.Sample)) return field.Sample.Trim();
        return field.Type switch
        {
            ContactFieldType.Number => "3",
            ContactFieldType.Amount => "120.00",
            ContactFieldType.Date => "2025-03-14",
            ContactFieldType.Time => "10:30",
            ContactFieldType.DateTime => "2025-03-14T10:30",
            ContactFieldType.Choice => field.Options.FirstOrDefault(),
            ContactFieldType.Text => null,
        };
    }
}
