using Pauta.Core.Protocols;
using Pauta.Core.Training;
using Pauta.Data.Entities;
using Pauta.Data.Protocols;
using Pauta.Web.Features.Protocols;

namespace Pauta.Web.Features.Demo;

// The demo's training (docs/training.md): courses, rules, and people in every state of the training matrix, so the
// matrix, the home pages and the xAPI export are not empty on first run. Every instant is relative to the seed's clock.
public sealed partial class DemoSeeder
{
    /// <summary>The salon booking protocol, which gets a major version 2 ten days before the seed's now.</summary>
    public const string SalonFile = "08-reserva-citas-salon.md";
    /// <summary>How many days before the seed's now the demo's first versions were published.</summary>
    public const int HistoryDays = 60;
    public const string SalonChangeSummary = "La prueba de alergia pasa a hacerse al menos 72 horas antes del tinte.";

    private async Task SeedTrainingAsync(DateTime now, Dictionary<string, (Guid Id, Protocol Protocol)> protocols, CancellationToken ct)
    {
        var lucia = await db.Users.Where(u => u.Email == PeopleList[2].Email).Select(u => u.Id).SingleAsync(ct);
        var carmen = await db.Users.Where(u => u.Email == PeopleList[0].Email).Select(u => u.Id).SingleAsync(ct);
        var members = await db.Members.Select(m => new { m.Id, m.User.Email }).ToDictionaryAsync(m => m.Email!, m => m.Id, ct);
        Guid Member(string name) => members[$"{name}@{Domain}"];
        var positions = await db.Positions.ToDictionaryAsync(p => p.Title, p => p.Id, ct);
        var departments = await db.Departments.ToDictionaryAsync(d => d.Name, d => d.Id, ct);

        // The versions people trained on come before the training: the v1s are dated at least HistoryDays back.
        var published = now.AddDays(-HistoryDays);

        // Salon booking v2 (major), ten days ago: the allergy test moves from 48 to 72 hours before a dye.
        var salon = protocols[SalonFile];
        var salonV1Text = ProtocolFile.Write(salon.Protocol);
        var salonV2Text = salonV1Text.Replace("48 horas", "72 horas", StringComparison.Ordinal);
        var salonV2 = ProtocolFile.Parse(SalonFile, salonV2Text).Protocol
            ?? throw new InvalidOperationException("Demo salon protocol v2 does not parse.");
        salonV2Text = ProtocolFile.Write(salonV2);
        var v2At = now.AddDays(-10);
        var salonRecord = await db.Protocols.SingleAsync(p => p.Id == salon.Id, ct);
        salonRecord.PublishedVersion = 2;
        salonRecord.UpdatedAt = v2At;
        db.ProtocolVersions.Add(new ProtocolVersion
        {
            ProtocolId = salon.Id, Number = 2, Title = salonRecord.Title, DepartmentName = salonRecord.DepartmentName, Text = salonV2Text,
            ChangeSize = ChangeSize.Major, ChangeSummary = SalonChangeSummary, AuthorUserId = lucia, ApprovedByUserId = carmen,
            PublishedByUserId = lucia, PublishedAt = v2At,
        });
        var search = await db.ProtocolSearchEntries.SingleAsync(e => e.ProtocolId == salon.Id, ct);
        search.VersionNumber = 2;
        search.Body = ProtocolsService.SearchText(salonV2);
        db.Audit(lucia, ProtocolAudit.Name(ProtocolAuditCode.Published), "Protocol", salon.Id, "v2 Major: " + SalonChangeSummary);

        // Courses: the salon's two protocols, the greeting, the phone and the returns.
        var courses = new Dictionary<string, Course>();
        foreach (var (file, version, text) in new[]
                 {
                     (SalonFile, 2, salonV2Text),
                     ("09-cancelacion-citas-salon.md", 1, ProtocolFile.Write(protocols["09-cancelacion-citas-salon.md"].Protocol)),
                     ("01-saludo-recepcion.md", 1, ProtocolFile.Write(protocols["01-saludo-recepcion.md"].Protocol)),
                     ("02-atencion-telefonica.md", 1, ProtocolFile.Write(protocols["02-atencion-telefonica.md"].Protocol)),
                     ("07-devoluciones-cambios.md", 1, ProtocolFile.Write(protocols["07-devoluciones-cambios.md"].Protocol)),
                 })
        {
            var course = new Course
            {
                Id = Guid.CreateVersion7(), ProtocolId = protocols[file].Id, VersionNumber = version, ContentHash = ContentHash.Of(text),
                AttemptsAllowed = 3, WaitMinutes = 30, QuestionsPerAttempt = null, ShuffleOptions = true, CreatedByUserId = lucia,
                CreatedAt = published.AddDays(1), UpdatedAt = version == 2 ? v2At : published.AddDays(1),
            };
            courses[file] = course;
            db.Courses.Add(course);
        }

        // Rules: the salon's receptionists and stylists take the salon courses; customer service takes the other three.
        var rules = new Dictionary<(string File, string Target), CourseRule>();
        void Rule(string file, AssignmentTarget target, Guid key, int days)
        {
            var rule = new CourseRule
            {
                Id = Guid.CreateVersion7(), CourseId = courses[file].Id, ProtocolId = courses[file].ProtocolId, Target = target,
                TargetKey = key.ToString(), DueInDays = days, CreatedByUserId = lucia, CreatedAt = published.AddDays(1),
            };
            rules[(file, key.ToString())] = rule;
            db.CourseRules.Add(rule);
        }
        Rule(SalonFile, AssignmentTarget.Position, positions["Recepcionista del salón"], 14);
        Rule(SalonFile, AssignmentTarget.Position, positions["Estilista"], 14);
        Rule(SalonFile, AssignmentTarget.Position, positions["Coordinadora del salón"], 14);
        Rule("09-cancelacion-citas-salon.md", AssignmentTarget.Department, departments["Salón de belleza"], 14);
        foreach (var file in new[] { "01-saludo-recepcion.md", "02-atencion-telefonica.md", "07-devoluciones-cambios.md" })
            Rule(file, AssignmentTarget.Department, departments["Atención al cliente"], 14);

        var assignedAt = published.AddDays(2);
        TrainingAssignment Assign(string who, string file, Guid ruleKey, int forVersion, DateTime at, int days, int? previous = null,
            DateTime? started = null, DateTime? completed = null)
        {
            var a = new TrainingAssignment
            {
                Id = Guid.CreateVersion7(), MemberId = Member(who), ProtocolId = courses[file].ProtocolId, CourseId = courses[file].Id,
                RuleId = rules[(file, ruleKey.ToString())].Id, ForVersion = forVersion, PreviousVersion = previous, AssignedAt = at,
                DueAt = at.AddDays(days), StartedAt = started, CompletedAt = completed,
            };
            db.TrainingAssignments.Add(a);
            return a;
        }
        void Lessons(string who, string file, int version, DateTime at, int count)
        {
            var protocol = file == SalonFile && version == 2 ? salonV2 : protocols[file].Protocol;
            var keys = new[] { "overview" }.Concat(protocol.Steps.Select(s => s.Key)).Take(count).ToList();
            for (var i = 0; i < keys.Count; i++)
                db.LessonProgress.Add(new LessonProgress
                {
                    MemberId = Member(who), ProtocolId = courses[file].ProtocolId, VersionNumber = version, LessonKey = keys[i],
                    CompletedAt = at.AddMinutes(4 * i),
                });
        }
        // The paper and the answers in the learner part's format (Core QuizPaper: {"Questions":[{"q":index,"o":[option order]}]},
        // answers: the original option index per drawn question), so the demo's attempts open like real ones.
        QuizAttempt Attempt(string who, string file, int version, DateTime at, int? score)
        {
            var protocol = file == SalonFile && version == 2 ? salonV2 : protocols[file].Protocol;
            var questions = protocol.Assessment?.Questions ?? [];
            var paper = "{\"Questions\":[" + string.Join(",", questions.Select((q, i) =>
                $"{{\"q\":{i},\"o\":[{string.Join(",", Enumerable.Range(0, q.Options.Count))}]}}")) + "]}";
            var right = score is { } sc ? (int)Math.Round(sc / 100.0 * questions.Count) : 0;
            var answers = "[" + string.Join(",", questions.Select((q, i) => i < right ? q.CorrectIndex : (q.CorrectIndex + 1) % q.Options.Count)) + "]";
            var attempt = new QuizAttempt
            {
                Id = Guid.CreateVersion7(), MemberId = Member(who), ProtocolId = courses[file].ProtocolId, VersionNumber = version, StartedAt = at,
                Paper = paper, SubmittedAt = score is null ? null : at.AddMinutes(6), Answers = score is null ? null : answers,
                ScorePercent = score is null || questions.Count == 0 ? score : (int)Math.Round(100.0 * right / questions.Count),
                Passed = score is null ? null : (questions.Count == 0 ? score >= 70 : 100.0 * right / questions.Count >= (protocol.Assessment?.PassMark ?? 70)),
            };
            db.QuizAttempts.Add(attempt);
            return attempt;
        }
        void Acknowledge(string who, string file, int version, string text, QuizAttempt passed, DateTime at, DateTime refresher)
        {
            db.TrainingAcknowledgements.Add(new TrainingAcknowledgement
            {
                Id = Guid.CreateVersion7(), MemberId = Member(who), ProtocolId = courses[file].ProtocolId, VersionNumber = version,
                ContentHash = ContentHash.Of(text), QuizAttemptId = passed.Id, ScorePercent = passed.ScorePercent, At = at,
            });
            db.RefresherSchedules.Add(new RefresherSchedule
            {
                MemberId = Member(who), ProtocolId = courses[file].ProtocolId, Stability = 30, Difficulty = 5, Reviews = 1, LastReviewAt = at,
                DueAt = refresher,
            });
        }
        // Whole journeys: assigned, lessons, a passed attempt, acknowledged, assignment completed.
        void Trained(string who, string file, Guid ruleKey, int version, string text, DateTime start, int score, DateTime refresher)
        {
            Lessons(who, file, version, start, 4);
            var attempt = Attempt(who, file, version, start.AddMinutes(30), score);
            var at = start.AddMinutes(40);
            Assign(who, file, ruleKey, version, assignedAt, 14, started: start, completed: at);
            Acknowledge(who, file, version, text, attempt, at, refresher);
        }
        var salonKey = positions["Recepcionista del salón"];
        var text01 = ProtocolFile.Write(protocols["01-saludo-recepcion.md"].Protocol);
        var text09 = ProtocolFile.Write(protocols["09-cancelacion-citas-salon.md"].Protocol);
        var service = departments["Atención al cliente"];
        var salonDept = departments["Salón de belleza"];

        // Paula (receptionist): acknowledged salon v1, re-assigned on v2 and not started (needs retraining);
        // cancellations acknowledged (current).
        Trained("paula", SalonFile, salonKey, 1, salonV1Text, published.AddDays(3), 100, now.AddDays(50));
        Assign("paula", SalonFile, salonKey, 2, v2At, 14, previous: 1);
        Trained("paula", "09-cancelacion-citas-salon.md", salonDept, 1, text09, published.AddDays(4), 100, now.AddDays(40));

        // Valentina (stylist): salon v2 in progress (two lessons); cancellations: a failed attempt a few minutes ago, waiting.
        Assign("valentina", SalonFile, positions["Estilista"], 2, v2At, 14, started: now.AddDays(-2));
        Lessons("valentina", SalonFile, 2, now.AddDays(-2), 2);
        Assign("valentina", "09-cancelacion-citas-salon.md", salonDept, 1, now.AddDays(-5), 14, started: now.AddDays(-1));
        Lessons("valentina", "09-cancelacion-citas-salon.md", 1, now.AddDays(-1), 3);
        Attempt("valentina", "09-cancelacion-citas-salon.md", 1, now.AddMinutes(-12), 50);

        // Marta (salon coordinator): acknowledged salon v2 (current).
        Trained("marta", SalonFile, positions["Coordinadora del salón"], 2, salonV2Text, now.AddDays(-6), 100, now.AddDays(60));

        // Sofía (agent): greeting acknowledged with its refresher due yesterday; phone passed but not acknowledged; returns overdue.
        Trained("sofia", "01-saludo-recepcion.md", service, 1, text01, published.AddDays(3), 90, now.AddDays(-1));
        Assign("sofia", "02-atencion-telefonica.md", service, 1, now.AddDays(-8), 14, started: now.AddDays(-3));
        Lessons("sofia", "02-atencion-telefonica.md", 1, now.AddDays(-3), 3);
        Attempt("sofia", "02-atencion-telefonica.md", 1, now.AddDays(-2), 80);
        Assign("sofia", "07-devoluciones-cambios.md", service, 1, now.AddDays(-17), 14);

        // Diego (agent): greeting acknowledged; phone assigned, not started; returns in progress.
        Trained("diego", "01-saludo-recepcion.md", service, 1, text01, published.AddDays(5), 100, now.AddDays(70));
        Assign("diego", "02-atencion-telefonica.md", service, 1, now.AddDays(-4), 14);
        Assign("diego", "07-devoluciones-cambios.md", service, 1, now.AddDays(-4), 14, started: now.AddDays(-1));
        Lessons("diego", "07-devoluciones-cambios.md", 1, now.AddDays(-1), 2);

        // Andrés (supervisor): greeting acknowledged; phone overdue, with a failed attempt.
        Trained("andres", "01-saludo-recepcion.md", service, 1, text01, published.AddDays(6), 80, now.AddDays(30));
        Assign("andres", "02-atencion-telefonica.md", service, 1, now.AddDays(-20), 14, started: now.AddDays(-9));
        Attempt("andres", "02-atencion-telefonica.md", 1, now.AddDays(-9), 40);

        await db.SaveChangesAsync(ct);
    }
}
