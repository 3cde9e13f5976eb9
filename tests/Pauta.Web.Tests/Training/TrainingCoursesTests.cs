using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Protocols;
using Pauta.Core.Training;
using Pauta.Data.Entities;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Web.Features.Training;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests.Training;

/// <summary>
/// Courses, lessons, quizzes and acknowledgements through the pages and the API, on the demo organisation with a clock
/// that stands still until a test moves it. Each test works on a protocol of its own, so no test sees another's course.
/// </summary>
public abstract class TrainingCoursesTests(ClockedApp app)
{
    private static string Unique(string what) => $"{what} {Guid.NewGuid():N}"[..30];

    // ---------------------------------------------------------------- creating and settings

    [Fact]
    public async Task Creating_a_course_records_the_current_version_and_its_hash_and_a_second_click_returns_the_same_course()
    {
        var id = await app.NewPublishedProtocolAsync(Unique("Curso nuevo"));
        var manager = await app.SignInAsync(Demo.Manager);

        var list = await manager.GetPageAsync("/training/courses");
        list.ShouldHaveStatus(HttpStatusCode.OK);
        var row = list.Document.QuerySelector($"#candidate-{id}")!;
        row.QuerySelector("button")!.TextContent.ShouldBe(Text.Es("Training.Learner.Courses.Create"));

        var created = await manager.SubmitAsync("/training/courses", [], $"/training/courses?handler=Create&protocolId={id}");
        created.Status.ShouldBe(HttpStatusCode.Redirect);
        created.Location.ShouldBe($"/training/courses/{id}");

        var text = await app.WithDbAsync(db => db.ProtocolVersions.IgnoreQueryFilters().Where(v => v.ProtocolId == id && v.Number == 1).Select(v => v.Text).SingleAsync());
        var course = await manager.GetJsonAsync<CourseDto>($"/api/v1/training/courses/{id}");
        course.VersionNumber.ShouldBe(1);
        course.ContentHash.ShouldBe(ContentHash.Of(text));
        course.Lessons.Select(l => l.Key).ShouldBe(CourseOutline.Of(await app.ProtocolAsync(id, 1)).Select(l => l.Key));

        // Idempotent: the same click again, by the page or the API, answers with the same course and makes no other.
        (await manager.SubmitAsync("/training/courses", [], $"/training/courses?handler=Create&protocolId={id}")).Location.ShouldBe($"/training/courses/{id}");
        var again = await manager.PostJsonAsync("/api/v1/training/courses", new { protocolId = id });
        await again.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await again.Content.ReadFromJsonAsync<CourseDto>(Json))!.CourseId.ShouldBe(course.CourseId);
        (await app.WithDbAsync(db => db.Courses.IgnoreQueryFilters().CountAsync(c => c.ProtocolId == id))).ShouldBe(1);

