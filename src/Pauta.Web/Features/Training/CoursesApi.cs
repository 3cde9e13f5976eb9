using Pauta.Core.Training;

namespace Pauta.Web.Features.Training;

/// <summary>
/// The learner's part of /api/v1/training: courses (managers create them and change their settings), lessons done, quiz
/// attempts and acknowledgements. Every refusal is a ProblemDetails; another organisation's or another person's course,
/// attempt or acknowledgement is 404.
/// </summary>
public static class CoursesApi
{
    public sealed record CreateCourseInput(Guid ProtocolId);

    public sealed record AnswersInput(IReadOnlyList<int?>? Answers);

    public sealed record AcknowledgeInput(int? Version);

    public sealed record LessonDoneDto(string Key, string? NextKey);

    public static void MapCoursesApi(this RouteGroupBuilder training)
    {
        const string manage = nameof(Permission.ManageTraining);
        const string take = nameof(Permission.TakeTraining);

        training.MapGet("/courses", async (bool? mine, CoursesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                mine == true
                    ? (await s.MineAsync(ct)).ToHttp(l, v => TypedResults.Ok(v))
                    : (await s.CandidatesAsync(ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(take).ProducesOutcome<IReadOnlyList<CourseCandidate>>().Produces<IReadOnlyList<MyCourseView>>()
            .WithName("ListTrainingCourses")
            .WithSummary("Managers: every published protocol with its course, if any. With ?mine=true: the caller's own courses and where they stand.");

        training.MapPost("/courses", async (CreateCourseInput input, CoursesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.CreateAsync(input.ProtocolId, ct)).ToHttp(l, v => v.Created
                    ? TypedResults.Created($"/api/v1/training/courses/{v.Course.ProtocolId}", v.Course)
                    : TypedResults.Ok(v.Course)))
            .RequireAuthorization(manage).ProducesOutcome<CourseView>(StatusCodes.Status201Created).Produces<CourseView>()
            .WithName("CreateTrainingCourse")
            .WithSummary("Builds the course of a protocol from its current published version (201); when it has one already, returns it (200).");

        training.MapGet("/courses/{protocolId:guid}", async (Guid protocolId, CoursesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.CourseAsync(protocolId, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(take).ProducesOutcome<CourseView>().WithName("GetTrainingCourse")
            .WithSummary("The course as the caller sees it: version, lessons with progress, where to continue, quiz status, whether they may acknowledge.");

        training.MapPut("/courses/{protocolId:guid}/settings", async (Guid protocolId, CourseSettingsInput input, CoursesService s,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.SaveSettingsAsync(protocolId, input, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(manage).ProducesOutcome<CourseView>().WithName("SaveTrainingCourseSettings")
            .WithSummary("Attempts allowed (null = unlimited, 1–20), waiting minutes (0–10080), questions per attempt (null = all), shuffling, gate (null = the organisation's). A stale version gets 409.");

        training.MapPost("/courses/{protocolId:guid}/lessons/{key}/done", async (Guid protocolId, string key, CoursesService s,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.MarkDoneAsync(protocolId, key, ct)).ToHttp(l, next => TypedResults.Ok(new LessonDoneDto(key, next))))
            .RequireAuthorization(take).ProducesOutcome<LessonDoneDto>().WithName("MarkTrainingLessonDone")
            .WithSummary("Marks a lesson of the course's current version as done (again changes nothing) and names the next one.");

        training.MapPost("/courses/{protocolId:guid}/attempts", async (Guid protocolId, CoursesService s, IStringLocalizer<SharedResource> l,
                CancellationToken ct) =>
                (await s.StartAttemptAsync(protocolId, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(take).ProducesOutcome<AttemptView>().WithName("StartTrainingQuizAttempt")
            .WithSummary("Starts a quiz attempt (or returns the open one): the drawn questions with their options in the order shown. Refused while waiting, with no attempts left, or once passed.");

        training.MapGet("/attempts/{id:guid}", async (Guid id, CoursesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.AttemptAsync(id, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(take).ProducesOutcome<AttemptView>().WithName("GetTrainingQuizAttempt")
            .WithSummary("One of the caller's attempts, with its result once handed in.");

        training.MapPost("/attempts/{id:guid}/answers", async (Guid id, AnswersInput input, CoursesService s, IStringLocalizer<SharedResource> l,
                CancellationToken ct) =>
                (await s.SubmitAsync(id, input.Answers, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(take).ProducesOutcome<AttemptView>().WithName("SubmitTrainingQuizAnswers")
            .WithSummary("Hands in the answers (the original index of the chosen option per drawn question, in the paper's order; null = unanswered) and grades them against the attempt's version.");

        training.MapPost("/courses/{protocolId:guid}/acknowledgements", async (Guid protocolId, AcknowledgeInput? input, CoursesService s,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.AcknowledgeAsync(protocolId, input?.Version, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(take).ProducesOutcome<AcknowledgementView>().WithName("AcknowledgeTrainingCourse")
            .WithSummary("\"Read and understood\" of the course's current version (after passing its quiz, if it has one). Idempotent; a version that is no longer current gets 409.");
    }
}
