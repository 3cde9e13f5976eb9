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
