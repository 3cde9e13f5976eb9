using System.Globalization;
using Pauta.Core.Audit;
using Pauta.Data.Audit;

namespace Pauta.Web.Features.Audit;

/// <summary>The filters of the audit list as they arrive in a query string: days (yyyy-MM-dd, organisation's time zone, inclusive), an action prefix, a person's id, an entity id.</summary>
public sealed record AuditQuery(string? From = null, string? To = null, string? Action = null, string? Actor = null, string? Entity = null,
    string? Page = null);

public sealed record AuditEntryView(long Index, DateTime At, Guid? ActorUserId, string? Actor, string Action, string EntityType, string EntityId,
    Guid? SubjectId, string Details, string LeafHash);

/// <summary>One page of the log, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryView> Items, int Page, int PageSize, int Total)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>A signed checkpoint with what a verifier needs: the signed text, the signature and the public key.</summary>
public sealed record AuditCheckpointView(long Size, string Root, DateTime At, string KeyId, string Signature, string PublicKey, string SignedText);

public sealed record InclusionProofView(long Index, long Size, string LeafHash, string Root, IReadOnlyList<string> Proof);

public sealed record ConsistencyProofView(long From, long To, string FromRoot, string ToRoot, IReadOnlyList<string> Proof);

public sealed record AuditPersonOption(Guid UserId, string Name);

/// <summary>
/// The audit log of the current organisation for its owners and admins (<see cref="Permission.ViewAudit"/>): entries with
/// filters, the latest checkpoint, proofs over the stored tree (<see cref="AuditLog"/>), and the check of the rows
/// against the last checkpoint (<see cref="AuditVerification"/>). Everything reads through the tenant filter, so another
/// organisation's indices and sizes do not exist here.
/// </summary>
public sealed class AuditService(PautaDbContext db, CurrentMember current)
{
    public const int PageSize = 50;
    public const int MaxPage = 100_000;

    public async Task<Outcome<AuditPage>> SearchAsync(AuditQuery q, CancellationToken ct)
    {
        if (!current.Can(Permission.ViewAudit)) return Outcome<AuditPage>.Forbidden();
        var problems = new List<Problem>();
        var from = Day(q.From, nameof(q.From), problems);
        var to = Day(q.To, nameof(q.To), problems);
        if (from is { } a && to is { } b && b < a) problems.Add(new Problem(nameof(q.To), "History.ToBeforeFrom"));
        var actor = Id(q.Actor, nameof(q.Actor), problems);
        var page = 1;
        if (!string.IsNullOrWhiteSpace(q.Page) && !(int.TryParse(q.Page.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out page) && page is >= 1 and <= MaxPage))
            problems.Add(new Problem(nameof(q.Page), "History.BadNumber", q.Page, 1, MaxPage));
        var action = q.Action?.Trim();
        if (action is { Length: > 64 }) problems.Add(new Problem(nameof(q.Action), "Audit.TooLong", 64));
        var entity = q.Entity?.Trim();
        if (entity is { Length: > 64 }) problems.Add(new Problem(nameof(q.Entity), "Audit.TooLong", 64));
        if (problems.Count > 0) return Outcome<AuditPage>.Invalid(problems);

        var rows = db.AuditEntries.AsNoTracking().Where(e => e.LeafIndex != null);
        if (from is { } f) { var start = StartOfDayUtc(f, current.TimeZone); rows = rows.Where(e => e.At >= start); }
        if (to is { } t) { var end = StartOfDayUtc(t.AddDays(1), current.TimeZone); rows = rows.Where(e => e.At < end); }
        if (!string.IsNullOrEmpty(action)) rows = rows.Where(e => e.Action.StartsWith(action));
        if (actor is { } person) rows = rows.Where(e => e.ActorUserId == person);
        if (!string.IsNullOrEmpty(entity)) rows = rows.Where(e => e.EntityId == entity);

        var total = await rows.CountAsync(ct);
        var items = await rows.OrderByDescending(e => e.LeafIndex).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(e => new
            {
                e.LeafIndex, e.At, e.ActorUserId, Actor = db.Users.Where(u => u.Id == e.ActorUserId).Select(u => u.DisplayName).FirstOrDefault(),
                e.Action, e.EntityType, e.EntityId, e.SubjectId, e.Details, e.LeafHash,
            }).ToListAsync(ct);
        return Outcome<AuditPage>.Ok(new AuditPage(items.Select(e => new AuditEntryView(e.LeafIndex!.Value, e.At, e.ActorUserId, e.Actor, e.Action,
            e.EntityType, e.EntityId, e.SubjectId, e.Details, Convert.ToHexStringLower(e.LeafHash ?? []))).ToList(), page, PageSize, total));
    }

    /// <summary>The people who may appear as actors, for the filter.</summary>
    public async Task<IReadOnlyList<AuditPersonOption>> PeopleAsync(CancellationToken ct) =>
        await db.Members.AsNoTracking().OrderBy(m => m.User.DisplayName).Select(m => new AuditPersonOption(m.UserId, m.User.DisplayName)).ToListAsync(ct);

