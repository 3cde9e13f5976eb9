using System.Security.Cryptography;
using System.Text.Json;
using Pauta.Core.Protocols;
using Pauta.Core.Training;
using Pauta.Data.Entities;
using Pauta.Web.Features.Protocols;
using Protocol = Pauta.Core.Protocols.Protocol;

namespace Pauta.Web.Features.Training;

/// <summary>A published protocol and its course, if it has one (the managers' list at /training/courses).</summary>
public sealed record CourseCandidate(Guid ProtocolId, string Title, string Department, int PublishedVersion, bool HasCourse, int? CourseVersion);

/// <summary>How a course delivers its quiz, and its gate (null follows the organisation's).</summary>
public sealed record CourseSettingsView(int? AttemptsAllowed, int WaitMinutes, int? QuestionsPerAttempt, bool ShuffleOptions, GateMode? Gate,
    int QuestionPool, int Version);

/// <summary>What a manager sends to change the settings; <paramref name="Version"/> is the one they saw (409 when stale).</summary>
public sealed record CourseSettingsInput(int? AttemptsAllowed, int WaitMinutes, int? QuestionsPerAttempt, bool ShuffleOptions, GateMode? Gate, int Version);

public sealed record LessonView(string Key, LessonKind Kind, string Title, bool Done);

/// <summary>Where the quiz stands for the person.</summary>
public enum QuizState
{
    /// <summary>The version has no questions.</summary>
    None = 0,
    CanStart = 1,
    InProgress = 2,
    /// <summary>The last attempt failed; <see cref="QuizStatusView.NextAttemptAt"/> says when the next may start.</summary>
    Waiting = 3,
    NoAttemptsLeft = 4,
    Passed = 5,
}

public sealed record QuizStatusView(QuizState State, int AttemptsUsed, int? AttemptsAllowed, DateTime? NextAttemptAt, Guid? OpenAttemptId,
    int? BestScore, int PassMark, int Questions);

/// <summary>One course as the person taking it sees it.</summary>
public sealed record CourseView(Guid ProtocolId, Guid CourseId, string Title, int VersionNumber, DateTime PublishedAt, string ContentHash,
    IReadOnlyList<LessonView> Lessons, string? ResumeKey, int? AcknowledgedVersion, bool AcknowledgedCurrent, AcknowledgementRule Acknowledge,
    QuizStatusView Quiz, CourseSettingsView Settings);

/// <summary>One lesson with what the page renders: the version's protocol and, for what changed, the version acknowledged before.</summary>
public sealed record LessonPage(CourseView Course, Lesson Lesson, Protocol Protocol, Protocol? Previous, int? PreviousNumber,
    string? PreviousKey, string? NextKey);

public sealed record AttemptOptionView(int Index, string Text);

public sealed record AttemptQuestionView(int Number, string Text, IReadOnlyList<AttemptOptionView> Options);

public sealed record GradedQuestionView(int Number, string Text, bool IsCorrect, int? Chosen, string? ChosenText, int Correct, string CorrectText,
    string Explanation);

public sealed record AttemptResultView(int ScorePercent, bool Passed, int PassMark, IReadOnlyList<GradedQuestionView> Questions,
    QuizStatusView Next);

/// <summary>A quiz attempt: the paper drawn for it (pinned to <paramref name="VersionNumber"/>) and, once handed in, its result.</summary>
public sealed record AttemptView(Guid Id, Guid ProtocolId, string Title, int VersionNumber, DateTime StartedAt, IReadOnlyList<AttemptQuestionView> Questions,
    DateTime? SubmittedAt, AttemptResultView? Result, int Version);

public sealed record AcknowledgementView(Guid Id, Guid ProtocolId, int VersionNumber, string ContentHash, Guid? QuizAttemptId, int? ScorePercent,
    DateTime At);

/// <summary>Where the person is with one course on /training.</summary>
public enum MyCourseStatus
{
    NotStarted = 0,
    InProgress = 1,
    Passed = 2,
    Acknowledged = 3,
}

public sealed record MyCourseView(Guid ProtocolId, string Title, int VersionNumber, MyCourseStatus Status, DateTime? DueAt, bool Overdue,
    DateTime? RefresherDueAt, int LessonsDone, int LessonsTotal);

