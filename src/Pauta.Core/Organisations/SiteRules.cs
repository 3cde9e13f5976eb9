using System.Globalization;
using System.Text;
using Pauta.Core.Common;
using Pauta.Core.Protocols;

namespace Pauta.Core.Organisations;

/// <summary>
/// Rules for sites, named calendars, organisation placeholders and the organisation's currency, shared by the pages and
/// the API so both say the same thing.
/// </summary>
public static class SiteRules
{
    public const int MaxAddressLength = 300;
    public const int MaxPhoneLength = 40;
    public const int MaxPlaceholderNameLength = 40;
    public const int MaxPlaceholderValueLength = 500;
    public const int MaxPlaceholders = 50;

    /// <summary>The prefix of a site's own calendar key: "Tienda Centro" → "site-tienda-centro".</summary>
    public const string SiteKeyPrefix = "site-";

    /// <summary>
    /// A key made of <paramref name="name"/>: lower-case ASCII letters and digits, accents dropped, every other run of
    /// characters one hyphen, at most <see cref="CalendarRefs.MaxKeyLength"/> with the prefix; "sede" when nothing is left.
    /// </summary>
    public static string Slug(string name, string prefix = SiteKeyPrefix)
    {
        var folded = name.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        var hyphen = false;
        foreach (var c in folded)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var lower = char.ToLowerInvariant(c);
            if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (hyphen && sb.Length > 0) sb.Append('-');
                sb.Append(lower);
                hyphen = false;
            }
            else hyphen = true;
        }
        var body = sb.Length == 0 ? "sede" : sb.ToString();
        var max = CalendarRefs.MaxKeyLength - prefix.Length;
        if (body.Length > max) body = body[..max].TrimEnd('-');
        return prefix + body;
    }

    /// <summary>
    /// A key not in <paramref name="taken"/>: <paramref name="key"/> itself, else with "-2", "-3"… (shortened to fit).
    /// </summary>
    public static string Unique(string key, IReadOnlySet<string> taken)
    {
        if (!taken.Contains(key)) return key;
        for (var n = 2; ; n++)
        {
            var suffix = "-" + n.ToString(CultureInfo.InvariantCulture);
            var stem = key.Length + suffix.Length > CalendarRefs.MaxKeyLength ? key[..(CalendarRefs.MaxKeyLength - suffix.Length)] : key;
            var candidate = stem + suffix;
            if (!taken.Contains(candidate)) return candidate;
        }
    }

    /// <summary>
    /// A named calendar's key: valid as protocols write it, not one of the relative names ("site", "legal" stays allowed:
    /// it is what a protocol's "legal" falls back to), and not a site's prefix.
    /// </summary>
    public static IEnumerable<Problem> CheckCalendarKey(string? key, string field)
    {
        if (string.IsNullOrWhiteSpace(key)) { yield return new Problem(field, "Field.Required"); yield break; }
        if (!CalendarRefs.IsValidKey(key)) { yield return new Problem(field, "Calendars.BadKey", key, CalendarRefs.MaxKeyLength); yield break; }
        if (key == CalendarRefs.Site || key.StartsWith(SiteKeyPrefix, StringComparison.Ordinal))
            yield return new Problem(field, "Calendars.ReservedKey", key);
    }

    public static IEnumerable<Problem> CheckSite(string? name, string? address, string? phone, string? timeZoneId) =>
        OrganisationRules.CheckName(name, "Name")
            .Concat(OptionalLength(address, "Address", MaxAddressLength))
            .Concat(OptionalLength(phone, "Phone", MaxPhoneLength))
            .Concat(OrganisationRules.CheckTimeZone(timeZoneId, "TimeZoneId"));

    private static IEnumerable<Problem> OptionalLength(string? value, string field, int max)
    {
        if (value is not null && value.Trim().Length > max) yield return new Problem(field, "Field.TooLong", max);
    }

    /// <summary>
    /// An organisation placeholder's name: written like a contact field key (lower-case letters, digits, hyphens, starting
    /// with a letter), never a built-in placeholder, unique among <paramref name="others"/>.
    /// </summary>
    public static IEnumerable<Problem> CheckPlaceholder(string? name, string? value, IEnumerable<string> others, string nameField, string valueField)
    {
        if (string.IsNullOrWhiteSpace(name)) yield return new Problem(nameField, "Field.Required");
        else
        {
            var n = name.Trim();
            if (n.Length > MaxPlaceholderNameLength || !CalendarRefs.IsValidKey(n))
                yield return new Problem(nameField, "Placeholders.BadName", n);
            else if (Placeholders.ByName.ContainsKey(n)) yield return new Problem(nameField, "Placeholders.BuiltIn", n);
            else if (others.Contains(n, StringComparer.Ordinal)) yield return new Problem(nameField, "Placeholders.Duplicate", n);
        }
        if (string.IsNullOrWhiteSpace(value)) yield return new Problem(valueField, "Field.Required");
        else if (value.Trim().Length > MaxPlaceholderValueLength) yield return new Problem(valueField, "Field.TooLong", MaxPlaceholderValueLength);
    }

    public static IEnumerable<Problem> CheckCurrency(string? code, string field)
    {
        if (string.IsNullOrWhiteSpace(code)) yield return new Problem(field, "Field.Required");
        else if (!IsCurrency(code)) yield return new Problem(field, "Organisation.UnknownCurrency", code);
    }

    /// <summary>Whether <paramref name="code"/> is an active ISO 4217 currency code, in capitals ("EUR", "COP").</summary>
    public static bool IsCurrency(string? code) => Currencies.IsKnown(code);

    /// <summary>The template of a legal calendar: Monday to Friday, the whole day (00:00–24:00), as the hours form writes it.</summary>
    public static IReadOnlyDictionary<DayOfWeek, string> LegalWeekTemplate { get; } = BusinessHours.Week.ToDictionary(
        d => d, d => d is DayOfWeek.Saturday or DayOfWeek.Sunday ? "" : "00:00-24:00");
}
