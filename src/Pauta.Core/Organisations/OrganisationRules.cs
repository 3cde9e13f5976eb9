using Pauta.Core.Common;

namespace Pauta.Core.Organisations;

/// <summary>Field rules shared by sign-up, settings, the API and the CLI, so every door says the same thing.</summary>
public static class OrganisationRules
{
    public const int MaxNameLength = 100;
    public const int MaxPersonNameLength = 100;
    public const int MaxHolidayNameLength = 100;
    public const int MaxEmailLength = 254;

    public static readonly IReadOnlyList<string> Languages = ["es", "en"];

    public static IEnumerable<Problem> CheckName(string? value, string field, int max = MaxNameLength)
    {
        if (string.IsNullOrWhiteSpace(value)) yield return new Problem(field, "Field.Required");
        else if (value.Trim().Length > max) yield return new Problem(field, "Field.TooLong", max);
    }

    public static IEnumerable<Problem> CheckLanguage(string? value, string field)
    {
        if (value is null || !Languages.Contains(value)) yield return new Problem(field, "Field.UnknownLanguage", value ?? "");
    }

    /// <summary>Only IANA ids ("Europe/Madrid"), so the same data means the same on every server.</summary>
    public static IEnumerable<Problem> CheckTimeZone(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) { yield return new Problem(field, "Field.Required"); yield break; }
        if (!IsIanaTimeZone(value)) yield return new Problem(field, "Field.UnknownTimeZone", value);
    }

    // The lookup is case-insensitive once .NET has cached the zone list, so the id must match exactly:
    // otherwise "europe/madrid" would pass or fail depending on what ran earlier in the process.
    // "posix/…" and "right/…" are folders of the tz database files on some systems, not zone ids.
    public static bool IsIanaTimeZone(string id) =>
        (id.Contains('/') || id == "UTC") &&
        !id.StartsWith("posix/", StringComparison.Ordinal) && !id.StartsWith("right/", StringComparison.Ordinal) &&
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId && zone.Id == id;

    /// <summary>The zones offered in pickers: IANA region/city ids, sorted.</summary>
    public static IReadOnlyList<string> TimeZoneIds() =>
        TimeZoneInfo.GetSystemTimeZones()
            .Where(z => z.HasIanaId && z.Id.Contains('/') && !z.Id.StartsWith("Etc/", StringComparison.Ordinal))
            .Select(z => z.Id)
            .Append("UTC")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
}
