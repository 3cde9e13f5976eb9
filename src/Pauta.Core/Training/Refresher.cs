using Pauta.Core.ServiceLevels;

namespace Pauta.Core.Training;

/// <summary>How well a person recalled a protocol at a review, as FSRS counts it (1 to 4).</summary>
public enum RecallGrade
{
    /// <summary>Failed the quiz: forgotten.</summary>
    Again = 1,
    /// <summary>Passed with a score below 85 %.</summary>
    Hard = 2,
    /// <summary>Passed with 85 % to 99 %, or acknowledged a version with no quiz.</summary>
    Good = 3,
    /// <summary>Passed with 100 %.</summary>
    Easy = 4,
}

/// <summary>One person's memory of one protocol: FSRS stability (days until recall falls to 90 %) and difficulty (1–10).</summary>
public sealed record RefresherState(double Stability, double Difficulty, int Reviews, DateTimeOffset? LastReview)
{
    /// <summary>Never reviewed: the first review starts the model.</summary>
    public static readonly RefresherState New = new(0, 0, 0, null);
}

/// <summary>
/// When a person should next refresh a protocol: the FSRS-5 memory model (power forgetting curve, published default
/// parameters), deterministic (no fuzz) so a fixed history always gives the same date. A review is a quiz attempt or an
/// acknowledgement; its grade comes from the score (<see cref="GradeOf"/>). The next refresher falls when predicted recall
/// drops to the target (0.9 by default), moved to the start of the organisation's next working day when that date is closed.
/// </summary>
/// <remarks>
/// Formulas (FSRS-5): recall after t days R(t, S) = (1 + F·t/S)^D with D = −0.5 and F = 19/81, so the interval for recall r is
/// I = S/F · (r^(1/D) − 1), which is S at r = 0.9. First review: S = w[G−1], difficulty D0(G) = w4 − e^(w5·(G−1)) + 1.
/// Later reviews: difficulty moves by −w6·(G−3) damped by (10 − D)/9 and reverts to D0(Easy) by w7; stability grows after a
/// success S·(e^w8·(11 − D)·S^−w9·(e^(w10·(1−R)) − 1)·h·b + 1) (h = w15 for Hard, b = w16 for Easy) and after a lapse
/// becomes min(S, w11·D^−w12·((S+1)^w13 − 1)·e^(w14·(1−R))); a second review the same day (under one day) scales S by
/// e^(w17·(G − 3 + w18)). Intervals are whole days, at least one and at most 36,500.
/// </remarks>
public static class Refresher
{
    /// <summary>FSRS-5 default parameters w0..w18.</summary>
    public static readonly IReadOnlyList<double> W =
    [
        0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575, 0.1192,
        1.01925, 1.9395, 0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621,
    ];

    public const double Decay = -0.5;
    public const double Factor = 19.0 / 81.0;
    public const double DefaultTargetRecall = 0.9;
    public const int MaxIntervalDays = 36_500;

    /// <summary>Scores at or above this (and below 100) are <see cref="RecallGrade.Good"/>; passes below it are <see cref="RecallGrade.Hard"/>.</summary>
    public const int GoodFromPercent = 85;

    /// <summary>
    /// The grade of a review: a failed attempt is Again; a pass below 85 % Hard, 85–99 % Good, 100 % Easy; a pass with no
    /// score (an acknowledgement of a version with no quiz) Good.
    /// </summary>
    public static RecallGrade GradeOf(int? scorePercent, bool passed) =>
        !passed ? RecallGrade.Again
        : scorePercent is not { } s ? RecallGrade.Good
        : s >= 100 ? RecallGrade.Easy
        : s >= GoodFromPercent ? RecallGrade.Good
        : RecallGrade.Hard;

    /// <summary>Predicted recall <paramref name="elapsedDays"/> after the last review of a memory with stability <paramref name="stability"/>.</summary>
    public static double Recall(double elapsedDays, double stability) =>
        stability <= 0 ? 0 : Math.Pow(1 + Factor * Math.Max(0, elapsedDays) / stability, Decay);

