using Microsoft.EntityFrameworkCore;
using Pauta.Core.Training;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Training;

/// <summary>The matrix's filters exactly as they arrive in a query string, so a bad value becomes a problem on its field.</summary>
public sealed record TrainingMatrixQuery(string? DepartmentId = null, string? PositionId = null, string? Person = null,
    string? ProtocolId = null, string? State = null, string? Page = null);

public sealed record MatrixPerson(Guid MemberId, string Name, string Email, Guid? DepartmentId, string? Department, Guid? PositionId, string? Position);

/// <summary>A column: a published protocol, its current version and the major version people must have acknowledged.</summary>
public sealed record MatrixProtocol(Guid Id, string Title, int Version, int Major);

/// <summary>One cell: <see cref="TrainingCell"/> plus when the acknowledgement it shows was made.</summary>
public sealed record MatrixCell(Guid ProtocolId, TrainingCellState State, int? Score, int? Acknowledged, DateTime? AcknowledgedAt,
    DateTime? DueAt, DateTime? RefresherDueAt);

/// <summary>A person's row; <see cref="Cells"/> are in the order of the page's protocols.</summary>
public sealed record MatrixRow(MatrixPerson Person, IReadOnlyList<MatrixCell> Cells);

/// <summary>One page of people (50) × every protocol the filters keep; <paramref name="Total"/> counts the people the filters match.</summary>
public sealed record TrainingMatrixPage(IReadOnlyList<MatrixProtocol> Protocols, IReadOnlyList<MatrixRow> Rows, int Page, int PageSize, int Total)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record MatrixOption(Guid Id, string Name);

/// <summary>
/// The people × protocols training matrix (docs/training.md): rows are members, columns the published protocols, each cell
/// <see cref="TrainingCell.Of"/>. Reads in a fixed number of set-based queries whatever the size: the people of the page,
/// then per table one query for all of their cells. Who is trained on what comes from <see cref="TrainingStandings"/>.
/// A state filter keeps the people with at least one cell in that state (and, in the CSV, only those cells).
/// </summary>
public sealed class TrainingMatrix(PautaDbContext db, TrainingStandings standings, TimeProvider time)
{
    public const int PageSize = 50;
    public const int MaxPage = 10_000;
    public const int MaxPersonLength = 200;

    private sealed record Filters(Guid? DepartmentId, Guid? PositionId, string? Person, Guid? ProtocolId, TrainingCellState? State, int Page);

