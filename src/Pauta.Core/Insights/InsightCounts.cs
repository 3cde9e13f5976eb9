using System.Globalization;
using System.Text;
using Pauta.Core.Contacts;

namespace Pauta.Core.Insights;

/// <summary>
/// A sum of counts that can be added and subtracted: the contents of one pre-aggregated row. A contact contributes
/// <see cref="OfContact"/> to its row; when its facts change the old contribution is subtracted and the new one added,
/// so a row always equals the sum over its contacts' current facts. The text form is canonical (sorted, no zeros), so
/// a row kept up to date and a row rebuilt from scratch are equal as strings.
/// </summary>
public sealed class InsightCounts
{
    private readonly long[] numbers;
    private readonly Dictionary<int, long>[] byNumber;
    private readonly Dictionary<string, long>[] byText;

    private InsightCounts(int numbers, int numberMaps, int textMaps)
    {
        this.numbers = new long[numbers];
        byNumber = new Dictionary<int, long>[numberMaps];
        for (var i = 0; i < numberMaps; i++) byNumber[i] = [];
        byText = new Dictionary<string, long>[textMaps];
        for (var i = 0; i < textMaps; i++) byText[i] = new Dictionary<string, long>(StringComparer.Ordinal);
    }

    // ---- The contact row's layout. ----

    /// <summary>The numbers a contact row sums. Positions are stored: only append.</summary>
    public enum Contact
    {
        Contacts, Closed, FirstResponseMet, FirstResponseMissed, FirstResponsePending, ResolutionMet, ResolutionMissed, ResolutionPending,
        Escalated, Overridden, ContingencyEntered, TakenOver, SurveyAnswers, SurveySum, SurveySumOfSquares,
        RecoveriesOpened, RecoveriesOnTime, RecoveriesDone,
    }

    /// <summary>Histograms of a contact row (bucket → contacts).</summary>
    public enum ContactHistogram { FirstResponse, Resolution }

    /// <summary>Keyed counts of a contact row: escalation reason → contacts, plan → contacts.</summary>
    public enum ContactKeyed { EscalationReasons, Plans }

    // ---- The step row's layout. ----

    public enum Step { Reached, Completed, Skipped, Overridden }

    /// <summary>Time on step (bucket → contacts); answers taken (answer index → contacts) with the survey scores of those contacts.</summary>
    public enum StepHistogram { TimeOn, AnswerTaken, AnswerScores, AnswerScoreSum, AnswerScoreSumOfSquares }

    public enum StepKeyed { SkipReasons }

    public static InsightCounts EmptyContact() => new(Enum.GetValues<Contact>().Length, 2, 2);

    public static InsightCounts EmptyStep() => new(Enum.GetValues<Step>().Length, 5, 1);

    public long this[Contact n] => numbers[(int)n];

    /// <summary>A contact row's counts with only its fixed numbers (in <see cref="Contact"/> order), as the reader sums them in SQL.</summary>
    public static InsightCounts OfNumbers(IReadOnlyList<long> contactNumbers)
    {
        ArgumentNullException.ThrowIfNull(contactNumbers);
        var c = EmptyContact();
        if (contactNumbers.Count != c.numbers.Length) throw new ArgumentException($"A contact row has {c.numbers.Length} numbers.", nameof(contactNumbers));
        for (var i = 0; i < c.numbers.Length; i++) c.numbers[i] = contactNumbers[i];
        return c;
    }

    public long this[Step n] => numbers[(int)n];

    public IReadOnlyDictionary<int, long> this[ContactHistogram h] => byNumber[(int)h];

    public IReadOnlyDictionary<string, long> this[ContactKeyed k] => byText[(int)k];

    public IReadOnlyDictionary<int, long> this[StepHistogram h] => byNumber[(int)h];

    public IReadOnlyDictionary<string, long> this[StepKeyed k] => byText[(int)k];

    public bool IsZero => numbers.All(n => n == 0) && byNumber.All(m => m.Count == 0) && byText.All(m => m.Count == 0);

