using Pauta.Core.Training;

namespace Pauta.Web.Features.Training;

/// <summary>The name a lesson is listed under: the author's title for steps and plans, a fixed one for the others.</summary>
public static class LessonTitle
{
    public static string Of(LessonKind kind, string title, IStringLocalizer l) => kind switch
    {
        LessonKind.Changes => l["Training.Learner.Lesson.Changes"],
        LessonKind.Overview => l["Training.Learner.Lesson.Overview"],
        LessonKind.Step or LessonKind.Plan => string.IsNullOrWhiteSpace(title) ? l["Training.Learner.Lesson.Untitled"] : title.Trim(),
        LessonKind.Quiz => l["Training.Learner.Quiz.Title"],
    };
}

/// <summary>The learner pages' names for the training enums, each key written out so the resource test finds it.</summary>
public static class LearnerWords
{
    public static string Status(MyCourseStatus status, IStringLocalizer l) => status switch
    {
        MyCourseStatus.NotStarted => l["Training.Learner.Status.NotStarted"],
        MyCourseStatus.InProgress => l["Training.Learner.Status.InProgress"],
        MyCourseStatus.Passed => l["Training.Learner.Status.Passed"],
        MyCourseStatus.Acknowledged => l["Training.Learner.Status.Acknowledged"],
    };

    public static string Quiz(QuizState state, IStringLocalizer l) => state switch
    {
        QuizState.None => l["Training.Learner.Quiz.State.None"],
        QuizState.CanStart => l["Training.Learner.Quiz.State.CanStart"],
        QuizState.InProgress => l["Training.Learner.Quiz.State.InProgress"],
        QuizState.Waiting => l["Training.Learner.Quiz.State.Waiting"],
        QuizState.NoAttemptsLeft => l["Training.Learner.Quiz.State.NoAttemptsLeft"],
        QuizState.Passed => l["Training.Learner.Quiz.State.Passed"],
    };

    public static string Gate(GateMode gate, IStringLocalizer l) => gate switch
    {
        GateMode.Off => l["Training.Learner.Settings.Gate.Off"],
        GateMode.Warn => l["Training.Learner.Settings.Gate.Warn"],
        GateMode.Block => l["Training.Learner.Settings.Gate.Block"],
    };

    public static string Change(Pauta.Core.Protocols.SectionChangeKind kind, IStringLocalizer l) => kind switch
    {
        Pauta.Core.Protocols.SectionChangeKind.Added => l["Diff.Kind.Added"],
        Pauta.Core.Protocols.SectionChangeKind.Removed => l["Diff.Kind.Removed"],
        Pauta.Core.Protocols.SectionChangeKind.Changed => l["Diff.Kind.Changed"],
        Pauta.Core.Protocols.SectionChangeKind.Unchanged => l["Diff.UnchangedSections", 1],
    };
}
