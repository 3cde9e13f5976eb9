using System.Text.Json;
using System.Text.Json.Serialization;
using Pauta.Core.Common;
using Pauta.Core.Protocols;

namespace Pauta.Core.Training;

/// <summary>
/// How a course delivers its quiz (a course setting, not part of the protocol file: ADR-009).
/// <paramref name="AttemptsAllowed"/> null means unlimited; <paramref name="Wait"/> applies after a failed attempt;
/// <paramref name="QuestionsPerAttempt"/> null means every question of the pool.
/// </summary>
public sealed record QuizPolicy(int? AttemptsAllowed, TimeSpan Wait, int? QuestionsPerAttempt, bool ShuffleOptions)
{
    public const int MaxAttempts = 20;
    public const int MaxWaitMinutes = 7 * 24 * 60;

    /// <summary>
    /// What is wrong with settings a manager typed. Fields: <c>AttemptsAllowed</c> (1–20 or blank), <c>WaitMinutes</c>
    /// (0–10080), <c>QuestionsPerAttempt</c> (1 to the pool's size, or blank).
    /// </summary>
    public static IReadOnlyList<Problem> Check(int? attemptsAllowed, int waitMinutes, int? questionsPerAttempt, int poolSize)
    {
        var problems = new List<Problem>();
        if (attemptsAllowed is { } a && (a < 1 || a > MaxAttempts))
            problems.Add(new Problem("AttemptsAllowed", "Training.Learner.Settings.AttemptsRange", 1, MaxAttempts));
        if (waitMinutes < 0 || waitMinutes > MaxWaitMinutes)
            problems.Add(new Problem("WaitMinutes", "Training.Learner.Settings.WaitRange", 0, MaxWaitMinutes));
        if (questionsPerAttempt is { } q && (q < 1 || q > poolSize))
            problems.Add(poolSize == 0
                ? new Problem("QuestionsPerAttempt", "Training.Learner.Settings.NoQuestions")
                : new Problem("QuestionsPerAttempt", "Training.Learner.Settings.QuestionsRange", 1, poolSize));
        return problems;
    }
}

/// <summary>One drawn question: its index in the version's assessment and the order its options are shown in (original indexes).</summary>
public sealed record PaperQuestion(
    [property: JsonPropertyName("q")] int Index,
    [property: JsonPropertyName("o")] IReadOnlyList<int> OptionOrder);