    /// <summary>What one contact adds to its contact row.</summary>
    public static InsightCounts OfContact(ContactFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        var c = EmptyContact();
        void Count(Contact n, long by = 1) => c.numbers[(int)n] += by;
        Count(Contact.Contacts);
        if (fact.IsClosed) Count(Contact.Closed);
        Clock(fact.FirstResponse, Contact.FirstResponseMet, Contact.FirstResponseMissed, Contact.FirstResponsePending, ContactHistogram.FirstResponse);
        Clock(fact.Resolution, Contact.ResolutionMet, Contact.ResolutionMissed, Contact.ResolutionPending, ContactHistogram.Resolution);
        if (fact.Escalated) Count(Contact.Escalated);
        if (fact.Overridden) Count(Contact.Overridden);
        if (fact.PlansEntered.Count > 0) Count(Contact.ContingencyEntered);
        if (fact.TakeOvers > 0) Count(Contact.TakenOver);
        if (fact.Feedback.Score is { } score)
        {
            Count(Contact.SurveyAnswers);
            Count(Contact.SurveySum, score);
            Count(Contact.SurveySumOfSquares, (long)score * score);
        }
        if (fact.Feedback.RecoveryOpened) Count(Contact.RecoveriesOpened);
        if (fact.Feedback.RecoveryDoneAt is not null) Count(Contact.RecoveriesDone);
        if (fact.Feedback.RecoveryOnTime) Count(Contact.RecoveriesOnTime);
        foreach (var reason in fact.EscalationReasons) Add(c.byText[(int)ContactKeyed.EscalationReasons], reason, 1);
        foreach (var plan in fact.PlansEntered) Add(c.byText[(int)ContactKeyed.Plans], plan, 1);
        return c;

        void Clock(ClockFact clock, Contact met, Contact missed, Contact pending, ContactHistogram histogram)
        {
            switch (clock.Result)
            {
                case ClockResult.None: break;
                case ClockResult.Pending: Count(pending); break;
                case ClockResult.Met: Count(met); break;
                case ClockResult.Missed: Count(missed); break;
            }
            if (clock.Taken is { } taken) Add(c.byNumber[(int)histogram], DurationHistogram.BucketOf(taken), 1);
        }
    }

    /// <summary>What one step of one contact adds to its step row; <paramref name="score"/> is the contact's survey score.</summary>
    public static InsightCounts OfStep(StepFact step, int? score)
    {
        ArgumentNullException.ThrowIfNull(step);
        var c = EmptyStep();
        if (step.Reached)
        {
            c.numbers[(int)Step.Reached]++;
            Add(c.byNumber[(int)StepHistogram.TimeOn], DurationHistogram.BucketOf(step.TimeOn), 1);
        }
        switch (step.Resolution)
        {
            case null: break;
            case StepResolution.Completed or StepResolution.Answered: c.numbers[(int)Step.Completed]++; break;
            case StepResolution.Skipped:
                c.numbers[(int)Step.Skipped]++;
                Add(c.byText[(int)StepKeyed.SkipReasons], SkipReasonKey(step.SkipReason), 1);
                break;
        }
        if (step.Overridden) c.numbers[(int)Step.Overridden]++;
        if (step.Resolution == StepResolution.Answered && step.AnswerIndex is { } answer)
        {
            Add(c.byNumber[(int)StepHistogram.AnswerTaken], answer, 1);
            if (score is { } s)
            {
                Add(c.byNumber[(int)StepHistogram.AnswerScores], answer, 1);
                Add(c.byNumber[(int)StepHistogram.AnswerScoreSum], answer, s);
                Add(c.byNumber[(int)StepHistogram.AnswerScoreSumOfSquares], answer, (long)s * s);
            }
        }
        return c;
    }

