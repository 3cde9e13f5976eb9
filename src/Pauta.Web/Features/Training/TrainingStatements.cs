using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Pauta.Web.Features.Training;

/// <summary>The statement query exactly as it arrives: since/until ISO 8601 instants, limit 1–1000, more the cursor of a previous answer.</summary>
public sealed record StatementQuery(string? Since = null, string? Until = null, string? Limit = null, string? More = null);

/// <summary>One page of statements, shaped like an LRS's StatementResult: <c>more</c> is the relative address of the next page, or "".</summary>
public sealed record StatementPage(IReadOnlyList<JsonObject> Statements, string More);

/// <summary>
/// The organisation's training records as xAPI 2.0 statements (docs/training.md, "xAPI"), built with System.Text.Json: every
/// assignment (assigned), lesson completed, quiz attempt started (attempted) and graded (passed/failed), and acknowledgement.
/// Decisions: the actor is an account (homePage = the public URL, name = the member id), never an e-mail address, so nothing
/// personal beyond the display name reaches the LRS; "assigned" and "acknowledged" have no ADL verb and use Pauta IRIs under
/// the public URL; statement ids are name-based UUIDs (version 5) of the record's id and the verb, so exporting again gives
/// the same ids and an LRS ignores the repeats. Ordered by timestamp, then id; "since" is exclusive, "until" inclusive.
/// </summary>
public sealed class TrainingStatements(PautaDbContext db, PublicUrl publicUrl)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const string Version = "2.0.0";

    public const string Completed = "http://adlnet.gov/expapi/verbs/completed";
    public const string Attempted = "http://adlnet.gov/expapi/verbs/attempted";
    public const string Passed = "http://adlnet.gov/expapi/verbs/passed";
    public const string Failed = "http://adlnet.gov/expapi/verbs/failed";
    public string Assigned => publicUrl.Link("/xapi/verbs/assigned");
    public string Acknowledged => publicUrl.Link("/xapi/verbs/acknowledged");

    private static readonly Guid Namespace = new("6f0c2b7e-5a41-4c53-9d8e-2b1f3c9a7e10");

    private enum Kind { Assigned, Lesson, Attempted, Graded, Acknowledged }

    /// <summary>A record that becomes one statement; <see cref="Id"/> is the statement id.</summary>
    private sealed record Row(DateTime At, Guid Id, Kind Kind, Guid MemberId, Guid ProtocolId, int Version, string? LessonKey = null,
        Guid? RecordId = null, DateTime? Started = null, int? Score = null, bool? Success = null, string? Hash = null, DateTime? DueAt = null);

    private sealed record Cursor(DateTime At, Guid Id);

    public async Task<Outcome<StatementPage>> PageAsync(StatementQuery query, CancellationToken ct)
    {
        var problems = new List<Problem>();
        var since = Instant(query.Since, nameof(query.Since), problems);
        var until = Instant(query.Until, nameof(query.Until), problems);
        var limit = DefaultLimit;
        if (!string.IsNullOrWhiteSpace(query.Limit))
        {
            if (int.TryParse(query.Limit.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit) limit = n;
            else problems.Add(new Problem(nameof(query.Limit), "History.BadNumber", query.Limit, 1, MaxLimit));
        }
        var cursor = ReadCursor(query.More, problems);
        if (problems.Count > 0) return Outcome<StatementPage>.Invalid(problems);

        var rows = await RowsAsync(since, until, cursor, limit + 1, ct);
        var page = rows.Take(limit).ToList();
        var more = "";
        if (rows.Count > limit)
        {
            var last = page[^1];
            var q = new Dictionary<string, string?>
            {
                ["since"] = query.Since, ["until"] = query.Until, ["limit"] = limit.ToString(CultureInfo.InvariantCulture),
                ["more"] = WriteCursor(new Cursor(last.At, last.Id)),
            };
            more = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/api/v1/training/xapi/statements",
                q.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)));
        }
        return Outcome<StatementPage>.Ok(new StatementPage(await BuildAsync(page, ct), more));
    }

    /// <summary>Every statement of the organisation, oldest first: the file export.</summary>
    public async Task<IReadOnlyList<JsonObject>> AllAsync(CancellationToken ct) =>
        await BuildAsync(await RowsAsync(null, null, null, int.MaxValue, ct), ct);

    /// <summary>The deterministic statement id: a version 5 (name-based, SHA-1) UUID of the name in Pauta's namespace.</summary>
    public static Guid StatementId(string name)
    {
        var input = Namespace.ToByteArray(bigEndian: true).Concat(Encoding.UTF8.GetBytes(name)).ToArray();
        var hash = SHA1.HashData(input);
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    // Each source table is read with the same window: after the cursor (or since), at or before until, oldest first, at most
    // `take` rows; the rows at the cursor's instant are read whole, so ties at one instant never lose a statement.
    private async Task<List<Row>> RowsAsync(DateTime? since, DateTime? until, Cursor? cursor, int take, CancellationToken ct)
    {
        var hi = until ?? DateTime.MaxValue;
        var (rows, boundary) = await ReadAsync(cursor?.At ?? since, null, hi, take, ct);
        // A table cut at `take` rows may have left out rows at its last instant: keep what lies before the earliest such
        // instant, and read that instant whole (there are still more than `take` rows up to it).
        if (boundary is { } b)
        {
            rows = rows.Where(r => r.At < b).ToList();
            rows.AddRange((await ReadAsync(null, b, hi, int.MaxValue, ct)).Rows);
        }
        if (cursor is not null && cursor.At <= hi && cursor.At != boundary) rows.AddRange((await ReadAsync(null, cursor.At, hi, int.MaxValue, ct)).Rows);
        IEnumerable<Row> ordered = rows.OrderBy(r => r.At).ThenBy(r => r.Id);
        if (cursor is not null) ordered = ordered.Where(r => r.At > cursor.At || (r.At == cursor.At && r.Id.CompareTo(cursor.Id) > 0));
        return ordered.Take(take).ToList();
    }

    /// <summary>Rows strictly after <paramref name="after"/> (at most <paramref name="take"/> per table), or exactly at <paramref name="exactly"/>.</summary>
    private async Task<(List<Row> Rows, DateTime? Boundary)> ReadAsync(DateTime? after, DateTime? exactly, DateTime hi, int take, CancellationToken ct)
    {
        var rows = new List<Row>();
        DateTime? boundary = null;
        void Cut(int count, DateTime last)
        {
            if (count == take && (boundary is null || last < boundary)) boundary = last;
        }

        var assignments = await db.TrainingAssignments.AsNoTracking()
            .Where(a => (exactly != null ? a.AssignedAt == exactly : (after == null || a.AssignedAt > after) && a.AssignedAt <= hi))
            .OrderBy(a => a.AssignedAt).ThenBy(a => a.Id).Take(take)
            .Select(a => new { a.Id, a.AssignedAt, a.MemberId, a.ProtocolId, a.ForVersion, a.DueAt }).ToListAsync(ct);
        if (assignments.Count > 0) Cut(assignments.Count, assignments[^1].AssignedAt);
        rows.AddRange(assignments.Select(a => new Row(a.AssignedAt, StatementId($"{a.Id}/assigned"), Kind.Assigned, a.MemberId, a.ProtocolId,
            a.ForVersion, RecordId: a.Id, DueAt: a.DueAt)));

        var lessons = await db.LessonProgress.AsNoTracking()
            .Where(l => (exactly != null ? l.CompletedAt == exactly : (after == null || l.CompletedAt > after) && l.CompletedAt <= hi))
            .OrderBy(l => l.CompletedAt).Take(take)
            .Select(l => new { l.CompletedAt, l.MemberId, l.ProtocolId, l.VersionNumber, l.LessonKey }).ToListAsync(ct);
        if (lessons.Count > 0) Cut(lessons.Count, lessons[^1].CompletedAt);
        rows.AddRange(lessons.Select(l => new Row(l.CompletedAt, StatementId($"{l.MemberId}/{l.ProtocolId}/{l.VersionNumber}/{l.LessonKey}/completed"),
            Kind.Lesson, l.MemberId, l.ProtocolId, l.VersionNumber, LessonKey: l.LessonKey)));

        var started = await db.QuizAttempts.AsNoTracking()
            .Where(a => (exactly != null ? a.StartedAt == exactly : (after == null || a.StartedAt > after) && a.StartedAt <= hi))
            .OrderBy(a => a.StartedAt).ThenBy(a => a.Id).Take(take)
            .Select(a => new { a.Id, a.StartedAt, a.MemberId, a.ProtocolId, a.VersionNumber }).ToListAsync(ct);
        if (started.Count > 0) Cut(started.Count, started[^1].StartedAt);
        rows.AddRange(started.Select(a => new Row(a.StartedAt, StatementId($"{a.Id}/attempted"), Kind.Attempted, a.MemberId, a.ProtocolId,
            a.VersionNumber, RecordId: a.Id)));

        var graded = await db.QuizAttempts.AsNoTracking()
            .Where(a => a.SubmittedAt != null && a.Passed != null && a.ScorePercent != null
                        && (exactly != null ? a.SubmittedAt == exactly : (after == null || a.SubmittedAt > after) && a.SubmittedAt <= hi))
            .OrderBy(a => a.SubmittedAt).ThenBy(a => a.Id).Take(take)
            .Select(a => new { a.Id, a.StartedAt, SubmittedAt = a.SubmittedAt!.Value, a.MemberId, a.ProtocolId, a.VersionNumber, a.ScorePercent, a.Passed })
            .ToListAsync(ct);
        if (graded.Count > 0) Cut(graded.Count, graded[^1].SubmittedAt);
        rows.AddRange(graded.Select(a => new Row(a.SubmittedAt, StatementId($"{a.Id}/{(a.Passed == true ? "passed" : "failed")}"), Kind.Graded,
            a.MemberId, a.ProtocolId, a.VersionNumber, RecordId: a.Id, Started: a.StartedAt, Score: a.ScorePercent, Success: a.Passed)));

        var acknowledgements = await db.TrainingAcknowledgements.AsNoTracking()
            .Where(a => (exactly != null ? a.At == exactly : (after == null || a.At > after) && a.At <= hi))
            .OrderBy(a => a.At).ThenBy(a => a.Id).Take(take)
            .Select(a => new { a.Id, a.At, a.MemberId, a.ProtocolId, a.VersionNumber, a.ContentHash, a.ScorePercent }).ToListAsync(ct);
        if (acknowledgements.Count > 0) Cut(acknowledgements.Count, acknowledgements[^1].At);
        rows.AddRange(acknowledgements.Select(a => new Row(a.At, StatementId($"{a.Id}/acknowledged"), Kind.Acknowledged, a.MemberId, a.ProtocolId,
            a.VersionNumber, RecordId: a.Id, Score: a.ScorePercent, Hash: a.ContentHash)));

        return (rows, boundary);
    }

    private async Task<IReadOnlyList<JsonObject>> BuildAsync(IReadOnlyList<Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var memberIds = rows.Select(r => r.MemberId).Distinct().ToList();
        var protocolIds = rows.Select(r => r.ProtocolId).Distinct().ToList();
        var names = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id))
            .Select(m => new { m.Id, m.User.DisplayName }).ToDictionaryAsync(m => m.Id, m => m.DisplayName, ct);
        var titles = await db.Protocols.AsNoTracking().Where(p => protocolIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Title }).ToDictionaryAsync(p => p.Id, p => p.Title, ct);
        var language = await db.Organisations.AsNoTracking().Select(o => o.Language).SingleAsync(ct);
        return rows.Select(r => Statement(r, names.GetValueOrDefault(r.MemberId) ?? "", titles.GetValueOrDefault(r.ProtocolId) ?? "", language)).ToList();
    }

    private JsonObject Statement(Row r, string person, string title, string language)
    {
        var course = Activity($"/training/courses/{r.ProtocolId}", "http://adlnet.gov/expapi/activities/course", title, title);
        var registration = StatementId($"{r.MemberId}/{r.ProtocolId}/{r.Version}/registration");
        var extensions = new JsonObject { [publicUrl.Link("/xapi/extensions/version")] = r.Version };
        JsonObject obj;
        JsonObject verb;
        JsonObject? result = null;
        switch (r.Kind)
        {
            case Kind.Assigned:
                verb = Verb(Assigned, "assigned", "asignado");
                obj = course;
                extensions[publicUrl.Link("/xapi/extensions/due-at")] = Iso(r.DueAt!.Value);
                break;
            case Kind.Lesson:
                verb = Verb(Completed, "completed", "completó");
                obj = Activity($"/training/courses/{r.ProtocolId}/lessons/{Uri.EscapeDataString(r.LessonKey!)}", "http://adlnet.gov/expapi/activities/lesson",
                    $"{title}: lección {r.LessonKey}", $"{title}: lesson {r.LessonKey}");
                result = new JsonObject { ["completion"] = true };
                break;
            case Kind.Attempted:
                verb = Verb(Attempted, "attempted", "intentó");
                obj = Quiz(r, title);
                break;
            case Kind.Graded:
                var passed = r.Success == true;
                verb = passed ? Verb(Passed, "passed", "aprobó") : Verb(Failed, "failed", "suspendió");
                obj = Quiz(r, title);
                var raw = r.Score!.Value;
                result = new JsonObject
                {
                    ["score"] = new JsonObject { ["scaled"] = raw / 100.0, ["raw"] = raw, ["min"] = 0, ["max"] = 100 },
                    ["success"] = passed,
                    ["completion"] = true,
                    ["duration"] = System.Xml.XmlConvert.ToString(r.At - r.Started!.Value),
                };
                break;
            case Kind.Acknowledged:
                verb = Verb(Acknowledged, "acknowledged", "reconoció");
                obj = course;
                extensions[publicUrl.Link("/xapi/extensions/content-hash")] = r.Hash;
                result = new JsonObject { ["completion"] = true, ["success"] = true };
                if (r.Score is { } s)
                    result["score"] = new JsonObject { ["scaled"] = s / 100.0, ["raw"] = s, ["min"] = 0, ["max"] = 100 };
                break;
            default:
                throw new InvalidOperationException($"Unknown statement kind {r.Kind}.");
        }
        var context = new JsonObject
        {
            ["registration"] = registration.ToString(),
            ["platform"] = "Pauta",
            ["language"] = language == "en" ? "en-US" : "es-ES",
            ["extensions"] = extensions,
        };
        // The course is the parent of its lessons and quiz; statements about the course itself have no parent.
        if (!ReferenceEquals(obj, course))
            context["contextActivities"] = new JsonObject { ["parent"] = new JsonArray(course) };
        var statement = new JsonObject
        {
            ["id"] = r.Id.ToString(),
            ["actor"] = new JsonObject
            {
                ["objectType"] = "Agent",
                ["name"] = person,
                ["account"] = new JsonObject { ["homePage"] = publicUrl.Root, ["name"] = r.MemberId.ToString() },
            },
            ["verb"] = verb,
            ["object"] = obj,
        };
        if (result is not null) statement["result"] = result;
        statement["context"] = context;
        statement["timestamp"] = Iso(r.At);
        statement["version"] = Version;
        return statement;
    }

    private JsonObject Quiz(Row r, string title) =>
        Activity($"/training/courses/{r.ProtocolId}/quiz", "http://adlnet.gov/expapi/activities/assessment",
            $"{title}: cuestionario (v{r.Version})", $"{title}: quiz (v{r.Version})");

    private JsonObject Activity(string path, string type, string spanish, string english) => new()
    {
        ["objectType"] = "Activity",
        ["id"] = publicUrl.Link(path),
        ["definition"] = new JsonObject
        {
            ["name"] = new JsonObject { ["es-ES"] = spanish, ["en-US"] = english },
            ["type"] = type,
        },
    };

    private static JsonObject Verb(string id, string english, string spanish) =>
        new() { ["id"] = id, ["display"] = new JsonObject { ["en-US"] = english, ["es-ES"] = spanish } };

    private static string Iso(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTime? Instant(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            && (text.TrimEnd().EndsWith('Z') || text.Contains('+') || text.LastIndexOf('-') > 9))
            return at.UtcDateTime;
        problems.Add(new Problem(field, "Training.Records.BadInstant", text));
        return null;
    }

    private static string WriteCursor(Cursor c) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.At.Ticks.ToString(CultureInfo.InvariantCulture)}_{c.Id:N}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static Cursor? ReadCursor(string? text, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            var b64 = text.Trim().Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(b64)).Split('_');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks && Guid.TryParseExact(parts[1], "N", out var id))
                return new Cursor(new DateTime(ticks, DateTimeKind.Utc), id);
        }
        catch (FormatException)
        {
        }
        problems.Add(new Problem("More", "Training.Records.BadCursor"));
        return null;
    }
}