/// <summary>
/// The one door to courses for the pages and the API: create a course from a published version, its settings, the
/// lessons and their progress, quiz attempts and the acknowledgement. Rules are Core's (<see cref="CourseOutline"/>,
/// <see cref="QuizPaper"/>, <see cref="QuizGrader"/>, <see cref="QuizAttempts"/>, <see cref="Acknowledgements"/>); this
/// class loads, asks them and stores each accepted change with its audit entry in one unit of work. Everything a person
/// does here is theirs: attempts and progress of anybody else, in this organisation or another, are not found.
/// </summary>
public sealed class CoursesService(PautaDbContext db, CurrentMember current, TimeProvider time, PublishedProtocols published,
    TrainingStandings standings, TrainingAssignments assignments)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // ---------------------------------------------------------------- managers

    /// <summary>Every published protocol that is not archived, with its course if it has one.</summary>
    public async Task<Outcome<IReadOnlyList<CourseCandidate>>> CandidatesAsync(CancellationToken ct)
    {
        if (!current.Can(Permission.ManageTraining)) return Outcome<IReadOnlyList<CourseCandidate>>.Forbidden();
        var versions = await published.CurrentAllAsync(ct);
        var courses = await db.Courses.AsNoTracking().Select(c => new { c.ProtocolId, c.VersionNumber }).ToDictionaryAsync(c => c.ProtocolId, c => c.VersionNumber, ct);
        return Outcome<IReadOnlyList<CourseCandidate>>.Ok(versions
            .Select(v => new CourseCandidate(v.ProtocolId, v.Title, v.Protocol.Department, v.Number, courses.ContainsKey(v.ProtocolId),
                courses.TryGetValue(v.ProtocolId, out var n) ? n : null))
            .OrderBy(c => c.Department, StringComparer.CurrentCultureIgnoreCase).ThenBy(c => c.Title, StringComparer.CurrentCultureIgnoreCase)
            .ToList());
    }

    /// <summary>
    /// Builds the course of a protocol from its current published version, in one action. Idempotent: a protocol that
    /// has a course already answers with that course (<c>Created</c> false), also when two managers click at once.
    /// </summary>
    public async Task<Outcome<(CourseView Course, bool Created)>> CreateAsync(Guid protocolId, CancellationToken ct)
    {
        if (!current.Can(Permission.ManageTraining)) return Outcome<(CourseView, bool)>.Forbidden();
        if (await db.Courses.AsNoTracking().AnyAsync(c => c.ProtocolId == protocolId, ct))
            return await ExistingAsync();
        var version = await published.CurrentAsync(protocolId, ct);
        if (version is null) return Outcome<(CourseView, bool)>.NotFound();
        var course = new Course
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            ProtocolId = protocolId,
            VersionNumber = version.Number,
            ContentHash = ContentHash.Of(version.Text),
            CreatedByUserId = current.UserId,
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        db.Courses.Add(course);
        db.Audit(current.UserId, "training.course.created", "Protocol", protocolId, $"v{version.Number} {course.ContentHash}");
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return await ExistingAsync();
        }
        var view = await CourseAsync(protocolId, ct);
        return Outcome<(CourseView, bool)>.Ok((view.Value!, true));

        async Task<Outcome<(CourseView, bool)>> ExistingAsync()
        {
            var existing = await CourseAsync(protocolId, ct);
            return existing.Succeeded ? Outcome<(CourseView, bool)>.Ok((existing.Value!, false)) : new(default, existing.Failure, existing.Problems);
        }
    }

    /// <summary>Changes how the quiz is delivered and the course's gate; a stale <see cref="CourseSettingsInput.Version"/> is a conflict.</summary>
    public async Task<Outcome<CourseView>> SaveSettingsAsync(Guid protocolId, CourseSettingsInput input, CancellationToken ct)
    {
        if (!current.Can(Permission.ManageTraining)) return Outcome<CourseView>.Forbidden();
        var course = await db.Courses.SingleOrDefaultAsync(c => c.ProtocolId == protocolId, ct);
        if (course is null) return Outcome<CourseView>.NotFound();
        var version = await published.VersionAsync(protocolId, course.VersionNumber, ct);
        var problems = QuizPolicy.Check(input.AttemptsAllowed, input.WaitMinutes, input.QuestionsPerAttempt,
            version.Protocol.Assessment?.Questions.Count ?? 0).ToList();
        if (input.Gate is { } g && !Enum.IsDefined(g)) problems.Add(new Problem("Gate", "Training.Learner.Settings.UnknownGate"));
        if (problems.Count > 0) return Outcome<CourseView>.Invalid(problems);
        if (course.Version != input.Version) return Outcome<CourseView>.Conflict();
        course.AttemptsAllowed = input.AttemptsAllowed;
        course.WaitMinutes = input.WaitMinutes;
        course.QuestionsPerAttempt = input.QuestionsPerAttempt;
        course.ShuffleOptions = input.ShuffleOptions;
        course.Gate = input.Gate;
        course.UpdatedAt = Now;
        db.Entry(course).Property(c => c.Version).OriginalValue = input.Version;
        db.Audit(current.UserId, "training.course.settings", "Protocol", protocolId,
            $"attempts {input.AttemptsAllowed?.ToString() ?? "∞"}; wait {input.WaitMinutes} min; per attempt {input.QuestionsPerAttempt?.ToString() ?? "all"}; shuffle {input.ShuffleOptions}; gate {input.Gate?.ToString() ?? "organisation"}");
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Outcome<CourseView>.Conflict(); }
        return await CourseAsync(protocolId, ct);
    }

    // ---------------------------------------------------------------- the person taking it

    /// <summary>
    /// The course as the caller sees it: lessons with their ticks, where to go on, the quiz and the acknowledgement. Those who
    /// manage training read it too: an API token with the write scope creates and sets courses but never takes one.
    /// </summary>
    public async Task<Outcome<CourseView>> CourseAsync(Guid protocolId, CancellationToken ct)
    {
        if (!current.Can(Permission.TakeTraining) && !current.Can(Permission.ManageTraining)) return Outcome<CourseView>.Forbidden();
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.ProtocolId == protocolId, ct);
        if (course is null) return Outcome<CourseView>.NotFound();
        var (view, _, _) = await ViewOfAsync(course, ct);
        return Outcome<CourseView>.Ok(view);
    }

    private async Task<(CourseView View, PublishedVersion Version, int? PreviousAcknowledged)> ViewOfAsync(Course course, CancellationToken ct)
    {
        var version = await published.VersionAsync(course.ProtocolId, course.VersionNumber, ct);
        var me = current.MemberId;
        var acknowledged = await db.TrainingAcknowledgements.AsNoTracking()
            .Where(a => a.MemberId == me && a.ProtocolId == course.ProtocolId).Select(a => a.VersionNumber).ToListAsync(ct);
        var latestAck = acknowledged.Count == 0 ? (int?)null : acknowledged.Max();
        var ackedCurrent = acknowledged.Contains(course.VersionNumber);
        var previous = acknowledged.Where(n => n < course.VersionNumber).Select(n => (int?)n).Max();
        var lessons = CourseOutline.Of(version.Protocol, hasPreviousAcknowledgement: previous is not null && !ackedCurrent);
        var done = (await db.LessonProgress.AsNoTracking()
            .Where(p => p.MemberId == me && p.ProtocolId == course.ProtocolId && p.VersionNumber == course.VersionNumber)
            .Select(p => p.LessonKey).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var quiz = await QuizStatusAsync(course, version.Protocol, ct);
        var passed = quiz.State == QuizState.Passed;
        var settings = new CourseSettingsView(course.AttemptsAllowed, course.WaitMinutes, course.QuestionsPerAttempt, course.ShuffleOptions,
            course.Gate, version.Protocol.Assessment?.Questions.Count ?? 0, course.Version);
        var view = new CourseView(course.ProtocolId, course.Id, version.Title, version.Number, version.PublishedAt, course.ContentHash,
            lessons.Select(l => new LessonView(l.Key, l.Kind, l.Title, l.IsReading ? done.Contains(l.Key) : passed)).ToList(),
            ackedCurrent ? null : CourseOutline.Resume(lessons, done, passed), latestAck, ackedCurrent,
            Acknowledgements.MayAcknowledge(CourseOutline.HasQuiz(version.Protocol), passed, ackedCurrent), quiz, settings);
        return (view, version, previous);
    }

    private static QuizPolicy PolicyOf(Course course) =>
        new(course.AttemptsAllowed, TimeSpan.FromMinutes(course.WaitMinutes), course.QuestionsPerAttempt, course.ShuffleOptions);

    private async Task<List<AttemptSoFar>> AttemptsSoFarAsync(Guid protocolId, int versionNumber, CancellationToken ct) =>
        (await db.QuizAttempts.AsNoTracking()
            .Where(a => a.MemberId == current.MemberId && a.ProtocolId == protocolId && a.VersionNumber == versionNumber)
            .Select(a => new { a.Id, a.StartedAt, a.SubmittedAt, a.Passed, a.ScorePercent }).ToListAsync(ct))
        .Select(a => new AttemptSoFar(a.Id, a.StartedAt, a.SubmittedAt, a.Passed)).ToList();

    private async Task<QuizStatusView> QuizStatusAsync(Course course, Protocol protocol, CancellationToken ct)
    {
        var assessment = protocol.Assessment;
        if (!CourseOutline.HasQuiz(protocol)) return new QuizStatusView(QuizState.None, 0, course.AttemptsAllowed, null, null, null, 0, 0);
        var me = current.MemberId;
        var rows = await db.QuizAttempts.AsNoTracking()
            .Where(a => a.MemberId == me && a.ProtocolId == course.ProtocolId && a.VersionNumber == course.VersionNumber)
            .Select(a => new { a.Id, a.StartedAt, a.SubmittedAt, a.Passed, a.ScorePercent }).ToListAsync(ct);
        var attempts = rows.Select(a => new AttemptSoFar(a.Id, a.StartedAt, a.SubmittedAt, a.Passed)).ToList();
        var best = rows.Max(a => a.ScorePercent);
        var questions = Math.Min(course.QuestionsPerAttempt ?? assessment!.Questions.Count, assessment!.Questions.Count);
        QuizStatusView Status(QuizState state, DateTime? next = null, Guid? open = null) =>
            new(state, attempts.Count, course.AttemptsAllowed, next, open, best, assessment.PassMark, questions);
        return QuizAttempts.MayStart(PolicyOf(course), attempts, Now, await RefresherDueAsync(course.ProtocolId, ct)) switch
        {
            AttemptDecision.Allowed => Status(QuizState.CanStart),
            AttemptDecision.WaitUntil w => Status(QuizState.Waiting, w.At),
            AttemptDecision.NoAttemptsLeft => Status(QuizState.NoAttemptsLeft),
            AttemptDecision.AlreadyPassed => Status(QuizState.Passed),
            AttemptDecision.InProgress p => Status(QuizState.InProgress, open: p.Id),
            _ => throw new InvalidOperationException("Unknown attempt decision."), // closed hierarchy: the constructor is private
        };
    }

    /// <summary>One lesson of the course; null lesson key or an unknown one is not found.</summary>
    public async Task<Outcome<LessonPage>> LessonAsync(Guid protocolId, string key, CancellationToken ct)
    {
        if (!current.Can(Permission.TakeTraining)) return Outcome<LessonPage>.Forbidden();
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.ProtocolId == protocolId, ct);
        if (course is null) return Outcome<LessonPage>.NotFound();
        var (view, version, previousNumber) = await ViewOfAsync(course, ct);
        var lessons = CourseOutline.Of(version.Protocol, view.Lessons.Any(l => l.Kind == LessonKind.Changes));
        var lesson = lessons.FirstOrDefault(l => l.Key == key);
        if (lesson is null) return Outcome<LessonPage>.NotFound();
        Protocol? previous = null;
        if (lesson.Kind == LessonKind.Changes && previousNumber is { } n)
            previous = (await published.FindAsync(protocolId, n, ct))?.Protocol;
        return Outcome<LessonPage>.Ok(new LessonPage(view, lesson, version.Protocol, previous, previousNumber,
            CourseOutline.Before(lessons, key), CourseOutline.After(lessons, key)));
    }

    /// <summary>
    /// Ticks a reading lesson as done in the course's current version (again changes nothing) and marks the person's open
    /// assignments on the protocol as started. Returns the key of the lesson to go on to (null after the last).
    /// </summary>
    public async Task<Outcome<string?>> MarkDoneAsync(Guid protocolId, string key, CancellationToken ct)
    {
        if (!current.Can(Permission.TakeTraining)) return Outcome<string?>.Forbidden();
        var page = await LessonAsync(protocolId, key, ct);
        if (!page.Succeeded) return new Outcome<string?>(null, page.Failure, page.Problems);
        var lesson = page.Value!.Lesson;
        if (!lesson.IsReading) return Outcome<string?>.Invalid("key", "Training.Learner.Lesson.NotReading");
        var version = page.Value.Course.VersionNumber;
        var me = current.MemberId;
        if (!await db.LessonProgress.AnyAsync(p => p.MemberId == me && p.ProtocolId == protocolId && p.VersionNumber == version && p.LessonKey == key, ct))
            db.LessonProgress.Add(new LessonProgress { MemberId = me, ProtocolId = protocolId, VersionNumber = version, LessonKey = key, CompletedAt = Now });
        await MarkStartedAsync(protocolId, ct);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e)) { /* the same tick from another tab */ }
        catch (DbUpdateConcurrencyException) { /* an assignment changed meanwhile; the tick is what matters */ }
        return Outcome<string?>.Ok(page.Value.NextKey);
    }

    private async Task MarkStartedAsync(Guid protocolId, CancellationToken ct)
    {
        var me = current.MemberId;
        await foreach (var a in db.TrainingAssignments.Where(a => a.MemberId == me && a.ProtocolId == protocolId
                           && a.StartedAt == null && a.CompletedAt == null && a.RemovedAt == null).AsAsyncEnumerable().WithCancellation(ct))
            a.StartedAt = Now;
    }

    // ---------------------------------------------------------------- quiz

    /// <summary>
    /// Starts an attempt on the course's current version: draws its paper (random seed from the server) and stores it. An
    /// open attempt is handed back instead of drawing another; waiting, no attempts left and passed are refusals that say so.
    /// </summary>
    public async Task<Outcome<AttemptView>> StartAttemptAsync(Guid protocolId, CancellationToken ct) =>
        await StartAttemptAsync(protocolId, RandomNumberGenerator.GetInt32(int.MaxValue), ct);

    /// <summary>When the caller's refresher of a protocol falls (RefresherWorker keeps it); null before they acknowledged it.</summary>
    private Task<DateTime?> RefresherDueAsync(Guid protocolId, CancellationToken ct) =>
        db.RefresherSchedules.AsNoTracking().Where(r => r.MemberId == current.MemberId && r.ProtocolId == protocolId)
            .Select(r => (DateTime?)r.DueAt).SingleOrDefaultAsync(ct);

    internal async Task<Outcome<AttemptView>> StartAttemptAsync(Guid protocolId, int seed, CancellationToken ct)
    {
        if (!current.Can(Permission.TakeTraining)) return Outcome<AttemptView>.Forbidden();
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.ProtocolId == protocolId, ct);
        if (course is null) return Outcome<AttemptView>.NotFound();
        var version = await published.VersionAsync(protocolId, course.VersionNumber, ct);
        if (!CourseOutline.HasQuiz(version.Protocol)) return Outcome<AttemptView>.Invalid("", "Training.Learner.Quiz.None");
        var attempts = await AttemptsSoFarAsync(protocolId, course.VersionNumber, ct);
        switch (QuizAttempts.MayStart(PolicyOf(course), attempts, Now, await RefresherDueAsync(protocolId, ct)))
        {
            case AttemptDecision.InProgress open:
                return await AttemptAsync(open.Id, ct);
            case AttemptDecision.AlreadyPassed:
                return Outcome<AttemptView>.Invalid("", "Training.Learner.Quiz.AlreadyPassed");
            case AttemptDecision.NoAttemptsLeft:
                return Outcome<AttemptView>.Invalid("", "Training.Learner.Quiz.NoAttemptsLeft");
            case AttemptDecision.WaitUntil wait:
                return Outcome<AttemptView>.Invalid("", "Training.Learner.Quiz.WaitUntil", current.ToLocal(wait.At).ToString("g", System.Globalization.CultureInfo.CurrentCulture));
            case AttemptDecision.Allowed:
                break;
        }
        var paper = QuizPaper.Draw(version.Protocol.Assessment!, PolicyOf(course), seed);
        var attempt = new QuizAttempt
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            MemberId = current.MemberId,
            ProtocolId = protocolId,
            VersionNumber = course.VersionNumber,
            StartedAt = Now,
            Paper = paper.ToJson(),
        };
        if (attempt.Paper.Length > TrainingLimits.MaxPaperLength) return Outcome<AttemptView>.Invalid("", "Training.Learner.Quiz.TooLarge");
        db.QuizAttempts.Add(attempt);
        await MarkStartedAsync(protocolId, ct);
        db.Audit(current.UserId, "training.attempt.started", "Protocol", protocolId, $"{attempt.Id} v{attempt.VersionNumber}");
        await db.SaveChangesAsync(ct);
        return await AttemptAsync(attempt.Id, ct);
    }

    /// <summary>One of the caller's own attempts; anybody else's is not found.</summary>
    public async Task<Outcome<AttemptView>> AttemptAsync(Guid attemptId, CancellationToken ct)
    {
        if (!current.Can(Permission.TakeTraining)) return Outcome<AttemptView>.Forbidden();
        var attempt = await db.QuizAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attemptId && a.MemberId == current.MemberId, ct);
        if (attempt is null) return Outcome<AttemptView>.NotFound();
        return Outcome<AttemptView>.Ok(await AttemptViewOfAsync(attempt, ct));
    }

    private async Task<AttemptView> AttemptViewOfAsync(QuizAttempt attempt, CancellationToken ct)
    {
        // Pinned: the paper is read against the version the attempt started on, whatever was published since.
        var version = await published.VersionAsync(attempt.ProtocolId, attempt.VersionNumber, ct);
        var assessment = version.Protocol.Assessment!;
        var paper = QuizPaper.FromJson(attempt.Paper) ?? throw new InvalidOperationException($"Attempt {attempt.Id} has no readable paper.");
        var questions = paper.Questions.Select((q, i) => new AttemptQuestionView(i + 1, assessment.Questions[q.Index].Text,
            q.OptionOrder.Select(o => new AttemptOptionView(o, assessment.Questions[q.Index].Options[o])).ToList())).ToList();
        AttemptResultView? result = null;
        if (attempt.SubmittedAt is not null && attempt.Answers is { } stored)
        {
            var answers = JsonSerializer.Deserialize<List<int?>>(stored) ?? [];
            var grade = QuizGrader.Grade(assessment, paper, answers).Grade
                        ?? throw new InvalidOperationException($"Attempt {attempt.Id} holds answers that do not grade.");
            var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.ProtocolId == attempt.ProtocolId, ct);
            var next = course is null ? new QuizStatusView(QuizState.None, 0, null, null, null, null, assessment.PassMark, 0)
                : await QuizStatusAsync(course, (await published.VersionAsync(course.ProtocolId, course.VersionNumber, ct)).Protocol, ct);
            // The score and the verdict are the ones recorded when it was handed in; the details are read from its own version.
            result = new AttemptResultView(attempt.ScorePercent ?? grade.ScorePercent, attempt.Passed ?? grade.Passed, assessment.PassMark,
                grade.Questions.Select((g, i) =>
                {
                    var q = assessment.Questions[g.Index];
                    return new GradedQuestionView(i + 1, q.Text, g.IsCorrect, g.Chosen, g.Chosen is { } c ? q.Options[c] : null, g.Correct,
                        q.Options[g.Correct], g.Explanation);
                }).ToList(), next);
        }
        return new AttemptView(attempt.Id, attempt.ProtocolId, version.Title, attempt.VersionNumber, attempt.StartedAt, questions,
            attempt.SubmittedAt, result, attempt.Version);
    }

    /// <summary>
    /// Hands in the answers (original option indexes, one per drawn question, null for unanswered) and grades them at
    /// once against the attempt's own version. Answers that do not fit the paper are refused per field and nothing is
    /// written; an attempt already handed in is refused.
    /// </summary>
    public async Task<Outcome<AttemptView>> SubmitAsync(Guid attemptId, IReadOnlyList<int?>? answers, CancellationToken ct)
    {
        if (!current.Can(Permission.TakeTraining)) return Outcome<AttemptView>.Forbidden();
        var attempt = await db.QuizAttempts.SingleOrDefaultAsync(a => a.Id == attemptId && a.MemberId == current.MemberId, ct);
        if (attempt is null) return Outcome<AttemptView>.NotFound();
        if (attempt.SubmittedAt is not null) return Outcome<AttemptView>.Invalid("", "Training.Learner.Quiz.AlreadySubmitted");
        if (answers is null) return Outcome<AttemptView>.Invalid("answers", "Validation.Required", "answers");
        var version = await published.VersionAsync(attempt.ProtocolId, attempt.VersionNumber, ct);
        var paper = QuizPaper.FromJson(attempt.Paper) ?? throw new InvalidOperationException($"Attempt {attempt.Id} has no readable paper.");
        var graded = QuizGrader.Grade(version.Protocol.Assessment!, paper, answers);
        if (graded.Grade is not { } grade) return Outcome<AttemptView>.Invalid(graded.Problems);
        var version0 = attempt.Version;
        attempt.SubmittedAt = Now;
        attempt.Answers = JsonSerializer.Serialize(answers);
        attempt.ScorePercent = grade.ScorePercent;
        attempt.Passed = grade.Passed;
        db.Entry(attempt).Property(a => a.Version).OriginalValue = version0;
        db.Audit(current.UserId, grade.Passed ? "training.attempt.passed" : "training.attempt.failed", "Protocol", attempt.ProtocolId,
            $"{attempt.Id} v{attempt.VersionNumber} {grade.ScorePercent}%");
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Outcome<AttemptView>.Conflict(); }
        return Outcome<AttemptView>.Ok(await AttemptViewOfAsync(attempt, ct));
    }

    // ---------------------------------------------------------------- acknowledgement

    /// <summary>
    /// "Read and understood" of the course's current version: after passing its quiz when it has one. Records the version,
    /// its content hash and the passed attempt, completes the person's open assignments for that version or older, and
    /// writes an audit entry. Idempotent: acknowledging again answers with the first acknowledgement. When
    /// <paramref name="versionSeen"/> is given and a newer version has been published since, it is a conflict.
    /// </summary>
    public async Task<Outcome<AcknowledgementView>> AcknowledgeAsync(Guid protocolId, int? versionSeen, CancellationToken ct)
    {
        if (!current.Can(Permission.TakeTraining)) return Outcome<AcknowledgementView>.Forbidden();
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.ProtocolId == protocolId, ct);
        if (course is null) return Outcome<AcknowledgementView>.NotFound();
        if (versionSeen is { } seen && seen != course.VersionNumber) return Outcome<AcknowledgementView>.Conflict();
        var v = course.VersionNumber;
        var me = current.MemberId;
        var version = await published.VersionAsync(protocolId, v, ct);
        var existing = await db.TrainingAcknowledgements.AsNoTracking()
            .SingleOrDefaultAsync(a => a.MemberId == me && a.ProtocolId == protocolId && a.VersionNumber == v, ct);
        var passed = await db.QuizAttempts.AsNoTracking()
            .Where(a => a.MemberId == me && a.ProtocolId == protocolId && a.VersionNumber == v && a.Passed == true)
            .OrderByDescending(a => a.ScorePercent).Select(a => new { a.Id, a.ScorePercent }).FirstOrDefaultAsync(ct);
        switch (Acknowledgements.MayAcknowledge(CourseOutline.HasQuiz(version.Protocol), passed is not null, existing is not null))
        {
            case AcknowledgementRule.AlreadyAcknowledged:
                return Outcome<AcknowledgementView>.Ok(ViewOf(existing!));
            case AcknowledgementRule.QuizNotPassed:
                return Outcome<AcknowledgementView>.Invalid("", "Training.Learner.Ack.QuizNotPassed");
            case AcknowledgementRule.Allowed:
                break;
        }
        var ack = new TrainingAcknowledgement
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            MemberId = me,
            ProtocolId = protocolId,
            VersionNumber = v,
            ContentHash = ContentHash.Of(version.Text),
            QuizAttemptId = passed?.Id,
            ScorePercent = passed?.ScorePercent,
            At = Now,
        };
        db.TrainingAcknowledgements.Add(ack);
        db.Audit(current.UserId, "training.acknowledged", "Protocol", protocolId,
            $"v{v} {ack.ContentHash}{(passed is null ? "" : $" attempt {passed.Id} {passed.ScorePercent}%")}");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var first = await db.TrainingAcknowledgements.AsNoTracking()
                .SingleAsync(a => a.MemberId == me && a.ProtocolId == protocolId && a.VersionNumber == v, ct);
            return Outcome<AcknowledgementView>.Ok(ViewOf(first));
        }
        // The person's assignments follow the planner's one law (done when trained on the current major), in the same transaction.
        await assignments.AcknowledgedAsync(me, protocolId, ct);
        await tx.CommitAsync(ct);
        return Outcome<AcknowledgementView>.Ok(ViewOf(ack));
    }

    private static AcknowledgementView ViewOf(TrainingAcknowledgement a) =>
        new(a.Id, a.ProtocolId, a.VersionNumber, a.ContentHash, a.QuizAttemptId, a.ScorePercent, a.At);

    // ---------------------------------------------------------------- my training

    /// <summary>
    /// The caller's courses: every course they hold an assignment for (not removed) and every course they started, with
    /// where they stand, the due date of the open assignment, whether it is overdue, and the refresher date.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<MyCourseView>>> MineAsync(CancellationToken ct)
    {
        if (!current.Can(Permission.TakeTraining)) return Outcome<IReadOnlyList<MyCourseView>>.Forbidden();
        var me = current.MemberId;
        var assignments = await db.TrainingAssignments.AsNoTracking().Where(a => a.MemberId == me && a.RemovedAt == null)
            .Select(a => new { a.ProtocolId, a.DueAt, a.CompletedAt }).ToListAsync(ct);
        var started = await db.LessonProgress.AsNoTracking().Where(p => p.MemberId == me).Select(p => p.ProtocolId)
            .Union(db.QuizAttempts.AsNoTracking().Where(a => a.MemberId == me).Select(a => a.ProtocolId))
            .Union(db.TrainingAcknowledgements.AsNoTracking().Where(a => a.MemberId == me).Select(a => a.ProtocolId))
            .ToListAsync(ct);
        var ids = assignments.Select(a => a.ProtocolId).Concat(started).Distinct().ToList();
        var courses = await db.Courses.AsNoTracking().Where(c => ids.Contains(c.ProtocolId)).ToListAsync(ct);
        if (courses.Count == 0) return Outcome<IReadOnlyList<MyCourseView>>.Ok([]);
        ids = courses.Select(c => c.ProtocolId).ToList();
        var standing = (await standings.OfAsync([me], ids, ct)).ToDictionary(s => s.ProtocolId);
        var versions = await published.VersionsAsync(courses.Select(c => (c.ProtocolId, c.VersionNumber)).ToList(), ct);
        var progress = await db.LessonProgress.AsNoTracking().Where(p => p.MemberId == me && ids.Contains(p.ProtocolId))
            .Select(p => new { p.ProtocolId, p.VersionNumber, p.LessonKey }).ToListAsync(ct);
        var attempts = await db.QuizAttempts.AsNoTracking().Where(a => a.MemberId == me && ids.Contains(a.ProtocolId))
            .Select(a => new { a.ProtocolId, a.VersionNumber, a.Passed }).ToListAsync(ct);
        var acks = await db.TrainingAcknowledgements.AsNoTracking().Where(a => a.MemberId == me && ids.Contains(a.ProtocolId))
            .Select(a => new { a.ProtocolId, a.VersionNumber }).ToListAsync(ct);
        var refreshers = await db.RefresherSchedules.AsNoTracking().Where(r => r.MemberId == me && ids.Contains(r.ProtocolId))
            .ToDictionaryAsync(r => r.ProtocolId, r => r.DueAt, ct);
        var result = new List<MyCourseView>();
        foreach (var c in courses)
        {
            var version = versions[(c.ProtocolId, c.VersionNumber)];
            var trained = standing.TryGetValue(c.ProtocolId, out var s) && s.Trained;
            var ackedCurrent = acks.Any(a => a.ProtocolId == c.ProtocolId && a.VersionNumber == c.VersionNumber);
            var reading = CourseOutline.Of(version.Protocol).Where(l => l.IsReading).Select(l => l.Key).ToHashSet();
            var done = progress.Count(p => p.ProtocolId == c.ProtocolId && p.VersionNumber == c.VersionNumber && reading.Contains(p.LessonKey));
            var passed = attempts.Any(a => a.ProtocolId == c.ProtocolId && a.VersionNumber == c.VersionNumber && a.Passed == true);
            var inProgress = done > 0 || attempts.Any(a => a.ProtocolId == c.ProtocolId && a.VersionNumber == c.VersionNumber);
            var status = ackedCurrent || trained ? MyCourseStatus.Acknowledged
                : passed ? MyCourseStatus.Passed
                : inProgress ? MyCourseStatus.InProgress
                : MyCourseStatus.NotStarted;
            var open = assignments.Where(a => a.ProtocolId == c.ProtocolId && a.CompletedAt == null).OrderBy(a => a.DueAt).FirstOrDefault();
            var due = open?.DueAt;
            result.Add(new MyCourseView(c.ProtocolId, version.Title, c.VersionNumber, status, due,
                due is { } d && d < Now && status != MyCourseStatus.Acknowledged, refreshers.TryGetValue(c.ProtocolId, out var r) ? r : null,
                done, reading.Count));
        }
        return Outcome<IReadOnlyList<MyCourseView>>.Ok(result
            .OrderByDescending(r => r.Overdue).ThenBy(r => r.Status == MyCourseStatus.Acknowledged).ThenBy(r => r.DueAt ?? DateTime.MaxValue)
            .ThenBy(r => r.Title, StringComparer.CurrentCultureIgnoreCase).ToList());
    }
}