    public async Task<Outcome<AuditCheckpointView>> LatestCheckpointAsync(CancellationToken ct)
    {
        if (!current.Can(Permission.ViewAudit)) return Outcome<AuditCheckpointView>.Forbidden();
        var c = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(x => x.Size).FirstOrDefaultAsync(ct);
        if (c is null) return Outcome<AuditCheckpointView>.NotFound();
        var key = await db.AuditSigningKeys.AsNoTracking().Where(k => k.KeyId == c.KeyId).Select(k => k.PublicKey).FirstOrDefaultAsync(ct) ?? [];
        var at = new DateTimeOffset(c.At, TimeSpan.Zero);
        return Outcome<AuditCheckpointView>.Ok(new AuditCheckpointView(c.Size, Convert.ToHexStringLower(c.Root), c.At, c.KeyId,
            Convert.ToBase64String(c.Signature), Convert.ToBase64String(key),
            AuditCheckpointText.Format(new AuditTreeHead(current.OrganisationId, c.Size, c.Root, at))));
    }

    public async Task<Outcome<InclusionProofView>> InclusionAsync(string? indexText, string? sizeText, CancellationToken ct)
    {
        if (!current.Can(Permission.ViewAudit)) return Outcome<InclusionProofView>.Forbidden();
        var problems = new List<Problem>();
        var index = Count(indexText, "index", 0, problems);
        var size = Count(sizeText, "size", 1, problems);
        if (index is { } i && size is { } s && i >= s) problems.Add(new Problem("index", "Audit.IndexBeyondSize", i, s));
        if (problems.Count > 0) return Outcome<InclusionProofView>.Invalid(problems);
        var log = new AuditLog(db);
        if (size > await log.SizeAsync(ct)) return Outcome<InclusionProofView>.NotFound();
        var leaf = await db.AuditEntries.AsNoTracking().Where(e => e.LeafIndex == index).Select(e => e.LeafHash).SingleAsync(ct) ?? [];
        var proof = await log.InclusionProofAsync(index!.Value, size!.Value, ct);
        var root = await log.RootAsync(size.Value, ct);
        return Outcome<InclusionProofView>.Ok(new InclusionProofView(index.Value, size.Value, Convert.ToHexStringLower(leaf),
            Convert.ToHexStringLower(root), proof.Select(Convert.ToHexStringLower).ToList()));
    }

    public async Task<Outcome<ConsistencyProofView>> ConsistencyAsync(string? fromText, string? toText, CancellationToken ct)
    {
        if (!current.Can(Permission.ViewAudit)) return Outcome<ConsistencyProofView>.Forbidden();
        var problems = new List<Problem>();
        var from = Count(fromText, "from", 1, problems);
        var to = Count(toText, "to", 1, problems);
        if (from is { } a && to is { } b && a > b) problems.Add(new Problem("to", "Audit.ToBelowFrom", b, a));
        if (problems.Count > 0) return Outcome<ConsistencyProofView>.Invalid(problems);
        var log = new AuditLog(db);
        if (to > await log.SizeAsync(ct)) return Outcome<ConsistencyProofView>.NotFound();
        var proof = await log.ConsistencyProofAsync(from!.Value, to!.Value, ct);
        return Outcome<ConsistencyProofView>.Ok(new ConsistencyProofView(from.Value, to.Value,
            Convert.ToHexStringLower(await log.RootAsync(from.Value, ct)), Convert.ToHexStringLower(await log.RootAsync(to.Value, ct)),
            proof.Select(Convert.ToHexStringLower).ToList()));
    }

    public async Task<Outcome<AuditVerificationResult>> VerifyAsync(CancellationToken ct) =>
        current.Can(Permission.ViewAudit)
            ? Outcome<AuditVerificationResult>.Ok(await new AuditVerification(db).VerifyAsync(ct))
            : Outcome<AuditVerificationResult>.Forbidden();

    /// <summary>Writes the bundle to <paramref name="stream"/>; false when there is nothing signed to export yet.</summary>
    public async Task<Outcome<AuditExport>> ExportAsync(CancellationToken ct)
    {
        if (!current.Can(Permission.ViewAudit)) return Outcome<AuditExport>.Forbidden();
        var export = new AuditExport(db);
        return await export.CanExportAsync(ct) ? Outcome<AuditExport>.Ok(export) : Outcome<AuditExport>.NotFound();
    }

    private static long? Count(string? text, string field, long min, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(new Problem(field, "Audit.Required"));
            return null;
        }
        if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min) return n;
        problems.Add(new Problem(field, "Audit.BadCount", text, min));
        return null;
    }

    private static DateOnly? Day(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        problems.Add(new Problem(field, "History.BadDate", text));
        return null;
    }

    private static Guid? Id(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (Guid.TryParse(text.Trim(), out var id)) return id;
        problems.Add(new Problem(field, "History.BadId", text));
        return null;
    }

    private static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
