using System.Globalization;
using System.Text;
using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;

namespace Pauta.Core.Training;

/// <summary>Something a person did in a live contact that says they may have forgotten part of a protocol.</summary>
/// <param name="StepKey">The step concerned (for a plan step, its own key, without the plan's).</param>
public abstract record LiveSlip(DateTimeOffset At, string StepKey)
{
    /// <summary>A required step skipped (skipping a required step needs a reason; optional steps do not count).</summary>
    public sealed record RequiredSkip(DateTimeOffset At, string StepKey) : LiveSlip(At, StepKey);

    /// <summary>A contact closed over the close gate with this required step still open.</summary>
    public sealed record CloseOverride(DateTimeOffset At, string StepKey, Guid ContactId) : LiveSlip(At, StepKey);
}

/// <summary>Live work brings the refresher forward: to when, why (for <c>RefresherSchedule.BroughtForwardBy</c>) and on which steps.</summary>
public sealed record Nudge(DateTimeOffset DueAt, string Reason, IReadOnlyList<string> Steps);

/// <summary>
/// Live work moves the refresher (issue 10): repeated skips of required steps, or repeated closes over the close gate, on a
/// protocol's steps in the last 7 days bring that protocol's refresher forward to the start of the next working day.
/// Thresholds: at least <see cref="SkipThreshold"/> required-step skips, or at least <see cref="OverrideThreshold"/> contacts
/// closed over the gate, by the person on the protocol in the 7 days up to now and after their last review (a refresher
/// done since then has answered them). The check is on the steps named: the assessment questions that mention one of
/// them (<see cref="QuestionsOn"/>), or the whole quiz when none does.
/// </summary>
public static class LiveWorkNudge
{
    public const int SkipThreshold = 3;
    public const int OverrideThreshold = 2;
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);
    /// <summary>The longest reason stored (the column holds 200 characters).</summary>
    public const int MaxReasonLength = 200;

    /// <summary>
    /// The nudge for one person on one protocol, or null when live work does not call for one, or when the refresher is
    /// due at or before the next working day anyway (<paramref name="currentDue"/>).
    /// </summary>
    public static Nudge? Decide(IEnumerable<LiveSlip> slips, DateTimeOffset now, DateTimeOffset? lastReview, DateTimeOffset? currentDue,
        BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(slips);
        ArgumentNullException.ThrowIfNull(calendar);
        var from = now - Window;
        if (lastReview is { } last && last > from) from = last;
        var recent = slips.Where(s => s.At > from && s.At <= now).ToList();
        var skips = recent.OfType<LiveSlip.RequiredSkip>().ToList();
        var overrides = recent.OfType<LiveSlip.CloseOverride>().ToList();
        var closedOver = overrides.Select(o => o.ContactId).Distinct().Count();

        string kind;
        List<LiveSlip> counted;
        if (closedOver >= OverrideThreshold) { kind = "overrides"; counted = [.. overrides]; }
        else if (skips.Count >= SkipThreshold) { kind = "skips"; counted = [.. skips]; }
        else return null;
        if (closedOver >= OverrideThreshold && skips.Count >= SkipThreshold) { kind = "skips+overrides"; counted = recent; }

        var due = Refresher.NextWorkingDay(calendar, now);
        if (currentDue is { } current && current <= due) return null;

        // The steps slipped most often first; ties in key order, so the reason is the same whoever reads the events.
        var steps = counted.GroupBy(s => s.StepKey, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).ToList();
        return new Nudge(due, ReasonText(kind, steps), steps);
    }

    private static string ReasonText(string kind, IReadOnlyList<string> steps)
    {
        var text = new StringBuilder(kind).Append(':');
        for (var i = 0; i < steps.Count; i++)
        {
            var next = (i == 0 ? "" : ",") + steps[i];
            if (text.Length + next.Length > MaxReasonLength) break;
            text.Append(next);
        }
        return text.ToString();
    }

    /// <summary>The steps a stored reason names ("skips:saludo,ticket" → saludo, ticket).</summary>
    public static IReadOnlyList<string> StepsOf(string? reason) =>
        reason is null || reason.IndexOf(':') is var colon && colon < 0 ? [] : reason[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The one-question check on the steps named: indexes of the assessment questions whose text (or explanation) mentions one
    /// of the steps by title or key, ignoring case and accents; all questions when none does; none when there is no assessment.
    /// </summary>
    public static IReadOnlyList<int> QuestionsOn(Protocol protocol, IReadOnlyCollection<string> stepKeys)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(stepKeys);
        if (protocol.Assessment is not { Questions.Count: > 0 } assessment) return [];
        var all = protocol.Steps.Concat(protocol.ContingencyPlans.SelectMany(p => p.Steps));
        var names = all.Where(s => stepKeys.Contains(s.Key))
            .SelectMany(s => new[] { s.Title, s.Key.Replace('-', ' ') })
            .Select(Fold).Where(n => n.Length >= 3).Distinct().ToList();
        var matching = assessment.Questions.Select((q, i) => (Text: Fold(q.Text + " " + q.Explanation), i))
            .Where(q => names.Any(n => q.Text.Contains(n, StringComparison.Ordinal))).Select(q => q.i).ToList();
        return matching.Count > 0 ? matching : Enumerable.Range(0, assessment.Questions.Count).ToList();
    }

    private static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) result.Append(char.ToLowerInvariant(c));
        return result.ToString().Normalize(NormalizationForm.FormC).Trim();
    }
}