/// <summary>
/// What one attempt shows, fixed when it starts and stored with it, so grading uses exactly what was shown. Deterministic
/// from the seed (a small PRNG of our own, so the same seed draws the same paper on every .NET version).
/// </summary>
public sealed record QuizPaper(IReadOnlyList<PaperQuestion> Questions)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    /// <summary>
    /// Draws <see cref="QuizPolicy.QuestionsPerAttempt"/> distinct questions (all of them when null or larger than the
    /// pool) in a random order, each with its options shuffled when the policy says so (else in the author's order).
    /// </summary>
    public static QuizPaper Draw(Assessment assessment, QuizPolicy policy, int seed)
    {
        var random = new SplitMix(seed);
        var pool = Enumerable.Range(0, assessment.Questions.Count).ToArray();
        random.Shuffle(pool);
        var count = Math.Min(policy.QuestionsPerAttempt is { } n && n >= 0 ? n : pool.Length, pool.Length);
        var questions = new List<PaperQuestion>(count);
        foreach (var index in pool.Take(count))
        {
            var order = Enumerable.Range(0, assessment.Questions[index].Options.Count).ToArray();
            if (policy.ShuffleOptions) random.Shuffle(order);
            questions.Add(new PaperQuestion(index, order));
        }
        return new QuizPaper(questions);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>A stored paper; null when the text is not one.</summary>
    public static QuizPaper? FromJson(string json)
    {
        try
        {
            var paper = JsonSerializer.Deserialize<QuizPaper>(json, Options);
            return paper is { Questions: not null } && paper.Questions.All(q => q is { OptionOrder: not null }) ? paper : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and fully specified, so a seed means the same draw forever.</summary>
    private sealed class SplitMix(int seed)
    {
        private ulong _state = unchecked((ulong)seed);

        private ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>A number in [0, bound); the modulo bias is below 2^-50 for the small bounds a quiz has.</summary>
        private int Below(int bound) => (int)(Next() % (ulong)bound);

        /// <summary>Fisher–Yates.</summary>
        public void Shuffle(int[] items)
        {
            for (var i = items.Length - 1; i > 0; i--)
            {
                var j = Below(i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }
        }
    }
}

/// <summary>
/// One graded question. <paramref name="Chosen"/> and <paramref name="Correct"/> are original option indexes;
/// <paramref name="Chosen"/> null means it was left unanswered (which counts as wrong).
/// </summary>
public sealed record GradedQuestion(int Index, bool IsCorrect, int? Chosen, int Correct, string Explanation);

/// <summary>The result of an attempt: <paramref name="ScorePercent"/> is rounded down (see <see cref="QuizGrader"/>).</summary>
public sealed record QuizGrade(IReadOnlyList<GradedQuestion> Questions, int CorrectCount, int ScorePercent, bool Passed);

/// <summary>
/// Grades an attempt against the version it was started on. The score is the percentage of correct answers
/// <b>rounded down</b>: 2 of 3 is 66 %, never 67 %. Rounding down is what makes "passed = score ≥ pass mark" exact: a
/// whole-number pass mark m is reached by the rounded-down score exactly when the true fraction is at least m %, so the
/// score shown never lets anybody pass who did not. A paper with no questions scores 100 % (nothing was answered wrong).
/// </summary>
public static class QuizGrader
{
    /// <summary>
    /// <paramref name="answers"/> holds one entry per drawn question, in the paper's order: the original index of the
    /// chosen option, or null when unanswered. An answer naming an option the question did not show (or the wrong
    /// number of answers) is a problem (field <c>answers</c> or <c>answers[i]</c>), never an exception.
    /// </summary>
    public static Graded Grade(Assessment assessment, QuizPaper paper, IReadOnlyList<int?> answers)
    {
        if (answers.Count != paper.Questions.Count)
            return new Graded(null, [new Problem("answers", "Training.Learner.Quiz.AnswerCount", paper.Questions.Count, answers.Count)]);
        var problems = new List<Problem>();
        var graded = new List<GradedQuestion>(paper.Questions.Count);
        for (var i = 0; i < paper.Questions.Count; i++)
        {
            var drawn = paper.Questions[i];
            if (drawn.Index < 0 || drawn.Index >= assessment.Questions.Count)
            {
                problems.Add(new Problem("paper", "Training.Learner.Quiz.PaperMismatch"));
                continue;
            }
            var question = assessment.Questions[drawn.Index];
            var chosen = answers[i];
            if (chosen is { } c && (c < 0 || c >= question.Options.Count || !drawn.OptionOrder.Contains(c)))
            {
                problems.Add(new Problem($"answers[{i}]", "Training.Learner.Quiz.UnknownOption", i + 1));
                continue;
            }
            graded.Add(new GradedQuestion(drawn.Index, chosen == question.CorrectIndex, chosen, question.CorrectIndex, question.Explanation));
        }
        if (problems.Count > 0) return new Graded(null, problems);
        var correct = graded.Count(g => g.IsCorrect);
        var score = graded.Count == 0 ? 100 : correct * 100 / graded.Count;
        return new Graded(new QuizGrade(graded, correct, score, score >= assessment.PassMark), []);
    }

    /// <summary>A grade, or the problems that kept the answers from being graded.</summary>
    public sealed record Graded(QuizGrade? Grade, IReadOnlyList<Problem> Problems);
}

/// <summary>An attempt a person made on one version: when it started, when it was handed in, whether it passed.</summary>
public sealed record AttemptSoFar(Guid Id, DateTime StartedAt, DateTime? SubmittedAt, bool? Passed);

/// <summary>Whether a person may start a quiz attempt now, and if not, why.</summary>
public abstract record AttemptDecision
{
    private AttemptDecision() { }

    public sealed record Allowed : AttemptDecision;

    /// <summary>The last attempt failed; the next one may start at <paramref name="At"/> (UTC).</summary>
    public sealed record WaitUntil(DateTime At) : AttemptDecision;

    public sealed record NoAttemptsLeft : AttemptDecision;

    public sealed record AlreadyPassed : AttemptDecision;

    /// <summary>An attempt is started and not handed in: carry on with it rather than drawing another paper.</summary>
    public sealed record InProgress(Guid Id) : AttemptDecision;
}

public static class QuizAttempts
{
    /// <summary>
    /// The rule, in this order: a passed attempt ends the quiz; an open attempt is carried on; when every allowed attempt
    /// is used nothing more may start; after a failed attempt the person waits <see cref="QuizPolicy.Wait"/> from the
    /// moment it was handed in (starting exactly at the end of the wait is allowed); else a new attempt may start.
    /// <paramref name="attempts"/> are this person's on the version in question, in any order.
    /// </summary>
    public static AttemptDecision MayStart(QuizPolicy policy, IReadOnlyList<AttemptSoFar> attempts, DateTime now) =>
        MayStart(policy, attempts, now, refresherDueAt: null);

    /// <summary>
    /// The same rule, with the person's refresher: once it is due (<paramref name="refresherDueAt"/> at or before
    /// <paramref name="now"/>) a new round of the quiz opens, and only the attempts started in it count; so someone who
    /// passed long ago takes the quiz again as their refresher, with the course's attempts and waiting time.
    /// </summary>
    public static AttemptDecision MayStart(QuizPolicy policy, IReadOnlyList<AttemptSoFar> attempts, DateTime now, DateTime? refresherDueAt)
    {
        if (refresherDueAt is { } due && due <= now) attempts = attempts.Where(a => a.StartedAt >= due).ToList();
        if (attempts.Any(a => a.Passed == true)) return new AttemptDecision.AlreadyPassed();
        if (attempts.Where(a => a.SubmittedAt is null).OrderByDescending(a => a.StartedAt).FirstOrDefault() is { } open)
            return new AttemptDecision.InProgress(open.Id);
        if (policy.AttemptsAllowed is { } allowed && attempts.Count >= allowed) return new AttemptDecision.NoAttemptsLeft();
        var last = attempts.OrderByDescending(a => a.SubmittedAt).FirstOrDefault();
        if (last?.SubmittedAt is { } handedIn && now < handedIn + policy.Wait) return new AttemptDecision.WaitUntil(handedIn + policy.Wait);
        return new AttemptDecision.Allowed();
    }
}

/// <summary>Why a person may or may not acknowledge a version ("read and understood").</summary>
public enum AcknowledgementRule
{
    Allowed = 0,
    /// <summary>They already did: acknowledging again changes nothing (idempotent).</summary>
    AlreadyAcknowledged = 1,
    /// <summary>The version has an assessment and they have not passed it on this version.</summary>
    QuizNotPassed = 2,
}

public static class Acknowledgements
{
    /// <summary>
    /// A version is acknowledged once; one with an assessment only after passing it on that very version (an attempt on an
    /// older version does not count: its questions may have changed).
    /// </summary>
    public static AcknowledgementRule MayAcknowledge(bool hasAssessment, bool passedAttemptOnThisVersion, bool alreadyAcknowledged) =>
        alreadyAcknowledged ? AcknowledgementRule.AlreadyAcknowledged
        : hasAssessment && !passedAttemptOnThisVersion ? AcknowledgementRule.QuizNotPassed
        : AcknowledgementRule.Allowed;
}