    /// <summary>How skip reasons are grouped: trimmed, white space collapsed; "" for a skip without a reason.</summary>
    public static string SkipReasonKey(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "" : string.Join(' ', reason.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Adds <paramref name="other"/> times <paramref name="sign"/> (1 or −1) into this one.</summary>
    public void Add(InsightCounts other, int sign = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.numbers.Length != numbers.Length) throw new ArgumentException("Counts of different layouts.", nameof(other));
        for (var i = 0; i < numbers.Length; i++) numbers[i] += sign * other.numbers[i];
        for (var i = 0; i < byNumber.Length; i++)
            foreach (var (k, v) in other.byNumber[i]) Add(byNumber[i], k, sign * v);
        for (var i = 0; i < byText.Length; i++)
            foreach (var (k, v) in other.byText[i]) Add(byText[i], k, sign * v);
    }

    private static void Add<TKey>(Dictionary<TKey, long> map, TKey key, long by) where TKey : notnull
    {
        // One lookup per entry: the dashboards add up hundreds of thousands of entries per query.
        ref var value = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(map, key, out _);
        value += by;
        if (value == 0) map.Remove(key);
    }

    /// <summary>
    /// The canonical text: numbers, then each histogram, then each keyed count, separated by "|"; entries "key:count"
    /// separated by ","; text keys percent-encoded. Trailing zero numbers and empty maps still take their place.
    /// </summary>
    public string ToText()
    {
        var b = new StringBuilder();
        b.AppendJoin(',', numbers.Select(n => n.ToString(CultureInfo.InvariantCulture)));
        foreach (var map in byNumber)
        {
            b.Append('|');
            b.AppendJoin(',', map.OrderBy(p => p.Key).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}:{p.Value}")));
        }
        foreach (var map in byText)
        {
            b.Append('|');
            b.AppendJoin(',', map.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => string.Create(CultureInfo.InvariantCulture, $"{Uri.EscapeDataString(p.Key)}:{p.Value}")));
        }
        return b.ToString();
    }

    /// <summary>Adds the counts written in <paramref name="text"/> (<see cref="ToText"/>) into this one, without building a copy: the dashboards sum thousands of rows.</summary>
    public void AddText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan();
        var at = 0;
        // Numbers up to the first '|'.
        for (var i = 0; ; i++)
        {
            if (i >= numbers.Length) throw new FormatException($"Too many numbers: {text}");
            numbers[i] += Number(span, ref at, text);
            if (at >= span.Length) throw new FormatException($"Counts end early: {text}");
            var separator = span[at++];
            if (separator == '|') break;
            if (separator != ',') throw new FormatException($"Bad separator in: {text}");
        }
        for (var m = 0; m < byNumber.Length + byText.Length; m++)
        {
            var last = m == byNumber.Length + byText.Length - 1;
            while (at < span.Length && span[at] != '|')
            {
                var colon = span[at..].IndexOf(':');
                if (colon < 0) throw new FormatException($"Bad entry in: {text}");
                var key = span.Slice(at, colon);
                at += colon + 1;
                var value = Number(span, ref at, text);
                if (m < byNumber.Length) Add(byNumber[m], NumberKey(key, text), value);
                else Add(byText[m - byNumber.Length], key.Contains('%') ? Uri.UnescapeDataString(key.ToString()) : key.ToString(), value);
                if (at < span.Length && span[at] == ',') at++;
            }
            if (last)
            {
                if (at != span.Length) throw new FormatException($"Too many parts: {text}");
            }
            else
            {
                if (at >= span.Length) throw new FormatException($"Counts need {1 + byNumber.Length + byText.Length} parts: {text}");
                at++;
            }
        }
    }

    private static int NumberKey(ReadOnlySpan<char> key, string text)
    {
        var at = 0;
        var value = Number(key, ref at, text);
        if (at != key.Length || value is < int.MinValue or > int.MaxValue) throw new FormatException($"Bad key in: {text}");
        return (int)value;
    }

    private static long Number(ReadOnlySpan<char> span, ref int at, string text)
    {
        var negative = at < span.Length && span[at] == '-';
        if (negative) at++;
        var start = at;
        long value = 0;
        while (at < span.Length && span[at] is >= '0' and <= '9') value = checked(value * 10 + (span[at++] - '0'));
        if (at == start) throw new FormatException($"A number is missing in: {text}");
        return negative ? -value : value;
    }

    public static InsightCounts ParseContact(string text)
    {
        var c = EmptyContact();
        c.AddText(text);
        return c;
    }

    public static InsightCounts ParseStep(string text)
    {
        var c = EmptyStep();
        c.AddText(text);
        return c;
    }
}
