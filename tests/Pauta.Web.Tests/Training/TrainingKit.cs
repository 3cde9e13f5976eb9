using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Protocols;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;
using Pauta.Tests.Shared;

namespace Pauta.Web.Tests.Training;

// What the training tests read back from the API: only the fields they look at.

public sealed record LessonDto(string Key, string Kind, string Title, bool Done);

public sealed record QuizStatusDto(string State, int AttemptsUsed, int? AttemptsAllowed, DateTime? NextAttemptAt, Guid? OpenAttemptId, int? BestScore,
    int PassMark, int Questions);

public sealed record SettingsDto(int? AttemptsAllowed, int WaitMinutes, int? QuestionsPerAttempt, bool ShuffleOptions, string? Gate, int QuestionPool,
    int Version);

public sealed record CourseDto(Guid ProtocolId, Guid CourseId, string Title, int VersionNumber, string ContentHash, List<LessonDto> Lessons,
    string? ResumeKey, int? AcknowledgedVersion, bool AcknowledgedCurrent, string Acknowledge, QuizStatusDto Quiz, SettingsDto Settings);

public sealed record OptionDto(int Index, string Text);

public sealed record QuestionDto(int Number, string Text, List<OptionDto> Options);

public sealed record GradedDto(int Number, bool IsCorrect, int? Chosen, int Correct, string Explanation);

public sealed record ResultDto(int ScorePercent, bool Passed, int PassMark, List<GradedDto> Questions, QuizStatusDto Next);

public sealed record AttemptDto(Guid Id, Guid ProtocolId, int VersionNumber, List<QuestionDto> Questions, DateTime? SubmittedAt, ResultDto? Result);

public sealed record AckDto(Guid Id, Guid ProtocolId, int VersionNumber, string ContentHash, Guid? QuizAttemptId, int? ScorePercent);

public sealed record MyCourseDto(Guid ProtocolId, string Title, int VersionNumber, string Status, DateTime? DueAt, bool Overdue, int LessonsDone, int LessonsTotal);

public sealed record ValidationDto(int Status, Dictionary<string, string[]> Errors);

public static class TrainingKit
{
    /// <summary>
    /// A protocol of its own for one test: the demo's salon cancellation protocol (2 questions, pass mark 70) under a new
    /// title, published as version 1. Its own protocol keeps the test free of courses the demo or other tests made.
    /// </summary>
    public static async Task<Guid> NewPublishedProtocolAsync(this PautaApp app, string title, string copyOf = ProtocolScenarios.DemoSalonCancellation)
    {
        var source = await app.ProtocolIdAsync(copyOf);
        var id = await app.CreateDraftOnlyAsync(source, title);
        (await app.PublishEditAsync(id, p => p, "first", ChangeSize.Major)).ShouldBe(1);
        return id;
    }

    public static Task<Protocol> ProtocolAsync(this PautaApp app, Guid id, int version) =>
        app.AsMemberAsync(Demo.Manager, async s => Members.Ok(await s.GetVersionAsync(id, version, default), "read version")).ContinueWith(t => t.Result.Protocol);

    public static async Task<CourseDto> CreateCourseAsync(this PautaApp app, Guid protocolId)
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var response = await manager.PostJsonAsync("/api/v1/training/courses", new { protocolId });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<CourseDto>(Browser.Json))!;
    }

    public static async Task<CourseDto> SetSettingsAsync(this PautaApp app, Guid protocolId, int? attempts, int wait, int? perAttempt = null, bool shuffle = true)
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var course = await manager.GetJsonAsync<CourseDto>($"/api/v1/training/courses/{protocolId}");
        var response = await manager.PutJsonAsync($"/api/v1/training/courses/{protocolId}/settings",
            new { attemptsAllowed = attempts, waitMinutes = wait, questionsPerAttempt = perAttempt, shuffleOptions = shuffle, gate = (string?)null, version = course.Settings.Version });
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<CourseDto>(Browser.Json))!;
    }

    public static async Task<AttemptDto> StartAttemptAsync(this Browser person, Guid protocolId)
    {
        var response = await person.PostAsync($"/api/v1/training/courses/{protocolId}/attempts");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<AttemptDto>(Browser.Json))!;
    }

    /// <summary>The right (or, with <paramref name="right"/> false, a wrong) original option index for each drawn question.</summary>
    public static List<int?> Answers(Assessment assessment, AttemptDto attempt, bool right = true) =>
        attempt.Questions.Select(q =>
        {
            var question = assessment.Questions.Single(x => x.Text == q.Text);
            return (int?)(right ? question.CorrectIndex : q.Options.Select(o => o.Index).First(i => i != question.CorrectIndex));
        }).ToList();

    public static async Task<AttemptDto> SubmitAsync(this Browser person, AttemptDto attempt, IReadOnlyList<int?> answers)
    {
        var response = await person.PostJsonAsync($"/api/v1/training/attempts/{attempt.Id}/answers", new { answers });
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<AttemptDto>(Browser.Json))!;
    }

    public static async Task<ValidationDto> ShouldBeValidationProblemAsync(this HttpResponseMessage response)
    {
        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        return (await response.Content.ReadFromJsonAsync<ValidationDto>(Browser.Json))!;
    }

    public static Task<Guid> MemberIdAsync(this PautaApp app, string email) =>
        app.WithDbAsync(db => db.Members.IgnoreQueryFilters().Where(m => m.User.Email == email).Select(m => m.Id).SingleAsync());
}
