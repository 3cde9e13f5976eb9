using Pauta.Core.Common;

namespace Pauta.Core.Insights;

/// <summary>What an alert rule watches. The numbers are stable: they are stored.</summary>
public enum InsightAlertKind
{
    /// <summary>Service-level attainment (first response and resolution together) of the contacts started this local hour is below the threshold, in percent.</summary>
    AttainmentBelow = 0,
    /// <summary>Close-gate overrides on any one step this local week (Monday to Sunday) are above the threshold, a count.</summary>
    StepOverridesAbove = 1,
}

/// <summary>The local period an alert rule looks at, as instants and as the local days it touches.</summary>
public sealed record InsightAlertWindow(DateTime StartUtc, DateTime EndUtc, DateOnly FirstDay, DateOnly LastDay);

/// <summary>
/// The rules of insight alerts, without I/O: which thresholds are valid, which local period a rule looks at now, and
/// whether a measured value raises the alert. A rule raises at most one alert per subject (the rule itself, or one
/// step) and period; the alert stays until someone acknowledges it.
/// </summary>
public static class InsightAlertRules
{
    public const int MaxOverrides = 10_000;

    public static IReadOnlyList<Problem> Validate(InsightAlertKind kind, string? threshold)
    {
        var (min, max) = Range(kind);
        if (!int.TryParse(threshold?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
            return [new Problem("Threshold", "Insights.Alerts.BadThreshold", threshold ?? "", min, max)];
        return [];
    }

    /// <summary>The valid thresholds: a percentage for attainment, a count for overrides.</summary>
    public static (int Min, int Max) Range(InsightAlertKind kind) => kind switch
    {
        InsightAlertKind.AttainmentBelow => (1, 100),
        InsightAlertKind.StepOverridesAbove => (0, MaxOverrides),
    };

    /// <summary>The local hour (attainment) or local ISO week (overrides) that holds <paramref name="now"/>.</summary>
    public static InsightAlertWindow WindowAt(InsightAlertKind kind, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        DateTime start, end;
        switch (kind)
        {
            case InsightAlertKind.AttainmentBelow:
                start = new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0, DateTimeKind.Unspecified);
                end = start.AddHours(1);
                break;
            case InsightAlertKind.StepOverridesAbove:
                var back = ((int)local.DayOfWeek + 6) % 7;
                start = local.Date.AddDays(-back);
                end = start.AddDays(7);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
        return new InsightAlertWindow(ToUtc(start, zone), ToUtc(end, zone), DateOnly.FromDateTime(start), DateOnly.FromDateTime(end.AddTicks(-1)));
    }

    /// <summary>
    /// Whether the measure raises the alert: attainment strictly below the threshold percentage (nothing measured raises
    /// nothing), or overrides strictly above the threshold count.
    /// </summary>
    public static bool Raises(InsightAlertKind kind, int threshold, int met, int of) => kind switch
    {
        InsightAlertKind.AttainmentBelow => of > 0 && met * 100L < threshold * (long)of,
        InsightAlertKind.StepOverridesAbove => met > threshold,
    };

    // A local time skipped by a clock change (spring forward) is read as the instant just after the gap; one repeated
    // (autumn) as its first occurrence, so a window never starts twice.
    private static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        if (zone.IsAmbiguousTime(local))
        {
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
