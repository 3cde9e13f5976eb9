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

    public static bool IsIanaTimeZone(string id) =>
        id.Contains('/') || id == "UTC"
            ? TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId
            : false;

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