    /// <summary>The state after a review with <paramref name="grade"/> at <paramref name="at"/>. Reviews must come in time order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A grade outside 1–4, or a review before the previous one.</exception>
    public static RefresherState Review(RefresherState state, RecallGrade grade, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!Enum.IsDefined(grade)) throw new ArgumentOutOfRangeException(nameof(grade), grade, "A grade is 1 to 4.");
        var g = (int)grade;
        if (state.Reviews == 0 || state.LastReview is null || state.Stability <= 0)
            return new RefresherState(W[g - 1], ClampDifficulty(InitialDifficulty(g)), 1, at);
        if (at < state.LastReview) throw new ArgumentOutOfRangeException(nameof(at), at, "Reviews come in time order.");

        var elapsed = (at - state.LastReview.Value).TotalDays;
        var s = state.Stability;
        var d = state.Difficulty;
        double stability;
        if (elapsed < 1)
            stability = s * Math.Exp(W[17] * (g - 3 + W[18]));
        else
        {
            var r = Recall(elapsed, s);
            stability = grade == RecallGrade.Again
                ? Math.Min(s, W[11] * Math.Pow(d, -W[12]) * (Math.Pow(s + 1, W[13]) - 1) * Math.Exp(W[14] * (1 - r)))
                : s * (Math.Exp(W[8]) * (11 - d) * Math.Pow(s, -W[9]) * (Math.Exp(W[10] * (1 - r)) - 1)
                       * (grade == RecallGrade.Hard ? W[15] : 1) * (grade == RecallGrade.Easy ? W[16] : 1) + 1);
        }
        var moved = d - W[6] * (g - 3) * (10 - d) / 9;
        var difficulty = ClampDifficulty(W[7] * InitialDifficulty(4) + (1 - W[7]) * moved);
        return new RefresherState(Math.Max(stability, 0.01), difficulty, state.Reviews + 1, at);
    }

    /// <summary>Whole days from the last review until predicted recall falls to <paramref name="targetRecall"/>: at least 1, at most 36,500.</summary>
    public static int IntervalDays(double stability, double targetRecall = DefaultTargetRecall)
    {
        if (targetRecall is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(targetRecall), targetRecall, "Recall is between 0 and 1.");
        var days = stability / Factor * (Math.Pow(targetRecall, 1 / Decay) - 1);
        return (int)Math.Clamp(Math.Round(days, MidpointRounding.AwayFromZero), 1, MaxIntervalDays);
    }

    /// <summary>
    /// When the next refresher is due: <see cref="IntervalDays"/> after the last review's local date, at the start of
    /// that date's first open period, or of the next working day's when the organisation is closed that date.
    /// </summary>
    /// <exception cref="InvalidOperationException">Never reviewed.</exception>
    public static DateTimeOffset NextDue(RefresherState state, BusinessCalendar calendar, double targetRecall = DefaultTargetRecall)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(calendar);
        if (state.LastReview is not { } last) throw new InvalidOperationException("A state never reviewed has no next refresher.");
        var date = calendar.LocalDate(last).AddDays(IntervalDays(state.Stability, targetRecall));
        return WorkingDayStart(calendar, date);
    }

    /// <summary>The start of the first open period on <paramref name="date"/> or, when closed, on the next working date.</summary>
    public static DateTimeOffset WorkingDayStart(BusinessCalendar calendar, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        for (var i = 0; i <= BusinessCalendar.MaxClosedDays; i++)
        {
            var periods = calendar.OpenPeriodsOn(date.AddDays(i));
            if (periods.Count > 0) return periods[0].Start;
        }
        throw new InvalidOperationException($"No working day within {BusinessCalendar.MaxClosedDays} days of {date:yyyy-MM-dd}.");
    }

    /// <summary>The start of the next working day after the local date of <paramref name="now"/> (tomorrow, or later when closed).</summary>
    public static DateTimeOffset NextWorkingDay(BusinessCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return WorkingDayStart(calendar, calendar.LocalDate(now).AddDays(1));
    }

    private static double InitialDifficulty(int g) => W[4] - Math.Exp(W[5] * (g - 1)) + 1;

    private static double ClampDifficulty(double d) => Math.Clamp(d, 1, 10);
}
