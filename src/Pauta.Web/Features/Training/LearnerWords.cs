using Pauta.Core.Training;

namespace Pauta.Web.Features.Training;

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
