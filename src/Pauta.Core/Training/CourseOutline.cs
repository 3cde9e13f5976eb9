using Pauta.Core.Protocols;

namespace Pauta.Core.Training;

/// <summary>What a lesson teaches.</summary>
public enum LessonKind
{
    /// <summary>What changed since the version the person last acknowledged.</summary>
    Changes = 0,
    /// <summary>Purpose, scope, terms, responsibilities and channels.</summary>
    Overview = 1,
    /// <summary>One step of the main flow.</summary>
    Step = 2,
    /// <summary>One contingency plan: its trigger and its steps.</summary>
    Plan = 3,
    /// <summary>The self-assessment; its progress is the quiz attempt, not a tick.</summary>
    Quiz = 4,
}

/// <summary>
/// One lesson of a course. <see cref="Key"/> is what the URL and the stored progress name it by. <see cref="Step"/> is set
/// for <see cref="LessonKind.Step"/>, <see cref="Plan"/> for <see cref="LessonKind.Plan"/>.
/// </summary>
public sealed record Lesson(string Key, LessonKind Kind, string Title, Step? Step = null, ContingencyPlan? Plan = null)
{
    /// <summary>Whether it is read and ticked as done (every lesson but the quiz).</summary>
    public bool IsReading => Kind != LessonKind.Quiz;
}

/// <summary>
/// The lessons of a course, computed from a published version (lessons are not stored: ADR-009). In order: what changed
/// (only for a person who acknowledged an older version), the overview, one lesson per main-flow step in the author's
/// order, one per contingency plan, then the quiz when the protocol has questions.
/// <para>
/// A step's lesson key is its step key. A step whose key would read as one of the fixed keys (<c>overview</c>,
/// <c>changes</c>, <c>quiz</c>) or as a plan lesson (<c>plan-…</c>) is keyed <c>step-&lt;key&gt;</c> instead, so no two
/// lessons ever share a key.
/// </para>
/// </summary>
public static class CourseOutline
{
    public const string OverviewKey = "overview";
    public const string ChangesKey = "changes";
    public const string QuizKey = "quiz";
    public const string PlanPrefix = "plan-";
    public const string StepPrefix = "step-";

    /// <param name="protocol">The version the course teaches.</param>
    /// <param name="hasPreviousAcknowledgement">Whether the person acknowledged an older version (the course then opens on what changed).</param>
    public static IReadOnlyList<Lesson> Of(Protocol protocol, bool hasPreviousAcknowledgement = false)
    {
        var lessons = new List<Lesson>();
        if (hasPreviousAcknowledgement) lessons.Add(new Lesson(ChangesKey, LessonKind.Changes, ""));
        lessons.Add(new Lesson(OverviewKey, LessonKind.Overview, protocol.Title));
        var seen = new HashSet<string>(StringComparer.Ordinal) { ChangesKey, OverviewKey, QuizKey };
        foreach (var step in protocol.Steps)
        {
            var key = StepLessonKey(step.Key);
            if (!seen.Add(key)) continue; // a duplicated step key (the linter refuses it) teaches once
            lessons.Add(new Lesson(key, LessonKind.Step, step.Title, Step: step));
        }
        foreach (var plan in protocol.ContingencyPlans)
        {
            var key = PlanPrefix + plan.Key;
            if (!seen.Add(key)) continue;
            lessons.Add(new Lesson(key, LessonKind.Plan, plan.Name, Plan: plan));
        }
        if (HasQuiz(protocol)) lessons.Add(new Lesson(QuizKey, LessonKind.Quiz, ""));
        return lessons;
    }

    /// <summary>Whether the protocol has a self-assessment with at least one question.</summary>
    public static bool HasQuiz(Protocol protocol) => protocol.Assessment is { Questions.Count: > 0 };

    /// <summary>The lesson key of a main-flow step (see the class remarks).</summary>
    public static string StepLessonKey(string stepKey) =>
        stepKey is OverviewKey or ChangesKey or QuizKey || stepKey.StartsWith(PlanPrefix, StringComparison.Ordinal)
            || stepKey.StartsWith(StepPrefix, StringComparison.Ordinal)
            ? StepPrefix + stepKey
            : stepKey;

    /// <summary>
    /// Where "continue where you left off" goes: the first reading lesson not done; when all are done, the quiz if there is
    /// one and it is not passed; null when nothing is left.
    /// </summary>
    public static string? Resume(IReadOnlyList<Lesson> lessons, IReadOnlySet<string> done, bool quizPassed)
    {
        foreach (var lesson in lessons)
        {
            if (lesson.IsReading && !done.Contains(lesson.Key)) return lesson.Key;
        }
        return lessons.Any(l => l.Kind == LessonKind.Quiz) && !quizPassed ? QuizKey : null;
    }

    /// <summary>The lesson after <paramref name="key"/>, or null after the last one (or for an unknown key).</summary>
    public static string? After(IReadOnlyList<Lesson> lessons, string key)
    {
        for (var i = 0; i < lessons.Count - 1; i++)
            if (lessons[i].Key == key) return lessons[i + 1].Key;
        return null;
    }

    /// <summary>The lesson before <paramref name="key"/>, or null before the first one (or for an unknown key).</summary>
    public static string? Before(IReadOnlyList<Lesson> lessons, string key)
    {
        for (var i = 1; i < lessons.Count; i++)
            if (lessons[i].Key == key) return lessons[i - 1].Key;
        return null;
    }

    /// <summary>The sections that differ between the version a person acknowledged and the one the course teaches now.</summary>
    public static IReadOnlyList<SectionDiff> Changes(Protocol acknowledged, Protocol current, DiffWords? words = null) =>
        ProtocolDiff.Compare(acknowledged, current, words).Where(d => d.Kind != SectionChangeKind.Unchanged).ToList();
}