        // Only managers create courses; an unknown protocol is not found.
        var agent = await app.SignInAsync(Demo.Agent);
        (await agent.PostJsonAsync("/api/v1/training/courses", new { protocolId = id })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await manager.PostJsonAsync("/api/v1/training/courses", new { protocolId = Guid.NewGuid() })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_api_token_with_the_write_scope_creates_a_course_and_sets_its_quiz_though_a_token_never_takes_one()
    {
        var id = await app.NewPublishedProtocolAsync(Unique("Curso por token"));
        using var api = app.WithToken((await (await app.SignInAsync(Demo.Owner)).CreateTokenAsync("Read, Write")).Secret);

        var created = await api.PostAsJsonAsync("/api/v1/training/courses", new { protocolId = id }, Json);
        ((int)created.StatusCode).ShouldBeLessThan(300, await created.Content.ReadAsStringAsync());
        var course = (await created.Content.ReadFromJsonAsync<CourseDto>(Json))!;
        course.ProtocolId.ShouldBe(id);

        var saved = await api.PutAsJsonAsync($"/api/v1/training/courses/{id}/settings",
            new { attemptsAllowed = 2, waitMinutes = 15, questionsPerAttempt = (int?)null, shuffleOptions = false, gate = (string?)null, version = course.Settings.Version }, Json);
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        (await app.WithDbAsync(db => db.Courses.IgnoreQueryFilters().Where(c => c.ProtocolId == id).Select(c => new { c.AttemptsAllowed, c.WaitMinutes }).SingleAsync()))
            .ShouldBe(new { AttemptsAllowed = (int?)2, WaitMinutes = 15 });

        // Taking the course is a person's: the token cannot start an attempt.
        (await api.PostAsJsonAsync($"/api/v1/training/courses/{id}/attempts", new { }, Json)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_due_refresher_lets_a_trained_person_take_the_quiz_again_and_passing_it_moves_the_refresher_on()
    {
        var id = await app.NewPublishedProtocolAsync(Unique("Repaso"));
        await app.CreateCourseAsync(id);
        var assessment = (await app.ProtocolAsync(id, 1)).Assessment!;
        var who = "diego@suarez.example";
        var diego = await app.SignInAsync(who);
        var member = await app.WithDbAsync(db => db.Members.IgnoreQueryFilters().Where(m => m.User.Email == who).Select(m => m.Id).SingleAsync());
        var worker = app.Services.GetRequiredService<RefresherWorker>();
        Task<RefresherSchedule> ScheduleAsync() =>
            app.WithDbAsync(db => db.RefresherSchedules.IgnoreQueryFilters().SingleAsync(r => r.MemberId == member && r.ProtocolId == id));

        var first = await diego.StartAttemptAsync(id);
        (await diego.SubmitAsync(first, TrainingKit.Answers(assessment, first))).Result!.Passed.ShouldBeTrue();
        (await diego.PostJsonAsync($"/api/v1/training/courses/{id}/acknowledgements", new { version = 1 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await worker.TickAsync(default);
        var scheduled = await ScheduleAsync();
        scheduled.Reviews.ShouldBe(1);

        // Before the refresher falls, the pass still ends the quiz.
        (await diego.PostAsync($"/api/v1/training/courses/{id}/attempts")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // Once it falls, the quiz opens again as the refresher; passing it is a review that sets a later date.
        app.Clock.Advance(scheduled.DueAt - app.UtcNow + TimeSpan.FromMinutes(1));
        diego = await app.SignInAsync(who); // days later: a new session
        (await diego.GetJsonAsync<CourseDto>($"/api/v1/training/courses/{id}")).Quiz.State.ShouldBe("CanStart");
        var refresher = await diego.StartAttemptAsync(id);
        refresher.Id.ShouldNotBe(first.Id);
        (await diego.SubmitAsync(refresher, TrainingKit.Answers(assessment, refresher))).Result!.Passed.ShouldBeTrue();
        await worker.TickAsync(default);
        var after = await ScheduleAsync();
        after.Reviews.ShouldBe(2);
        after.LastReviewAt!.Value.ShouldBe(app.UtcNow, TimeSpan.FromSeconds(1));
        after.DueAt.ShouldBeGreaterThan(app.UtcNow.AddDays(1));
        (await diego.PostAsync($"/api/v1/training/courses/{id}/attempts")).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "the refresher round is passed");
    }

    [Fact]
    public async Task Settings_are_checked_field_by_field_and_a_stale_version_is_a_conflict()
    {
        var id = await app.NewPublishedProtocolAsync(Unique("Ajustes"));
        var course = await app.CreateCourseAsync(id);
        var manager = await app.SignInAsync(Demo.Manager);
        var url = $"/api/v1/training/courses/{id}/settings";

        var bad = await (await manager.PutJsonAsync(url, new { attemptsAllowed = 0, waitMinutes = -1, questionsPerAttempt = 3, shuffleOptions = true, version = course.Settings.Version }))
            .ShouldBeValidationProblemAsync();
        bad.Errors.Keys.Order().ShouldBe(["attemptsAllowed", "questionsPerAttempt", "waitMinutes"]);
        bad.Errors["questionsPerAttempt"].Single().ShouldContain("2");

        var saved = await manager.PutJsonAsync(url, new { attemptsAllowed = 3, waitMinutes = 30, questionsPerAttempt = 1, shuffleOptions = false, gate = "Block", version = course.Settings.Version });
        await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var now = (await saved.Content.ReadFromJsonAsync<CourseDto>(Json))!.Settings;
        now.ShouldBe(new SettingsDto(3, 30, 1, false, "Block", 2, course.Settings.Version + 1));

        // The version the first manager saw is stale now.
        (await manager.PutJsonAsync(url, new { attemptsAllowed = 5, waitMinutes = 0, shuffleOptions = true, version = course.Settings.Version }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // The page: a letter where a number goes is an error beside that field, and nothing is saved.
        var page = await manager.GetPageAsync($"/training/courses/{id}");
        var fields = With(With(page.FormFields("#course-settings"), "Input.AttemptsAllowed", "tres"), "Input.WaitMinutes", "99999");
        var refused = await manager.PostFormAsync($"/training/courses/{id}?handler=Settings", fields);
        refused.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        refused.FieldError("Input.AttemptsAllowed").ShouldBe(Text.Es("Training.Learner.Settings.NotANumber"));
        refused.Document.QuerySelector("[autofocus]")!.Id.ShouldBe("Input_AttemptsAllowed"); // the focus lands on the first error
        (await manager.GetJsonAsync<CourseDto>($"/api/v1/training/courses/{id}")).Settings.ShouldBe(now);

        // A page form with a stale version shows the conflict and what the other manager saved.
        var stale = With(page.FormFields("#course-settings"), "Input.Version", course.Settings.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var conflict = await manager.PostFormAsync($"/training/courses/{id}?handler=Settings", stale);
        conflict.Status.ShouldBe(HttpStatusCode.Conflict);
        conflict.Document.QuerySelector("#Input_AttemptsAllowed")!.GetAttribute("value").ShouldBe("3");

        // Agents cannot change settings.
        var agent = await app.SignInAsync(Demo.Agent);
        (await agent.PutJsonAsync(url, new { attemptsAllowed = 1, waitMinutes = 0, shuffleOptions = true, version = now.Version })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    // ---------------------------------------------------------------- lessons

    [Fact]
    public async Task Lessons_are_ticked_resumed_where_left_off_and_the_first_one_starts_the_assignment()
    {
        var id = await app.NewPublishedProtocolAsync(Unique("Lecciones"));
        var course = await app.CreateCourseAsync(id);
        const string who = "diego@suarez.example";
        var member = await app.MemberIdAsync(who);
        var organisation = await app.OrganisationOfAsync(who);
        var assignment = Guid.NewGuid();
        await app.WithDbAsync(async db =>
        {
            db.TrainingAssignments.Add(new TrainingAssignment
            {
                Id = assignment, MemberId = member, ProtocolId = id, CourseId = course.CourseId, ForVersion = 1,
                AssignedAt = app.UtcNow, DueAt = app.UtcNow.AddDays(-1),
            });
            await db.SaveChangesAsync();
        }, organisation);
        var diego = await app.SignInAsync(who);

        var mine = await diego.GetPageAsync("/training");
        mine.ShouldHaveStatus(HttpStatusCode.OK);
        var card = mine.Document.QuerySelector($"#course-{id}")!;
        card.GetAttribute("data-status").ShouldBe("NotStarted");
        card.TextContent.ShouldContain(Text.Es("Training.Learner.Mine.Overdue"));

        var start = await diego.GetPageAsync($"/training/courses/{id}");
        start.Document.QuerySelector("#resume")!.GetAttribute("href").ShouldBe($"/training/courses/{id}/lessons/overview");

        // Mark as done and continue: a plain form post that goes on to the next lesson.
        var lesson = await diego.GetPageAsync($"/training/courses/{id}/lessons/overview");
        lesson.ShouldHaveStatus(HttpStatusCode.OK);
        lesson.Title.ShouldBe(Text.Es("Training.Learner.Lesson.Overview"));
        var done = await diego.PostFormAsync($"/training/courses/{id}/lessons/overview?handler=Done", lesson.FormFields("#lesson-done"));
        done.Status.ShouldBe(HttpStatusCode.Redirect);
        var second = course.Lessons[1].Key;
        done.Location.ShouldBe($"/training/courses/{id}/lessons/{second}?from=overview");
        var step = await diego.GetPageAsync(done.Location!);
        step.ShouldHaveStatus(HttpStatusCode.OK);
        step.Document.QuerySelector("h1")!.HasAttribute("autofocus").ShouldBeTrue();

        (await app.WithDbAsync(db => db.TrainingAssignments.IgnoreQueryFilters().SingleAsync(a => a.Id == assignment))).StartedAt.ShouldBe(app.UtcNow);
        var after = await diego.GetJsonAsync<CourseDto>($"/api/v1/training/courses/{id}");
        after.Lessons.Where(l => l.Done).Select(l => l.Key).ShouldBe(["overview"]);
        after.ResumeKey.ShouldBe(second);
        (await diego.GetPageAsync($"/training/courses/{id}")).Document.QuerySelector("#resume")!.GetAttribute("href")
            .ShouldBe($"/training/courses/{id}/lessons/{second}");
        (await diego.GetPageAsync("/training")).Document.QuerySelector($"#course-{id}")!.GetAttribute("data-status").ShouldBe("InProgress");
        var listed = (await diego.GetJsonAsync<List<MyCourseDto>>("/api/v1/training/courses?mine=true")).Single(c => c.ProtocolId == id);
        (listed.Status, listed.Overdue, listed.LessonsDone, listed.DueAt).ShouldBe(("InProgress", true, 1, (DateTime?)app.UtcNow.AddDays(-1)));
        // Agents list their own courses only: the managers' list of every protocol is not theirs.
        (await diego.GetAsync("/api/v1/training/courses")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // The API ticks too; again changes nothing; the quiz is not a lesson to tick; an unknown lesson is not found.
        var api = await diego.PostAsync($"/api/v1/training/courses/{id}/lessons/{second}/done");
        await api.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await diego.PostAsync($"/api/v1/training/courses/{id}/lessons/{second}/done")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.LessonProgress.IgnoreQueryFilters().CountAsync(p => p.ProtocolId == id && p.MemberId == member))).ShouldBe(2);
        (await diego.PostAsync($"/api/v1/training/courses/{id}/lessons/quiz/done")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await diego.PostAsync($"/api/v1/training/courses/{id}/lessons/nope/done")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await diego.GetAsync($"/training/courses/{id}/lessons/nope")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Every lesson page renders.
        foreach (var l in after.Lessons.Where(l => l.Kind != "Quiz"))
            (await diego.GetAsync($"/training/courses/{id}/lessons/{l.Key}")).StatusCode.ShouldBe(HttpStatusCode.OK, l.Key);
    }

    // ---------------------------------------------------------------- quiz and acknowledgement

    [Fact]
    public async Task A_failed_quiz_waits_then_passes_and_acknowledging_completes_the_assignment_once()
    {
        var id = await app.NewPublishedProtocolAsync(Unique("Cuestionario"));
        var course = await app.CreateCourseAsync(id);
        await app.SetSettingsAsync(id, attempts: 3, wait: 60);
        var assessment = (await app.ProtocolAsync(id, 1)).Assessment!;
        const string who = "paula@suarez.example";
        var member = await app.MemberIdAsync(who);
        var assignment = Guid.NewGuid();
        await app.WithDbAsync(async db =>
        {
            db.TrainingAssignments.Add(new TrainingAssignment
            {
                Id = assignment, MemberId = member, ProtocolId = id, CourseId = course.CourseId, ForVersion = 1, AssignedAt = app.UtcNow,
                DueAt = app.UtcNow.AddDays(7),
            });
            await db.SaveChangesAsync();
        }, await app.OrganisationOfAsync(who));
        var paula = await app.SignInAsync(who);
        var ackUrl = $"/api/v1/training/courses/{id}/acknowledgements";

        // Not before passing.
        (await (await paula.PostJsonAsync(ackUrl, new { version = 1 })).ShouldBeValidationProblemAsync()).Errors.Keys.ShouldBe([""]);
        (await paula.GetPageAsync($"/training/courses/{id}")).Document.QuerySelector("#acknowledge button").ShouldBeNull();

        var first = await paula.StartAttemptAsync(id);
        first.Questions.Count.ShouldBe(2);
        (await paula.StartAttemptAsync(id)).Id.ShouldBe(first.Id); // an open attempt is carried on
        var failed = await paula.SubmitAsync(first, TrainingKit.Answers(assessment, first, right: false));
        failed.Result!.Passed.ShouldBeFalse();
        failed.Result.ScorePercent.ShouldBe(0);
        failed.Result.Questions.ShouldAllBe(q => !q.IsCorrect);
        failed.Result.Next.State.ShouldBe("Waiting");
        failed.Result.Next.NextAttemptAt.ShouldBe(app.UtcNow.AddMinutes(60));

        // The result page says when the next attempt may start, in the organisation's time zone (Madrid, UTC+1 in March).
        var result = await paula.GetPageAsync($"/training/courses/{id}/quiz?attempt={first.Id}");
        result.ShouldHaveStatus(HttpStatusCode.OK);
        result.Document.QuerySelector("#quiz-next")!.TextContent.ShouldContain(app.UtcNow.AddMinutes(60).AddHours(1).ToString("g", new System.Globalization.CultureInfo("es")));
        result.Document.QuerySelectorAll("#quiz-result ~ .graded li.wrong").Length.ShouldBe(2);

        (await paula.PostAsync($"/api/v1/training/courses/{id}/attempts")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        app.Clock.Advance(TimeSpan.FromMinutes(59));
        (await paula.PostAsync($"/api/v1/training/courses/{id}/attempts")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        app.Clock.Advance(TimeSpan.FromMinutes(1)); // exactly at the end of the wait

        var second = await paula.StartAttemptAsync(id);
        var passed = await paula.SubmitAsync(second, TrainingKit.Answers(assessment, second));
        passed.Result!.Passed.ShouldBeTrue();
        passed.Result.ScorePercent.ShouldBe(100);
        (await paula.PostAsync($"/api/v1/training/courses/{id}/attempts")).StatusCode.ShouldBe(HttpStatusCode.BadRequest); // passed already

        // Now the page offers "Read and understood"; the page's button records it.
        var coursePage = await paula.GetPageAsync($"/training/courses/{id}");
        coursePage.Document.QuerySelector("#acknowledge button")!.TextContent.Trim().ShouldBe(Text.Es("Training.Learner.Ack.Button"));
        var acked = await paula.PostFormAsync($"/training/courses/{id}?handler=Acknowledge", Page.FieldsOf(coursePage.Document.QuerySelector("#acknowledge form")!));
        acked.Status.ShouldBe(HttpStatusCode.Redirect);

        var ack = await (await paula.PostJsonAsync(ackUrl, new { version = 1 })).Content.ReadFromJsonAsync<AckDto>(Json);
        ack!.VersionNumber.ShouldBe(1);
        ack.ContentHash.ShouldBe(course.ContentHash);
        ack.QuizAttemptId.ShouldBe(second.Id);
        ack.ScorePercent.ShouldBe(100);
        (await app.WithDbAsync(db => db.TrainingAcknowledgements.IgnoreQueryFilters().CountAsync(a => a.ProtocolId == id))).ShouldBe(1);
        var done = await app.WithDbAsync(db => db.TrainingAssignments.IgnoreQueryFilters().SingleAsync(a => a.Id == assignment));
        done.CompletedAt.ShouldBe(app.UtcNow);
        (await app.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters().CountAsync(e => e.Action == "training.acknowledged" && e.EntityId == id.ToString()))).ShouldBe(1);
        var view = await paula.GetJsonAsync<CourseDto>($"/api/v1/training/courses/{id}");
        view.Acknowledge.ShouldBe("AlreadyAcknowledged");
        view.AcknowledgedCurrent.ShouldBeTrue();
        (await paula.GetPageAsync("/training")).Document.QuerySelector($"#course-{id}")!.GetAttribute("data-status").ShouldBe("Acknowledged");
    }

    [Fact]
    public async Task When_every_attempt_is_used_no_other_may_start()
    {
        var id = await app.NewPublishedProtocolAsync(Unique("Intentos"));
        await app.CreateCourseAsync(id);
        await app.SetSettingsAsync(id, attempts: 1, wait: 0);
        var assessment = (await app.ProtocolAsync(id, 1)).Assessment!;
        var tomas = await app.SignInAsync("tomas@suarez.example");

        var only = await tomas.StartAttemptAsync(id);
        var failed = await tomas.SubmitAsync(only, TrainingKit.Answers(assessment, only, right: false));
        failed.Result!.Next.State.ShouldBe("NoAttemptsLeft");
        var refused = await (await tomas.PostAsync($"/api/v1/training/courses/{id}/attempts")).ShouldBeValidationProblemAsync();
        refused.Errors[""].Single().ShouldBe(Text.Es("Training.Learner.Quiz.NoAttemptsLeft"));
        (await tomas.GetPageAsync($"/training/courses/{id}/quiz")).Document.QuerySelector("#quiz-state")!.TextContent
            .ShouldContain(Text.Es("Training.Learner.Quiz.State.NoAttemptsLeft"));
        (await app.WithDbAsync(db => db.QuizAttempts.IgnoreQueryFilters().CountAsync(a => a.ProtocolId == id))).ShouldBe(1);
    }

    [Fact]
    public async Task An_attempt_is_graded_against_its_own_version_while_the_course_follows_the_new_one()
    {
        var id = await app.NewPublishedProtocolAsync(Unique("Versiones"));
        await app.CreateCourseAsync(id);
        var v1 = (await app.ProtocolAsync(id, 1)).Assessment!;
        var valentina = await app.SignInAsync("valentina@suarez.example");
        var attempt = await valentina.StartAttemptAsync(id);

        // Version 2 moves every correct answer: the attempt was drawn from version 1 and is graded on it.
        var moved = new Assessment(v1.Questions.Select(q => q with { CorrectIndex = (q.CorrectIndex + 1) % q.Options.Count }).ToList(), v1.PassMark);
        (await app.PublishEditAsync(id, p => p with { Assessment = moved }, "answers changed")).ShouldBe(2);
        var text2 = await app.WithDbAsync(db => db.ProtocolVersions.IgnoreQueryFilters().Where(v => v.ProtocolId == id && v.Number == 2).Select(v => v.Text).SingleAsync());
        var course = await valentina.GetJsonAsync<CourseDto>($"/api/v1/training/courses/{id}");
        course.VersionNumber.ShouldBe(2);
        course.ContentHash.ShouldBe(ContentHash.Of(text2));

        var graded = await valentina.SubmitAsync(attempt, TrainingKit.Answers(v1, attempt));
        graded.VersionNumber.ShouldBe(1);
        graded.Result!.ScorePercent.ShouldBe(100);
        graded.Result.Passed.ShouldBeTrue();
        var stored = await app.WithDbAsync(db => db.QuizAttempts.IgnoreQueryFilters().SingleAsync(a => a.Id == attempt.Id));
        (stored.VersionNumber, stored.ScorePercent, stored.Passed).ShouldBe((1, (int?)100, (bool?)true));

        // A pass on version 1 is not a pass on version 2: the acknowledgement of the current version waits for its quiz.
        (await valentina.PostJsonAsync($"/api/v1/training/courses/{id}/acknowledgements", new { version = 2 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await valentina.PostJsonAsync($"/api/v1/training/courses/{id}/acknowledgements", new { version = 1 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var next = await valentina.StartAttemptAsync(id);
        next.VersionNumber.ShouldBe(2);
        (await valentina.SubmitAsync(next, TrainingKit.Answers(moved, next))).Result!.Passed.ShouldBeTrue();
        (await valentina.PostJsonAsync($"/api/v1/training/courses/{id}/acknowledgements", new { version = 2 })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Someone_who_acknowledged_an_older_version_opens_the_course_on_what_changed()
    {
        var id = await app.NewPublishedProtocolAsync(Unique("Cambios"));
        await app.CreateCourseAsync(id);
        var assessment = (await app.ProtocolAsync(id, 1)).Assessment!;
        var sofia = await app.SignInAsync(Demo.Agent);
        var attempt = await sofia.StartAttemptAsync(id);
        await sofia.SubmitAsync(attempt, TrainingKit.Answers(assessment, attempt));
        (await sofia.PostJsonAsync($"/api/v1/training/courses/{id}/acknowledgements", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sofia.GetAsync($"/training/courses/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.PublishEditAsync(id, p => p with { Purpose = "Un propósito nuevo para la versión dos." }, "purpose", ChangeSize.Major)).ShouldBe(2);
        var course = await sofia.GetJsonAsync<CourseDto>($"/api/v1/training/courses/{id}");
        course.Lessons[0].Key.ShouldBe("changes");
        course.ResumeKey.ShouldBe("changes");
        course.AcknowledgedVersion.ShouldBe(1);

        var opened = await sofia.GetAsync($"/training/courses/{id}");
        opened.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        opened.Headers.Location!.OriginalString.ShouldBe($"/training/courses/{id}/lessons/changes");
        var changes = await sofia.GetPageAsync($"/training/courses/{id}/lessons/changes");
        changes.ShouldHaveStatus(HttpStatusCode.OK);
        changes.Document.QuerySelectorAll("[data-section]").Select(s => s.GetAttribute("data-section")).ShouldBe(["purpose"]);
        changes.Text.ShouldContain("Un propósito nuevo");
    }

    // ---------------------------------------------------------------- bad input

    [Fact]
    public async Task Malformed_answers_are_field_errors_and_write_nothing()
    {
        var id = await app.NewPublishedProtocolAsync(Unique("Respuestas"));
        await app.CreateCourseAsync(id);
        var person = await app.SignInAsync(Demo.Supervisor);
        var attempt = await person.StartAttemptAsync(id);
        var quizUrl = $"/training/courses/{id}/quiz";
        var page = await person.GetPageAsync(quizUrl);
        page.Document.QuerySelectorAll("#quiz-form fieldset legend").Length.ShouldBe(2);
        page.Document.QuerySelectorAll("#quiz-form fieldset input[type=radio]").Length.ShouldBe(attempt.Questions.Sum(q => q.Options.Count));
        var token = page.AntiforgeryToken!;
        var action = $"{quizUrl}?handler=Submit&attemptId={attempt.Id}";
        async Task<Page> PostAsync(params (string, string)[] fields) =>
            await person.PostFormAsync(action, Form(fields).Append(new(AntiforgeryField, token)));

        var letters = await PostAsync(("questions", "2"), ("answers[0]", "uno"));
        letters.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        letters.Document.QuerySelector("#error-1")!.TextContent.ShouldBe(Text.Es("Training.Learner.Quiz.UnknownOption", 1));

        var unknown = await PostAsync(("questions", "2"), ("answers[0]", "0"), ("answers[1]", "99"));
        unknown.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        unknown.Document.QuerySelector("#error-2")!.TextContent.ShouldBe(Text.Es("Training.Learner.Quiz.UnknownOption", 2));
        unknown.Document.QuerySelector("#q1-o0")!.HasAttribute("checked").ShouldBeTrue(); // the choice made is kept
        unknown.Document.QuerySelectorAll("[autofocus]").Single().Closest("fieldset")!.Id.ShouldBe("question-2");

        var twice = await PostAsync(("questions", "2"), ("answers[0]", "0"), ("answers[0]", "1"));
        twice.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        twice.Document.QuerySelector("#error-1")!.TextContent.ShouldBe(Text.Es("Training.Learner.Quiz.OneAnswer", 1));

        var tooMany = await PostAsync(("questions", "2"), ("answers[0]", "0"), ("answers[1]", "0"), ("answers[2]", "0"));
        tooMany.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        tooMany.Document.QuerySelector("#answers-error")!.TextContent.ShouldBe(Text.Es("Training.Learner.Quiz.AnswerCount", 2, 3));

        var strange = await PostAsync(("questions", "2"), ("answers[x]", "0"));
        strange.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        strange.Document.QuerySelector("#answers-error")!.TextContent.ShouldBe(Text.Es("Training.Learner.Quiz.BadForm"));

        // A form far larger than any quiz is refused before it reaches the page: 400, never 500.
        var huge = Enumerable.Range(0, 5000).Select(i => new KeyValuePair<string, string>($"answers[{i}]", "0")).Append(new(AntiforgeryField, token));
        var oversized = await person.PostFormAsync(action, huge);
        ((int)oversized.Status).ShouldBeLessThan(500);
        ((int)oversized.Status).ShouldBeGreaterThanOrEqualTo(400);

        // The API says the same per field.
        var api = $"/api/v1/training/attempts/{attempt.Id}/answers";
        (await (await person.PostJsonAsync(api, new { answers = new int?[] { 0 } })).ShouldBeValidationProblemAsync()).Errors.Keys.ShouldBe(["answers"]);
        (await (await person.PostJsonAsync(api, new { answers = new int?[] { 0, -3 } })).ShouldBeValidationProblemAsync()).Errors.Keys.ShouldBe(["answers[1]"]);
        (await (await person.PostJsonAsync(api, new { })).ShouldBeValidationProblemAsync()).Errors.Keys.ShouldBe(["answers"]);
        (await person.Client.PostAsync(api, new StringContent("{\"answers\":[\"a\"]}", System.Text.Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var stored = await app.WithDbAsync(db => db.QuizAttempts.IgnoreQueryFilters().SingleAsync(a => a.Id == attempt.Id));
        stored.SubmittedAt.ShouldBeNull();
        stored.Answers.ShouldBeNull();

        // Unanswered questions count as wrong, and the attempt can be handed in with some left blank.
        var blank = await PostAsync(("questions", "2"));
        blank.Status.ShouldBe(HttpStatusCode.Redirect);
        (await person.GetJsonAsync<AttemptDto>($"/api/v1/training/attempts/{attempt.Id}")).Result!.ScorePercent.ShouldBe(0);
        // Handing it in again is refused.
        (await person.PostJsonAsync(api, new { answers = new int?[] { 0, 0 } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    // ---------------------------------------------------------------- two organisations

    [Fact]
    public async Task Another_organisation_cannot_read_or_act_on_this_ones_courses_attempts_or_acknowledgements()
    {
        var id = await app.NewPublishedProtocolAsync(Unique("Aislado"));
        var course = await app.CreateCourseAsync(id);
        var assessment = (await app.ProtocolAsync(id, 1)).Assessment!;
        var raul = await app.SignInAsync("raul@suarez.example");
        var open = await raul.StartAttemptAsync(id);
        var lucia = await app.SignInAsync(Demo.Manager);
        var done = await lucia.StartAttemptAsync(id);
        await lucia.SubmitAsync(done, TrainingKit.Answers(assessment, done));
        var ack = (await (await lucia.PostJsonAsync($"/api/v1/training/courses/{id}/acknowledgements", new { })).Content.ReadFromJsonAsync<AckDto>(Json))!;

        async Task<string> SnapshotAsync() => await app.WithDbAsync(async db => string.Join("|",
            await db.Courses.IgnoreQueryFilters().Where(c => c.ProtocolId == id).Select(c => $"{c.Version}{c.AttemptsAllowed}").SingleAsync(),
            await db.QuizAttempts.IgnoreQueryFilters().CountAsync(a => a.ProtocolId == id),
            await db.QuizAttempts.IgnoreQueryFilters().Where(a => a.Id == open.Id).Select(a => a.SubmittedAt).SingleAsync(),
            await db.LessonProgress.IgnoreQueryFilters().CountAsync(p => p.ProtocolId == id),
            await db.TrainingAcknowledgements.IgnoreQueryFilters().CountAsync(a => a.ProtocolId == id)));
        var before = await SnapshotAsync();

        var b = await app.SignUpAsync($"Otra Empresa {Guid.NewGuid():N}"[..24], Demo.NewEmail("owner-b"), displayName: "Bea Bravo");
        var calls = new (string What, Func<Task<HttpResponseMessage>> Call)[]
        {
            ("read course", () => b.GetAsync($"/api/v1/training/courses/{id}")),
            ("create course", () => b.PostJsonAsync("/api/v1/training/courses", new { protocolId = id })),
            ("settings", () => b.PutJsonAsync($"/api/v1/training/courses/{id}/settings", new { attemptsAllowed = 1, waitMinutes = 0, shuffleOptions = true, version = course.Settings.Version })),
            ("lesson done", () => b.PostAsync($"/api/v1/training/courses/{id}/lessons/overview/done")),
            ("start attempt", () => b.PostAsync($"/api/v1/training/courses/{id}/attempts")),
            ("read attempt", () => b.GetAsync($"/api/v1/training/attempts/{open.Id}")),
            ("answer attempt", () => b.PostJsonAsync($"/api/v1/training/attempts/{open.Id}/answers", new { answers = TrainingKit.Answers(assessment, open) })),
            ("acknowledge", () => b.PostJsonAsync($"/api/v1/training/courses/{id}/acknowledgements", new { })),
            ("course page", () => b.GetAsync($"/training/courses/{id}")),
            ("lesson page", () => b.GetAsync($"/training/courses/{id}/lessons/overview")),
            ("quiz page", () => b.GetAsync($"/training/courses/{id}/quiz")),
            ("result page", () => b.GetAsync($"/training/courses/{id}/quiz?attempt={done.Id}")),
        };
        foreach (var (what, call) in calls)
            (await call()).StatusCode.ShouldBe(HttpStatusCode.NotFound, what);

        // Pages that post: B's own antiforgery token, A's ids.
        var token = await b.GetAntiforgeryTokenAsync("/training/courses");
        (await b.PostFormAsync($"/training/courses/{id}/quiz?handler=Submit&attemptId={open.Id}", Form(("questions", "2"), ("answers[0]", "0"), ("answers[1]", "0"), (AntiforgeryField, token))))
            .Status.ShouldBe(HttpStatusCode.NotFound);
        (await b.PostFormAsync($"/training/courses/{id}?handler=Acknowledge", Form(("version", "1"), (AntiforgeryField, token)))).Status.ShouldBe(HttpStatusCode.NotFound);
        (await b.PostFormAsync($"/training/courses/{id}/lessons/overview?handler=Done", Form((AntiforgeryField, token)))).Status.ShouldBe(HttpStatusCode.NotFound);
        (await b.PostFormAsync($"/training/courses?handler=Create&protocolId={id}", Form((AntiforgeryField, token)))).Status.ShouldBe(HttpStatusCode.NotFound);
        (await b.GetJsonAsync<List<MyCourseDto>>("/api/v1/training/courses?mine=true")).ShouldBeEmpty();
        (await b.GetJsonAsync<List<CourseDto>>("/api/v1/training/courses")).ShouldNotContain(c => c.ProtocolId == id);

        // Within the organisation too, one person's attempt is nobody else's.
        (await lucia.GetAsync($"/api/v1/training/attempts/{open.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await lucia.PostJsonAsync($"/api/v1/training/attempts/{open.Id}/answers", new { answers = TrainingKit.Answers(assessment, open) })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await SnapshotAsync()).ShouldBe(before);
        ack.VersionNumber.ShouldBe(1);
    }
}

public sealed class TrainingCoursesOnSqlite(SqliteClockedApp app) : TrainingCoursesTests(app), IClassFixture<SqliteClockedApp>;

public sealed class TrainingCoursesOnPostgres(PostgresClockedApp app) : TrainingCoursesTests(app), IClassFixture<PostgresClockedApp>;