    /// <summary>One page of the matrix.</summary>
    public async Task<Outcome<TrainingMatrixPage>> PageAsync(TrainingMatrixQuery query, CancellationToken ct)
    {
        var problems = new List<Problem>();
        var f = Parse(query, problems);
        if (problems.Count > 0) return Outcome<TrainingMatrixPage>.Invalid(problems);

        var protocols = await ProtocolsAsync(f.ProtocolId, ct);
        var people = People(f);
        if (f.State is not { } state)
        {
            var total = await people.CountAsync(ct);
            var page = await people.Skip((f.Page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
            var rows = await RowsAsync(page, protocols, f.ProtocolId, ct);
            return Outcome<TrainingMatrixPage>.Ok(new TrainingMatrixPage(protocols, rows, f.Page, PageSize, total));
        }
        var all = await RowsAsync(await people.ToListAsync(ct), protocols, f.ProtocolId, ct);
        var matching = all.Where(r => r.Cells.Any(c => c.State == state)).ToList();
        return Outcome<TrainingMatrixPage>.Ok(new TrainingMatrixPage(protocols,
            matching.Skip((f.Page - 1) * PageSize).Take(PageSize).ToList(), f.Page, PageSize, matching.Count));
    }

    /// <summary>Every person the filters keep (all pages) × every protocol, one row per cell (in the state filtered, if any).</summary>
    public async Task<Outcome<(IReadOnlyList<MatrixProtocol> Protocols, IReadOnlyList<(MatrixPerson Person, MatrixCell Cell)> Cells)>> AllAsync(
        TrainingMatrixQuery query, CancellationToken ct)
    {
        var problems = new List<Problem>();
        var f = Parse(query with { Page = null }, problems);
        if (problems.Count > 0) return Outcome<(IReadOnlyList<MatrixProtocol>, IReadOnlyList<(MatrixPerson, MatrixCell)>)>.Invalid(problems);
        var protocols = await ProtocolsAsync(f.ProtocolId, ct);
        var rows = await RowsAsync(await People(f).ToListAsync(ct), protocols, f.ProtocolId, ct);
        var cells = rows.SelectMany(r => r.Cells.Select(c => (r.Person, c))).Where(x => f.State is null || x.c.State == f.State).ToList();
        return Outcome<(IReadOnlyList<MatrixProtocol>, IReadOnlyList<(MatrixPerson, MatrixCell)>)>.Ok((protocols, cells));
    }

    public async Task<IReadOnlyList<MatrixOption>> DepartmentsAsync(CancellationToken ct) =>
        await db.Departments.AsNoTracking().OrderBy(d => d.Name).Select(d => new MatrixOption(d.Id, d.Name)).ToListAsync(ct);

    public async Task<IReadOnlyList<MatrixOption>> PositionsAsync(CancellationToken ct) =>
        await db.Positions.AsNoTracking().OrderBy(p => p.Title).Select(p => new MatrixOption(p.Id, p.Title)).ToListAsync(ct);

    public async Task<IReadOnlyList<MatrixOption>> ProtocolOptionsAsync(CancellationToken ct) =>
        await db.Protocols.AsNoTracking().Where(p => p.PublishedVersion > 0 && p.ArchivedAt == null).OrderBy(p => p.Title)
            .Select(p => new MatrixOption(p.Id, p.Title)).ToListAsync(ct);

    private IQueryable<MatrixPerson> People(Filters f)
    {
        var members = db.Members.AsNoTracking();
        if (f.DepartmentId is { } department) members = members.Where(m => m.DepartmentId == department);
        if (f.PositionId is { } position) members = members.Where(m => m.PositionId == position);
        if (f.Person is { } person)
        {
            var term = person.ToLowerInvariant();
            members = members.Where(m => m.User.DisplayName.ToLower().Contains(term) || m.User.Email!.ToLower().Contains(term));
        }
        return members.OrderBy(m => m.User.DisplayName).ThenBy(m => m.Id)
            .Select(m => new MatrixPerson(m.Id, m.User.DisplayName, m.User.Email ?? "", m.DepartmentId,
                m.Department == null ? null : m.Department.Name, m.PositionId, m.Position == null ? null : m.Position.Title));
    }

    private async Task<IReadOnlyList<MatrixProtocol>> ProtocolsAsync(Guid? only, CancellationToken ct)
    {
        var majors = await standings.CurrentMajorsAsync(ct);
        var live = db.Protocols.AsNoTracking().Where(p => p.PublishedVersion > 0 && p.ArchivedAt == null);
        if (only is { } id) live = live.Where(p => p.Id == id);
        var titles = await live.OrderBy(p => p.Title).ThenBy(p => p.Id).Select(p => new { p.Id, p.Title }).ToListAsync(ct);
        return titles.Where(p => majors.ContainsKey(p.Id))
            .Select(p => new MatrixProtocol(p.Id, p.Title, majors[p.Id].Current, majors[p.Id].Major)).ToList();
    }

    private async Task<IReadOnlyList<MatrixRow>> RowsAsync(IReadOnlyList<MatrixPerson> people, IReadOnlyList<MatrixProtocol> protocols,
        Guid? only, CancellationToken ct)
    {
        if (people.Count == 0 || protocols.Count == 0) return people.Select(p => new MatrixRow(p, [])).ToList();
        var ids = people.Select(p => p.MemberId).ToList();
        IReadOnlyCollection<Guid>? protocolIds = only is { } o ? [o] : null;

        var acknowledged = await standings.LatestAcknowledgementsAsync(ids, protocolIds, ct);

        var assignments = db.TrainingAssignments.AsNoTracking()
            .Where(a => ids.Contains(a.MemberId) && a.RemovedAt == null && a.CompletedAt == null);
        if (only is { } p1) assignments = assignments.Where(a => a.ProtocolId == p1);
        var open = new Dictionary<(Guid, Guid), (int ForVersion, CellAssignment Open)>();
        foreach (var a in await assignments.Select(a => new { a.MemberId, a.ProtocolId, a.ForVersion, a.DueAt, a.StartedAt }).ToListAsync(ct))
            if (!open.TryGetValue((a.MemberId, a.ProtocolId), out var seen) || a.ForVersion > seen.ForVersion)
                open[(a.MemberId, a.ProtocolId)] = (a.ForVersion, new CellAssignment(a.DueAt, a.StartedAt is not null));

        var attempts = db.QuizAttempts.AsNoTracking().Where(a => ids.Contains(a.MemberId));
        if (only is { } p2) attempts = attempts.Where(a => a.ProtocolId == p2);
        var attemptStats = await attempts.GroupBy(a => new { a.MemberId, a.ProtocolId, a.VersionNumber })
            .Select(g => new { g.Key.MemberId, g.Key.ProtocolId, g.Key.VersionNumber, Best = g.Where(a => a.Passed == true).Max(a => a.ScorePercent) })
            .ToListAsync(ct);
        var passed = new Dictionary<(Guid, Guid), PassedAttempt>();
        var activity = new Dictionary<(Guid, Guid), int>();
        foreach (var a in attemptStats)
        {
            var key = (a.MemberId, a.ProtocolId);
            if (!activity.TryGetValue(key, out var v) || a.VersionNumber > v) activity[key] = a.VersionNumber;
            if (a.Best is { } best && (!passed.TryGetValue(key, out var p) || a.VersionNumber > p.Version))
                passed[key] = new PassedAttempt(a.VersionNumber, best);
        }

        var lessons = db.LessonProgress.AsNoTracking().Where(l => ids.Contains(l.MemberId));
        if (only is { } p3) lessons = lessons.Where(l => l.ProtocolId == p3);
        foreach (var l in await lessons.GroupBy(l => new { l.MemberId, l.ProtocolId })
                     .Select(g => new { g.Key.MemberId, g.Key.ProtocolId, Version = g.Max(l => l.VersionNumber) }).ToListAsync(ct))
            if (!activity.TryGetValue((l.MemberId, l.ProtocolId), out var v) || l.Version > v) activity[(l.MemberId, l.ProtocolId)] = l.Version;

        var refreshers = db.RefresherSchedules.AsNoTracking().Where(r => ids.Contains(r.MemberId));
        if (only is { } p4) refreshers = refreshers.Where(r => r.ProtocolId == p4);
        var refresherDue = await refreshers.Select(r => new { r.MemberId, r.ProtocolId, r.DueAt })
            .ToDictionaryAsync(r => (r.MemberId, r.ProtocolId), r => r.DueAt, ct);

        var now = time.GetUtcNow().UtcDateTime;
        var rows = new List<MatrixRow>(people.Count);
        foreach (var person in people)
        {
            var cells = new MatrixCell[protocols.Count];
            for (var i = 0; i < protocols.Count; i++)
            {
                var protocol = protocols[i];
                var key = (person.MemberId, protocol.Id);
                var ack = acknowledged.GetValueOrDefault(key);
                var cell = TrainingCell.Of(new TrainingFacts(protocol.Version, protocol.Major, ack?.Version,
                    open.TryGetValue(key, out var a) ? a.Open : null, passed.GetValueOrDefault(key),
                    activity.TryGetValue(key, out var v) ? v : null, refresherDue.TryGetValue(key, out var r) ? r : null), now);
                cells[i] = new MatrixCell(protocol.Id, cell.State, cell.Score ?? ack?.ScorePercent, cell.Acknowledged, ack?.At, cell.DueAt, cell.RefresherDueAt);
            }
            rows.Add(new MatrixRow(person, cells));
        }
        return rows;
    }

    private static Filters Parse(TrainingMatrixQuery q, List<Problem> problems)
    {
        var person = string.IsNullOrWhiteSpace(q.Person) ? null : q.Person.Trim();
        if (person is { Length: > MaxPersonLength })
        {
            problems.Add(new Problem(nameof(q.Person), "Training.Records.PersonTooLong", MaxPersonLength));
            person = null;
        }
        return new Filters(Id(q.DepartmentId, nameof(q.DepartmentId), problems), Id(q.PositionId, nameof(q.PositionId), problems), person,
            Id(q.ProtocolId, nameof(q.ProtocolId), problems), State(q.State, problems), Number(q.Page, nameof(q.Page), problems) ?? 1);
    }

    private static Guid? Id(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (Guid.TryParse(text.Trim(), out var id)) return id;
        problems.Add(new Problem(field, "History.BadId", text));
        return null;
    }

    private static TrainingCellState? State(string? text, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        foreach (var value in Enum.GetValues<TrainingCellState>())
            if (string.Equals(value.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase)) return value;
        problems.Add(new Problem("State", "History.BadChoice", text, string.Join(", ", Enum.GetValues<TrainingCellState>())));
        return null;
    }

    private static int? Number(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n is >= 1 and <= MaxPage) return n;
        problems.Add(new Problem(field, "History.BadNumber", text, 1, MaxPage));
        return null;
    }
}
