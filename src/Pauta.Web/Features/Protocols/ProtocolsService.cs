using System.Text;
using Pauta.Core.Protocols;
using Pauta.Data.Configurations;
using Pauta.Data.Entities;
using Pauta.Data.Protocols;
using Protocol = Pauta.Core.Protocols.Protocol;

namespace Pauta.Web.Features.Protocols;

public sealed record ProtocolSummary(Guid Id, string Title, string Department, ProtocolStatus Status, int PublishedVersion,
    DraftState DraftState, DateTime? ReviewDueAt, DateTime UpdatedAt, int OpenSuggestions);

/// <summary>The working copy with everything the editor shows beside it.</summary>
public sealed record DraftView(Guid Id, Protocol Protocol, string Text, DraftState State, int? BaseVersion, int PublishedVersion,
    int Version, IReadOnlyList<LintFinding> Findings, Guid? AuthorUserId, Guid? SubmittedByUserId, Guid? ApprovedByUserId,
    bool RequiresApproval, IReadOnlyList<SuggestionView> AttachedSuggestions)
{
    public bool CanPublishByLint => ProtocolLinter.AllowsPublishing(Findings);
}

public sealed record VersionView(Guid ProtocolId, int Number, Protocol Protocol, string Text, ChangeSize ChangeSize, string ChangeSummary,
    DateTime PublishedAt, string PublishedBy, string? ApprovedBy, IReadOnlyList<string> CreditedTo);

public sealed record VersionSummary(int Number, ChangeSize ChangeSize, string ChangeSummary, DateTime PublishedAt, string PublishedBy);

public sealed record SuggestionView(Guid Id, Guid ProtocolId, string ProtocolTitle, int VersionNumber, string? StepKey, string Text,
    string SuggestedBy, DateTime CreatedAt, SuggestionStatus Status, string? DecidedBy, DateTime? DecidedAt, string? DecisionReason,
    int? PublishedInVersion, int Version);

/// <summary>A first version is major whatever <paramref name="ChangeSize"/> says (<see cref="ProtocolLifecycle.ChangeSizeOf"/>).</summary>
public sealed record PublishInput(ChangeSize ChangeSize, string? ChangeSummary, int Version);

/// <summary>A draft in review that waits for the person asking (<see cref="ProtocolLifecycle.WaitsFor"/>).</summary>
public sealed record AwaitingApproval(Guid Id, string Title, string Department, string? SubmittedBy, DateTime? SubmittedAt);

/// <summary>
/// The door to protocols for the pages, the API and the importer alike. The rules about who may move a protocol where
/// are <see cref="ProtocolLifecycle"/>'s and those about what it must contain <see cref="ProtocolLinter"/>'s; this class
/// loads, asks them, and stores each accepted move together with its audit entry in one transaction.
/// </summary>
public sealed class ProtocolsService(PautaDbContext db, CurrentMember current, TimeProvider time, PublishedProtocols published,
    Media.MediaService media, Training.TrainingOnPublish trainingOnPublish)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // ---------------------------------------------------------------- reading

    /// <summary>Managers see every protocol; everyone else sees what is published and not archived.</summary>
    public async Task<IReadOnlyList<ProtocolSummary>> ListAsync(bool includeArchived, CancellationToken ct)
    {
        var seesDrafts = current.Can(Permission.AuthorProtocols);
        var query = db.Protocols.AsNoTracking();
        if (!seesDrafts) query = query.Where(p => p.PublishedVersion > 0 && p.ArchivedAt == null);
        else if (!includeArchived) query = query.Where(p => p.ArchivedAt == null);
        var rows = await query.OrderBy(p => p.DepartmentName).ThenBy(p => p.Title)
            .Select(p => new
            {
                p.Id, p.Title, p.DepartmentName, p.DraftState, p.PublishedVersion, p.ArchivedAt, p.ReviewDueAt, p.UpdatedAt,
                Open = db.ProtocolSuggestions.Count(s => s.ProtocolId == p.Id && s.Status == SuggestionStatus.Open),
            })
            .ToListAsync(ct);
        if (!seesDrafts)
        {
            // Readers see the published title, which may differ from a pending draft's.
            var ids = rows.Select(r => r.Id).ToList();
            var titles = await db.ProtocolVersions.AsNoTracking()
                .Where(v => ids.Contains(v.ProtocolId) && db.Protocols.Any(p => p.Id == v.ProtocolId && p.PublishedVersion == v.Number))
                .Select(v => new { v.ProtocolId, v.Title, v.DepartmentName }).ToDictionaryAsync(v => v.ProtocolId, ct);
            return rows.Select(r => new ProtocolSummary(r.Id, titles[r.Id].Title, titles[r.Id].DepartmentName, ProtocolStatus.Published,
                r.PublishedVersion, DraftState.None, r.ReviewDueAt, r.UpdatedAt, 0)).OrderBy(r => r.Department).ThenBy(r => r.Title).ToList();
        }
        return rows.Select(r => new ProtocolSummary(r.Id, r.Title, r.DepartmentName,
            ProtocolLifecycle.StatusOf(r.ArchivedAt is not null, r.DraftState, r.PublishedVersion),
            r.PublishedVersion, r.DraftState, r.ReviewDueAt, r.UpdatedAt, r.Open)).ToList();
    }

    public async Task<Outcome<DraftView>> GetDraftAsync(Guid id, CancellationToken ct)
    {
        if (!current.Can(Permission.AuthorProtocols)) return Outcome<DraftView>.Forbidden();
        var record = await db.Protocols.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (record is null || record.DraftText is null) return Outcome<DraftView>.NotFound();
        return Outcome<DraftView>.Ok(await DraftViewOf(record, ct));
    }

    private async Task<DraftView> DraftViewOf(ProtocolRecord record, CancellationToken ct)
    {
        var protocol = Parse(record.DraftText!);
        var findings = ProtocolLinter.Lint(protocol, await LintContextAsync(ct));
        var requires = await db.Organisations.AsNoTracking().Select(o => o.RequireProtocolApproval).SingleAsync(ct);
        var attached = await SuggestionViews(db.ProtocolSuggestions.Where(s => s.ProtocolId == record.Id
            && s.Status == SuggestionStatus.Accepted && s.PublishedInVersion == null)).ToListAsync(ct);
        return new DraftView(record.Id, protocol, record.DraftText!, record.DraftState, record.DraftBaseVersion, record.PublishedVersion,
            record.Version, findings, record.DraftAuthorUserId, record.SubmittedByUserId, record.ApprovedByUserId, requires, attached);
    }

    /// <summary>
    /// The organisation's roles and the positions somebody holds (what an escalation rule may name), its calendar keys,
    /// its protocols' titles and its own placeholder names.
    /// </summary>
    public async Task<LintContext> LintContextAsync(CancellationToken ct)
    {
        var held = await db.Positions.AsNoTracking().Where(p => db.Members.Any(m => m.PositionId == p.Id)).Select(p => p.Title).ToListAsync(ct);
        var roles = await db.Members.AsNoTracking().Select(m => m.Role).Distinct().ToListAsync(ct);
        // Format 2: the calendars a target may name, the protocols a step may hand off to, the organisation's placeholders.
        var calendars = await db.ServiceCalendars.AsNoTracking().Select(c => c.Key).ToListAsync(ct);
        var titles = await db.Protocols.AsNoTracking().Where(p => p.ArchivedAt == null).Select(p => p.Title).ToListAsync(ct);
        var placeholders = await db.OrganisationPlaceholders.AsNoTracking().Select(p => p.Name).ToListAsync(ct);
        return new LintContext(roles.Select(r => r.ToString()), held).WithCatalogue(calendars, titles) with { PlaceholderNames = placeholders.ToHashSet() };
    }

    /// <summary>A published version; <paramref name="number"/> null means the latest. Archived protocols stay readable to managers only.</summary>
    public async Task<Outcome<VersionView>> GetVersionAsync(Guid id, int? number, CancellationToken ct)
    {
        var record = await db.Protocols.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new { p.PublishedVersion, p.ArchivedAt }).SingleOrDefaultAsync(ct);
        if (record is null || record.PublishedVersion == 0) return Outcome<VersionView>.NotFound();
        if (record.ArchivedAt is not null && !current.Can(Permission.AuthorProtocols)) return Outcome<VersionView>.NotFound();
        var n = number ?? record.PublishedVersion;
        var row = await published.FindAsync(id, n, ct);
        if (row is null) return Outcome<VersionView>.NotFound();
        var names = await NamesAsync([row.PublishedByUserId, row.ApprovedByUserId], ct);
        var credited = await CreditedAsync(id, n, ct);
        return Outcome<VersionView>.Ok(new VersionView(id, n, row.Protocol, row.Text, row.ChangeSize, row.ChangeSummary,
            row.PublishedAt, names.GetValueOrDefault(row.PublishedByUserId, ""),
            row.ApprovedByUserId is { } a ? names.GetValueOrDefault(a) : null, credited.Order().ToList()));
    }

    public async Task<Outcome<IReadOnlyList<VersionSummary>>> ListVersionsAsync(Guid id, CancellationToken ct)
    {
        var visible = await db.Protocols.AsNoTracking().AnyAsync(p => p.Id == id &&
            (current.Can(Permission.AuthorProtocols) || (p.PublishedVersion > 0 && p.ArchivedAt == null)), ct);
        if (!visible) return Outcome<IReadOnlyList<VersionSummary>>.NotFound();
        var list = await db.ProtocolVersions.AsNoTracking().Where(v => v.ProtocolId == id).OrderByDescending(v => v.Number)
            .Join(db.Users, v => v.PublishedByUserId, u => u.Id,
                (v, u) => new VersionSummary(v.Number, v.ChangeSize, v.ChangeSummary, v.PublishedAt, u.DisplayName))
            .ToListAsync(ct);
        return Outcome<IReadOnlyList<VersionSummary>>.Ok(list);
    }

    /// <summary>
    /// What the reading page shows of one published version (the latest when <paramref name="number"/> is null) and of the
    /// protocol's versions, in two queries: the version list joined with the protocol's state and the names of who
    /// published and approved each version, then the people credited in the version shown. The same rules as
    /// <see cref="GetVersionAsync"/> and <see cref="ListVersionsAsync"/> together (an archived protocol is only for authors);
    /// the version's text comes from <see cref="PublishedProtocols"/>' cache.
    /// </summary>
    public async Task<Outcome<(VersionView Version, IReadOnlyList<VersionSummary> Versions)>> ReadingAsync(Guid id, int? number, CancellationToken ct)
    {
        var rows = new List<ReadingRow>();
        await foreach (var row in ReadingRows.For(db)(db, id).WithCancellation(ct)) rows.Add(row);
        if (rows.Count == 0 || rows[0].PublishedVersion == 0) return Outcome<(VersionView, IReadOnlyList<VersionSummary>)>.NotFound();
        if (rows[0].ArchivedAt is not null && !current.Can(Permission.AuthorProtocols)) return Outcome<(VersionView, IReadOnlyList<VersionSummary>)>.NotFound();
        var n = number ?? rows[0].PublishedVersion;
        var shown = rows.FirstOrDefault(r => r.Number == n);
        var version = shown is null ? null : await published.FindAsync(id, n, ct);
        if (shown is null || version is null) return Outcome<(VersionView, IReadOnlyList<VersionSummary>)>.NotFound();
        var credited = await CreditedAsync(id, n, ct);
        var view = new VersionView(id, n, version.Protocol, version.Text, version.ChangeSize, version.ChangeSummary, version.PublishedAt,
            shown.PublishedBy, shown.ApprovedBy, credited.Order().ToList());
        IReadOnlyList<VersionSummary> list = rows.Select(r => new VersionSummary(r.Number, r.ChangeSize, r.ChangeSummary, r.PublishedAt, r.PublishedBy)).ToList();
        return Outcome<(VersionView, IReadOnlyList<VersionSummary>)>.Ok((view, list));
    }

    /// <summary>The people whose suggestions went into this version, by name, in order.</summary>
    private async Task<List<string>> CreditedAsync(Guid id, int number, CancellationToken ct)
    {
        var names = new List<string>();
        await foreach (var name in CreditedPeople.For(db)(db, id, number).WithCancellation(ct)) names.Add(name);
        return names;
    }

    /// <summary>A version of the protocol as its reading page lists it, with the protocol's published version and archive.</summary>
    private sealed record ReadingRow(int Number, ChangeSize ChangeSize, string ChangeSummary, DateTime PublishedAt, string PublishedBy,
        string? ApprovedBy, int PublishedVersion, DateTime? ArchivedAt);

    // The reading page's two reads, compiled once per model: it is the most read of the signed-in pages.
    private static readonly PerModel<Func<PautaDbContext, Guid, IAsyncEnumerable<ReadingRow>>> ReadingRows = new(() =>
        EF.CompileAsyncQuery((PautaDbContext db, Guid id) =>
            from v in db.ProtocolVersions.AsNoTracking()
            where v.ProtocolId == id
            join p in db.Protocols.AsNoTracking() on v.ProtocolId equals p.Id
            from u in db.Users.AsNoTracking().Where(u => u.Id == v.PublishedByUserId).DefaultIfEmpty()
            from a in db.Users.AsNoTracking().Where(a => a.Id == v.ApprovedByUserId).DefaultIfEmpty()
            orderby v.Number descending
            select new ReadingRow(v.Number, v.ChangeSize, v.ChangeSummary, v.PublishedAt, u == null ? "" : u.DisplayName,
                a == null ? null : a.DisplayName, p.PublishedVersion, p.ArchivedAt)));

    private static readonly PerModel<Func<PautaDbContext, Guid, int, IAsyncEnumerable<string>>> CreditedPeople = new(() =>
        EF.CompileAsyncQuery((PautaDbContext db, Guid id, int number) =>
            db.ProtocolSuggestions.AsNoTracking()
                .Where(s => s.ProtocolId == id && s.PublishedInVersion == number)
                .Join(db.Users, s => s.SuggestedByUserId, u => u.Id, (s, u) => u.DisplayName)
                .Distinct()));

    internal static Protocol Parse(string text)
    {
        var result = ProtocolFile.Parse("protocol.md", text);
        // Stored texts were written by ProtocolFile.Write or checked on import, so they always parse.
        return result.Protocol ?? throw new InvalidOperationException(
            "A stored protocol text does not parse: " + string.Join("; ", result.Problems));
    }

    // ---------------------------------------------------------------- writing the draft

    public Task<Outcome<DraftView>> CreateAsync(Protocol protocol, CancellationToken ct) =>
        CreateFromTextAsync(ProtocolFile.Write(protocol), protocol, imported: false, ct);

    private async Task<Outcome<DraftView>> CreateFromTextAsync(string text, Protocol protocol, bool imported, CancellationToken ct)
    {
        if (!current.Can(Permission.AuthorProtocols)) return Outcome<DraftView>.Forbidden();
        var problems = CheckSizes(protocol, text).ToList();
        problems.AddRange(await media.UnknownImagesAsync(protocol, ct));
        if (problems.Count > 0) return Outcome<DraftView>.Invalid(problems);
        var title = protocol.Title.Trim();
        var decision = ProtocolLifecycle.Decide(new ProtocolStanding(title, DraftState.None, 0, false),
            new ProtocolCommand.Create(imported), await ActorAsync(ct));
        if (!decision.IsAccepted) return Refused<DraftView>(decision);
        var record = new ProtocolRecord
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Title = title,
            DepartmentName = protocol.Department.Trim(),
            DraftText = text,
            OwnerMemberId = current.MemberId,
            CreatedAt = Now,
        };
        Store(record, decision);
        db.Protocols.Add(record);
        await db.SaveChangesAsync(ct);
        return Outcome<DraftView>.Ok(await DraftViewOf(record, ct));
    }

    /// <summary>Saves the draft when nobody saved since <paramref name="version"/>; starts one from the latest version when there is none.</summary>
    public async Task<Outcome<DraftView>> SaveDraftAsync(Guid id, Protocol protocol, int version, CancellationToken ct)
    {
        if (!current.Can(Permission.AuthorProtocols)) return Outcome<DraftView>.Forbidden();
        var record = await db.Protocols.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (record is null) return Outcome<DraftView>.NotFound();
        if (record.Version != version) return Outcome<DraftView>.Conflict();
        var standing = StandingOf(record);
        var actor = await ActorAsync(ct);
        // Asked once without the audit detail, so a frozen or archived draft is refused before any work on its text.
        var allowed = ProtocolLifecycle.Decide(standing, new ProtocolCommand.SaveDraft([]), actor);
        if (!allowed.IsAccepted) return Refused<DraftView>(allowed);
        var text = ProtocolFile.Write(protocol);
        var problems = CheckSizes(protocol, text).ToList();
        problems.AddRange(await media.UnknownImagesAsync(protocol, ct));
        if (problems.Count > 0) return Outcome<DraftView>.Invalid(problems);

        var before = record.DraftText is { } old ? Parse(old) : await LatestPublishedAsync(record, ct);
        var changed = before is null ? [] : ProtocolDiff.ChangedSections(before, protocol);
        var decision = ProtocolLifecycle.Decide(standing, new ProtocolCommand.SaveDraft(changed), actor);
        record.DraftText = text;
        record.Title = protocol.Title.Trim();
        record.DepartmentName = protocol.Department.Trim();
        Store(record, decision);
        db.Entry(record).Property(p => p.Version).OriginalValue = version;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Outcome<DraftView>.Conflict(); }
        return Outcome<DraftView>.Ok(await DraftViewOf(record, ct));
    }

    /// <summary>Opens a working copy of the latest version (for an edit, or to attach an accepted suggestion).</summary>
    public async Task<Outcome<DraftView>> StartDraftAsync(Guid id, CancellationToken ct)
    {
        if (!current.Can(Permission.AuthorProtocols)) return Outcome<DraftView>.Forbidden();
        var record = await db.Protocols.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (record is null) return Outcome<DraftView>.NotFound();
        var decision = ProtocolLifecycle.Decide(StandingOf(record), new ProtocolCommand.StartDraft(), await ActorAsync(ct));
        if (!decision.IsAccepted) return Refused<DraftView>(decision);
        if (decision.Audit is not null)
        {
            var latest = await db.ProtocolVersions.AsNoTracking().SingleAsync(v => v.ProtocolId == id && v.Number == record.PublishedVersion, ct);
            // The draft is the protocol's own text: the steps and plans its shared sections put in the version are copied in again at publication.
            var version = Parse(latest.Text);
            var own = SharedSectionExpansion.Own(version);
            record.DraftText = ReferenceEquals(own, version) ? latest.Text : ProtocolFile.Write(own);
            Store(record, decision);
            await db.SaveChangesAsync(ct);
        }
        return Outcome<DraftView>.Ok(await DraftViewOf(record, ct));
    }

    private async Task<Protocol?> LatestPublishedAsync(ProtocolRecord record, CancellationToken ct)
    {
        if (record.PublishedVersion == 0) return null;
        return (await published.VersionAsync(record.Id, record.PublishedVersion, ct)).Protocol;
    }

    private static IEnumerable<Problem> CheckSizes(Protocol protocol, string text)
    {
        if (protocol.Title.Trim().Length > ProtocolLimits.MaxTitleLength)
            yield return new Problem("title", "Protocol.TitleTooLong", ProtocolLimits.MaxTitleLength);
        if (protocol.Department.Trim().Length > ProtocolLimits.MaxTitleLength)
            yield return new Problem("department", "Protocol.TitleTooLong", ProtocolLimits.MaxTitleLength);
        if (text.Length > ProtocolLimits.MaxTextLength)
            yield return new Problem("", "Protocol.TooLong", ProtocolLimits.MaxTextLength);
    }

    // ---------------------------------------------------------------- lifecycle

    /// <summary>Editing → in review. Lint errors block it: a reviewer should only see protocols that could be published.</summary>
    public Task<Outcome<DraftView>> SubmitAsync(Guid id, int version, CancellationToken ct) =>
        MoveAsync(id, version, draft => new ProtocolCommand.Submit(draft.Findings), ct);

    /// <summary>In review → approved, by a manager who neither started nor submitted the draft.</summary>
    public Task<Outcome<DraftView>> ApproveAsync(Guid id, int version, CancellationToken ct) =>
        MoveAsync(id, version, _ => new ProtocolCommand.Approve(), ct);

    /// <summary>In review or approved → editing again: the reviewer sends it back, or the author withdraws it. A reason is kept.</summary>
    public Task<Outcome<DraftView>> ReturnToEditingAsync(Guid id, int version, string? reason, CancellationToken ct) =>
        MoveAsync(id, version, _ => new ProtocolCommand.Return(reason), ct);

    /// <summary>
    /// Makes the draft version N+1 (<see cref="ProtocolLifecycle"/> decides whether it may). Accepted suggestions attached
    /// to the draft are credited to the new version. Of two managers publishing the same draft at once, the second gets a
    /// conflict: the version number is taken.
    /// </summary>
    public async Task<Outcome<VersionView>> PublishAsync(Guid id, PublishInput input, CancellationToken ct)
    {
        if (!current.Can(Permission.AuthorProtocols)) return Outcome<VersionView>.Forbidden();
        var record = await db.Protocols.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (record is null) return Outcome<VersionView>.NotFound();
        // A stale version first: the draft a late second publisher saw may have just been published by the first.
        if (record.Version != input.Version) return Outcome<VersionView>.Conflict();
        if (record.DraftText is null) return Outcome<VersionView>.NotFound();
        var draft = await DraftViewOf(record, ct);
        var decision = ProtocolLifecycle.Decide(StandingOf(record),
            new ProtocolCommand.Publish(input.ChangeSize, input.ChangeSummary, draft.Findings), ActorOf(draft.RequiresApproval));
        if (!decision.IsAccepted) return Refused<VersionView>(decision);

        var (number, size, summary) = decision.Publication!;
        var protocol = draft.Protocol;
        // A protocol that includes shared sections is published with their latest published versions copied in.
        var text = record.DraftText;
        var sections = await SharedSectionsByKeyAsync(id, ct);
        if (protocol.Kind == ProtocolKind.Protocol && protocol.SharedSections.Count > 0)
        {
            var expanded = SharedSectionExpansion.Expand(protocol, sections);
            if (!expanded.Succeeded) return Outcome<VersionView>.Invalid(expanded.Problems.Select(ProblemOf));
            protocol = expanded.Protocol;
            text = ProtocolFile.Write(protocol);
        }
        db.ProtocolVersions.Add(new ProtocolVersion
        {
            ProtocolId = id,
            Number = number,
            Title = protocol.Title.Trim(),
            DepartmentName = protocol.Department.Trim(),
            Text = text,
            ChangeSize = size,
            ChangeSummary = summary,
            AuthorUserId = record.DraftAuthorUserId,
            ApprovedByUserId = record.ApprovedByUserId,
            PublishedByUserId = current.UserId,
            PublishedAt = Now,
        });
        await foreach (var s in db.ProtocolSuggestions.Where(s => s.ProtocolId == id && s.Status == SuggestionStatus.Accepted
                           && s.PublishedInVersion == null).AsAsyncEnumerable().WithCancellation(ct))
            s.PublishedInVersion = number;

        var entry = await db.ProtocolSearchEntries.SingleOrDefaultAsync(e => e.ProtocolId == id, ct);
        if (entry is null) db.ProtocolSearchEntries.Add(entry = new ProtocolSearchEntry { ProtocolId = id });
        entry.VersionNumber = number;
        entry.Language = protocol.Language;
        entry.Title = protocol.Title.Trim();
        entry.Body = SearchText(protocol);

        record.Title = protocol.Title.Trim();
        record.DepartmentName = protocol.Department.Trim();
        record.DraftText = null;
        record.LastVerifiedAt = Now;
        record.ReviewDueAt = ProtocolLifecycle.NextReviewDue(Now, protocol.ReviewEveryDays);
        Store(record, decision);
        db.Entry(record).Property(p => p.Version).OriginalValue = input.Version;
        // Publishing a shared section re-publishes every protocol that includes it, in the same transaction: edited once.
        var republished = new List<(Guid Id, int Number)>();
        if (protocol.Kind == ProtocolKind.SharedSection)
        {
            var key = SharedSectionExpansion.KeyOf(protocol.Title);
            sections[key] = protocol;
            var outcome = await RepublishIncludersAsync(key, protocol.Title.Trim(), sections, republished, ct);
            if (outcome is not null) return outcome;
        }
        // Training follows the new version in the same transaction: the course moves with it, and a major version re-assigns.
        await trainingOnPublish.PublishingAsync(id, number, ct);
        foreach (var (includer, n) in republished) await trainingOnPublish.PublishingAsync(includer, n, ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateConcurrencyException) { return Outcome<VersionView>.Conflict(); }
            // Another manager published this draft between our read and our write: their version holds the number.
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e)) { return Outcome<VersionView>.Conflict(); }
            await trainingOnPublish.PublishedAsync(id, number, size, ct);
            foreach (var (includer, n) in republished) await trainingOnPublish.PublishedAsync(includer, n, ChangeSize.Minor, ct);
            await tx.CommitAsync(ct);
        }
        return await GetVersionAsync(id, number, ct);
    }

    /// <summary>The current published shared sections of the organisation (other than <paramref name="except"/>), by key.</summary>
    private async Task<Dictionary<string, Protocol>> SharedSectionsByKeyAsync(Guid except, CancellationToken ct)
    {
        var map = new Dictionary<string, Protocol>(StringComparer.Ordinal);
        foreach (var v in await published.CurrentSharedSectionsAsync(ct))
            if (v.ProtocolId != except) map.TryAdd(SharedSectionExpansion.KeyOf(v.Title), v.Protocol);
        return map;
    }

    /// <summary>
    /// Adds to the unit of work a minor version of every current, non-archived protocol that includes the shared section
    /// <paramref name="key"/>, with the section's new version copied in and a change summary naming it. Returns a refusal
    /// (naming the protocol) when the new section no longer fits one of them, so nothing is published half-way.
    /// </summary>
    private async Task<Outcome<VersionView>?> RepublishIncludersAsync(string key, string title, IReadOnlyDictionary<string, Protocol> sections,
        List<(Guid Id, int Number)> republished, CancellationToken ct)
    {
        foreach (var version in await published.CurrentAllAsync(ct))
        {
            if (!version.Protocol.SharedSections.Contains(key, StringComparer.Ordinal)) continue;
            var expanded = SharedSectionExpansion.Expand(version.Protocol, sections);
            if (!expanded.Succeeded)
                return Outcome<VersionView>.Invalid(expanded.Problems.Select(p => new Problem("", "Shared.IncluderRefused", version.Title, p.Key ?? p.Section)));
            var includer = await db.Protocols.SingleAsync(p => p.Id == version.ProtocolId, ct);
            var number = includer.PublishedVersion + 1;
            var summary = SharedSectionExpansion.RepublishSummary(version.Protocol.Language, title);
            db.ProtocolVersions.Add(new ProtocolVersion
            {
                ProtocolId = includer.Id,
                Number = number,
                Title = version.Title,
                DepartmentName = version.Protocol.Department.Trim(),
                Text = ProtocolFile.Write(expanded.Protocol),
                ChangeSize = ChangeSize.Minor,
                ChangeSummary = summary,
                PublishedByUserId = current.UserId,
                PublishedAt = Now,
            });
            includer.PublishedVersion = number;
            includer.UpdatedAt = Now;
            var entry = await db.ProtocolSearchEntries.SingleOrDefaultAsync(e => e.ProtocolId == includer.Id, ct);
            if (entry is not null)
            {
                entry.VersionNumber = number;
                entry.Body = SearchText(expanded.Protocol);
            }
            db.Audit(current.UserId, ProtocolAudit.Name(ProtocolAuditCode.Published), "Protocol", includer.Id, $"v{number} {ChangeSize.Minor}: {summary}");
            republished.Add((includer.Id, number));
        }
        return null;
    }

    private static Problem ProblemOf(ExpansionProblem p) => p.Code switch
    {
        ExpansionProblem.UnknownSection => new Problem("sharedSections", p.Code, p.Section),
        _ when p.TakenBy is null => new Problem("sharedSections", p.Code + "ByProtocol", p.Key!, p.Section),
        _ => new Problem("sharedSections", p.Code, p.Key!, p.Section, p.TakenBy),
    };

    public Task<Outcome<bool>> ArchiveAsync(Guid id, CancellationToken ct) => SetArchivedAsync(id, true, ct);

    public Task<Outcome<bool>> RestoreAsync(Guid id, CancellationToken ct) => SetArchivedAsync(id, false, ct);

    private async Task<Outcome<bool>> SetArchivedAsync(Guid id, bool archive, CancellationToken ct)
    {
        if (!current.Can(Permission.AuthorProtocols)) return Outcome<bool>.Forbidden();
        var record = await db.Protocols.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (record is null) return Outcome<bool>.NotFound();
        var decision = ProtocolLifecycle.Decide(StandingOf(record),
            archive ? new ProtocolCommand.Archive() : new ProtocolCommand.Restore(), await ActorAsync(ct));
        if (!decision.IsAccepted) return Refused<bool>(decision);
        if (decision.Audit is null) return Outcome<bool>.Ok(true);
        Store(record, decision);
        // Archived protocols leave the search index; restoring puts the latest version back.
        var entry = await db.ProtocolSearchEntries.SingleOrDefaultAsync(e => e.ProtocolId == id, ct);
        if (archive && entry is not null) db.ProtocolSearchEntries.Remove(entry);
        if (!archive && entry is null && record.PublishedVersion > 0 && await LatestPublishedAsync(record, ct) is { } latest)
            db.ProtocolSearchEntries.Add(new ProtocolSearchEntry
            {
                ProtocolId = id, VersionNumber = record.PublishedVersion, Language = latest.Language,
                Title = latest.Title.Trim(), Body = SearchText(latest),
            });
        await db.SaveChangesAsync(ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>The owner (or any manager) confirms the published protocol still matches reality; the next review moves on a cadence.</summary>
    public async Task<Outcome<DateTime?>> VerifyAsync(Guid id, CancellationToken ct)
    {
        if (!current.Can(Permission.AuthorProtocols)) return Outcome<DateTime?>.Forbidden();
        var record = await db.Protocols.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (record is null) return Outcome<DateTime?>.NotFound();
        var decision = ProtocolLifecycle.Decide(StandingOf(record), new ProtocolCommand.Verify(), await ActorAsync(ct));
        if (!decision.IsAccepted) return Refused<DateTime?>(decision);
        var latest = await LatestPublishedAsync(record, ct);
        record.LastVerifiedAt = Now;
        record.ReviewDueAt = ProtocolLifecycle.NextReviewDue(Now, latest?.ReviewEveryDays);
        Store(record, decision);
        await db.SaveChangesAsync(ct);
        return Outcome<DateTime?>.Ok(record.ReviewDueAt);
    }

    public sealed record DueReview(Guid Id, string Title, DateTime DueAt, bool IsMine);

    /// <summary>Published protocols whose review is due within <paramref name="within"/>, the ones the caller owns first.</summary>
    public async Task<IReadOnlyList<DueReview>> DueForReviewAsync(TimeSpan within, CancellationToken ct)
    {
        if (!current.Can(Permission.AuthorProtocols)) return [];
        var limit = Now + within;
        var rows = await db.Protocols.AsNoTracking()
            .Where(p => p.ArchivedAt == null && p.PublishedVersion > 0 && p.ReviewDueAt != null && p.ReviewDueAt <= limit)
            .Select(p => new { p.Id, p.Title, p.ReviewDueAt, p.OwnerMemberId }).ToListAsync(ct);
        return rows.Select(r => new DueReview(r.Id, r.Title, r.ReviewDueAt!.Value, r.OwnerMemberId == current.MemberId))
            .OrderByDescending(r => r.IsMine).ThenBy(r => r.DueAt).ToList();
    }

    /// <summary>Drafts in review that wait for the caller: theirs to approve, or to publish where no approval is asked.</summary>
    public async Task<IReadOnlyList<AwaitingApproval>> AwaitingMeAsync(CancellationToken ct)
    {
        if (!current.Can(Permission.AuthorProtocols)) return [];
        var rows = await db.Protocols.AsNoTracking().Where(p => p.DraftState == DraftState.InReview && p.ArchivedAt == null)
            .OrderBy(p => p.SubmittedAt).ToListAsync(ct);
        if (rows.Count == 0) return [];
        var actor = await ActorAsync(ct);
        var waiting = rows.Where(r => ProtocolLifecycle.WaitsFor(StandingOf(r), actor)).ToList();
        var names = await NamesAsync(waiting.Select(r => r.SubmittedByUserId), ct);
        return waiting.Select(r => new AwaitingApproval(r.Id, r.Title, r.DepartmentName,
            r.SubmittedByUserId is { } u ? names.GetValueOrDefault(u) : null, r.SubmittedAt)).ToList();
    }

    private async Task<Outcome<DraftView>> MoveAsync(Guid id, int version, Func<DraftView, ProtocolCommand> command, CancellationToken ct)
    {
        if (!current.Can(Permission.AuthorProtocols)) return Outcome<DraftView>.Forbidden();
        var record = await db.Protocols.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (record is null || record.DraftText is null) return Outcome<DraftView>.NotFound();
        if (record.Version != version) return Outcome<DraftView>.Conflict();
        var draft = await DraftViewOf(record, ct);
        var decision = ProtocolLifecycle.Decide(StandingOf(record), command(draft), ActorOf(draft.RequiresApproval));
        if (!decision.IsAccepted) return Refused<DraftView>(decision);
        Store(record, decision);
        db.Entry(record).Property(p => p.Version).OriginalValue = version;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Outcome<DraftView>.Conflict(); }
        return Outcome<DraftView>.Ok(await DraftViewOf(record, ct));
    }

    // ---------------------------------------------------------------- between the stored record and the lifecycle

    private async Task<LifecycleActor> ActorAsync(CancellationToken ct) =>
        ActorOf(await db.Organisations.AsNoTracking().Select(o => o.RequireProtocolApproval).SingleAsync(ct));

    private LifecycleActor ActorOf(bool approvalRequired) =>
        new(current.UserId, current.Can(Permission.AuthorProtocols), current.Can(Permission.ApproveProtocols), approvalRequired, Now);

    internal static ProtocolStanding StandingOf(ProtocolRecord r) =>
        new(r.Title, r.DraftState, r.PublishedVersion, r.ArchivedAt is not null, r.DraftBaseVersion,
            r.DraftAuthorUserId, r.SubmittedByUserId, r.SubmittedAt, r.ApprovedByUserId, r.ApprovedAt);

    /// <summary>Copies an accepted decision's standing onto the record and adds its audit entry to the same unit of work.</summary>
    private void Store(ProtocolRecord record, LifecycleDecision decision)
    {
        var s = decision.State;
        record.DraftState = s.Draft;
        record.PublishedVersion = s.PublishedVersion;
        record.DraftBaseVersion = s.BaseVersion;
        record.DraftAuthorUserId = s.AuthorUserId;
        record.SubmittedByUserId = s.SubmittedByUserId;
        record.SubmittedAt = s.SubmittedAt;
        record.ApprovedByUserId = s.ApprovedByUserId;
        record.ApprovedAt = s.ApprovedAt;
        if (s.Archived != record.ArchivedAt is not null) record.ArchivedAt = s.Archived ? Now : null;
        record.UpdatedAt = Now;
        if (decision.Audit is { } audit) db.Audit(current.UserId, audit.Action, "Protocol", record.Id, audit.Details);
    }

    private static Outcome<T> Refused<T>(LifecycleDecision decision) => decision.Refusal switch
    {
        LifecycleRefusal.Forbidden => Outcome<T>.Forbidden(),
        LifecycleRefusal.NotFound => Outcome<T>.NotFound(),
        LifecycleRefusal.Invalid => Outcome<T>.Invalid(decision.Problems),
        LifecycleRefusal.None => throw new InvalidOperationException("An accepted decision is not a refusal."),
    };

    // ---------------------------------------------------------------- suggestions

    public async Task<Outcome<SuggestionView>> SuggestAsync(Guid id, string? stepKey, string? text, CancellationToken ct)
    {
        if (!current.Can(Permission.SuggestProtocolChanges)) return Outcome<SuggestionView>.Forbidden();
        var version = await GetVersionAsync(id, null, ct);
        if (!version.Succeeded) return Outcome<SuggestionView>.NotFound();
        var body = text?.Trim() ?? "";
        if (body.Length == 0) return Outcome<SuggestionView>.Invalid("text", "Suggestion.TextRequired");
        if (body.Length > ProtocolLimits.MaxSuggestionLength)
            return Outcome<SuggestionView>.Invalid("text", "Suggestion.TextTooLong", ProtocolLimits.MaxSuggestionLength);
        var key = string.IsNullOrWhiteSpace(stepKey) ? null : stepKey.Trim();
        var protocol = version.Value!.Protocol;
        if (key is not null && !protocol.Steps.Concat(protocol.ContingencyPlans.SelectMany(p => p.Steps)).Any(s => s.Key == key))
            return Outcome<SuggestionView>.Invalid("stepKey", "Suggestion.UnknownStep", key);
        var s = new ProtocolSuggestion
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            ProtocolId = id,
            VersionNumber = version.Value.Number,
            StepKey = key,
            Text = body,
            SuggestedByUserId = current.UserId,
            CreatedAt = Now,
        };
        db.ProtocolSuggestions.Add(s);
        db.Audit(current.UserId, ProtocolAudit.Name(ProtocolAuditCode.SuggestionCreated), "Protocol", id, key is null ? body : $"{key}: {body}");
        await db.SaveChangesAsync(ct);
        return Outcome<SuggestionView>.Ok((await SuggestionViews(db.ProtocolSuggestions.Where(x => x.Id == s.Id)).SingleAsync(ct)));
    }

    /// <summary>Open suggestions of one protocol (managers), or of every protocol when <paramref name="protocolId"/> is null.</summary>
    public async Task<IReadOnlyList<SuggestionView>> ListSuggestionsAsync(Guid? protocolId, bool openOnly, CancellationToken ct)
    {
        if (!current.Can(Permission.AuthorProtocols)) return [];
        var query = db.ProtocolSuggestions.AsQueryable();
        if (protocolId is { } pid) query = query.Where(s => s.ProtocolId == pid);
        if (openOnly) query = query.Where(s => s.Status == SuggestionStatus.Open);
        return await SuggestionViews(query).ToListAsync(ct);
    }

    /// <summary>What the caller suggested and what became of it.</summary>
    public async Task<IReadOnlyList<SuggestionView>> MySuggestionsAsync(CancellationToken ct) =>
        await SuggestionViews(db.ProtocolSuggestions.Where(s => s.SuggestedByUserId == current.UserId)).ToListAsync(ct);

    /// <summary>Accepting attaches the suggestion to the protocol's draft (opening one if needed); it is credited when that draft is published.</summary>
    public async Task<Outcome<SuggestionView>> AcceptSuggestionAsync(Guid suggestionId, int version, CancellationToken ct)
    {
        var s = await db.ProtocolSuggestions.SingleOrDefaultAsync(x => x.Id == suggestionId, ct);
        if (s is null) return Outcome<SuggestionView>.NotFound();
        var draft = await StartDraftAsync(s.ProtocolId, ct);
        if (!draft.Succeeded) return new Outcome<SuggestionView>(null, draft.Failure, draft.Problems);
        return await DecideAsync(s, version, SuggestionStatus.Accepted, null, ct);
    }

    public async Task<Outcome<SuggestionView>> DeclineSuggestionAsync(Guid suggestionId, int version, string? reason, CancellationToken ct)
    {
        if (!current.Can(Permission.AuthorProtocols)) return Outcome<SuggestionView>.Forbidden();
        var s = await db.ProtocolSuggestions.SingleOrDefaultAsync(x => x.Id == suggestionId, ct);
        if (s is null) return Outcome<SuggestionView>.NotFound();
        var why = reason?.Trim() ?? "";
        if (why.Length == 0) return Outcome<SuggestionView>.Invalid("reason", "Suggestion.ReasonRequired");
        if (why.Length > ProtocolLimits.MaxSuggestionLength)
            return Outcome<SuggestionView>.Invalid("reason", "Suggestion.TextTooLong", ProtocolLimits.MaxSuggestionLength);
        return await DecideAsync(s, version, SuggestionStatus.Declined, why, ct);
    }

    private async Task<Outcome<SuggestionView>> DecideAsync(ProtocolSuggestion s, int version, SuggestionStatus status, string? reason, CancellationToken ct)
    {
        if (s.Version != version) return Outcome<SuggestionView>.Conflict();
        if (s.Status != SuggestionStatus.Open) return Outcome<SuggestionView>.Invalid("", "Suggestion.AlreadyDecided");
        s.Status = status;
        s.DecidedByUserId = current.UserId;
        s.DecidedAt = Now;
        s.DecisionReason = reason;
        db.Entry(s).Property(x => x.Version).OriginalValue = version;
        db.Audit(current.UserId, ProtocolAudit.Name(status == SuggestionStatus.Accepted ? ProtocolAuditCode.SuggestionAccepted : ProtocolAuditCode.SuggestionDeclined), "Protocol", s.ProtocolId,
            reason is null ? s.Id.ToString() : $"{s.Id}: {reason}");
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Outcome<SuggestionView>.Conflict(); }
        return Outcome<SuggestionView>.Ok(await SuggestionViews(db.ProtocolSuggestions.Where(x => x.Id == s.Id)).SingleAsync(ct));
    }

    private IQueryable<SuggestionView> SuggestionViews(IQueryable<ProtocolSuggestion> query) =>
        query.AsNoTracking().OrderByDescending(s => s.CreatedAt)
            .Select(s => new SuggestionView(s.Id, s.ProtocolId,
                db.Protocols.Where(p => p.Id == s.ProtocolId).Select(p => p.Title).First(),
                s.VersionNumber, s.StepKey, s.Text,
                db.Users.Where(u => u.Id == s.SuggestedByUserId).Select(u => u.DisplayName).First(),
                s.CreatedAt, s.Status,
                db.Users.Where(u => u.Id == s.DecidedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
                s.DecidedAt, s.DecisionReason, s.PublishedInVersion, s.Version));

    // ---------------------------------------------------------------- files

    public sealed record ImportResult(Guid Id, string Title, bool Created);

    /// <summary>
    /// Imports one protocol file: a protocol with the same title gets its draft replaced (opening one if needed),
    /// otherwise a new draft is created. A file with any problem imports nothing and reports every problem.
    /// </summary>
    public async Task<Outcome<ImportResult>> ImportAsync(string fileName, string text, CancellationToken ct)
    {
        if (!current.Can(Permission.AuthorProtocols)) return Outcome<ImportResult>.Forbidden();
        var parsed = ProtocolFile.Parse(fileName, text);
        if (parsed.Protocol is not { } protocol)
            return Outcome<ImportResult>.Invalid(parsed.Problems.Select(p =>
                new Problem("file", "Import.Problem", p.File, p.Line, p.Column, p.Message)));
        var title = protocol.Title.Trim();
        var existing = await db.Protocols.AsNoTracking().Where(p => p.Title == title).Select(p => new { p.Id, p.Version }).FirstOrDefaultAsync(ct);
        if (existing is null)
        {
            var created = await CreateFromTextAsync(ProtocolFile.Write(protocol), protocol, imported: true, ct);
            return created.Succeeded
                ? Outcome<ImportResult>.Ok(new ImportResult(created.Value!.Id, title, true))
                : new Outcome<ImportResult>(null, created.Failure, created.Problems);
        }
        var saved = await SaveDraftAsync(existing.Id, protocol, existing.Version, ct);
        return saved.Succeeded
            ? Outcome<ImportResult>.Ok(new ImportResult(existing.Id, title, false))
            : new Outcome<ImportResult>(null, saved.Failure, saved.Problems);
    }

    public sealed record ExportedFile(string FileName, string Text);

    /// <summary>The protocol as a file: a published version (latest when null), or the draft when <paramref name="draft"/>.</summary>
    public async Task<Outcome<ExportedFile>> ExportAsync(Guid id, int? number, bool draft, CancellationToken ct)
    {
        if (draft)
        {
            var d = await GetDraftAsync(id, ct);
            return d.Succeeded ? Outcome<ExportedFile>.Ok(new ExportedFile(FileNameFor(d.Value!.Protocol.Title), d.Value.Text))
                : new Outcome<ExportedFile>(null, d.Failure, d.Problems);
        }
        var v = await GetVersionAsync(id, number, ct);
        return v.Succeeded ? Outcome<ExportedFile>.Ok(new ExportedFile(FileNameFor(v.Value!.Protocol.Title), v.Value.Text))
            : new Outcome<ExportedFile>(null, v.Failure, v.Problems);
    }

    /// <summary>A file name from a title: lower case, accents and punctuation folded, so it travels through any zip or shell.</summary>
    public static string FileNameFor(string title)
    {
        var b = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormD))
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c)) b.Append(char.ToLowerInvariant(c));
            else if (b.Length > 0 && b[^1] != '-') b.Append('-');
        }
        var slug = b.ToString().Trim('-');
        if (slug.Length > 80) slug = slug[..80].Trim('-');
        return (slug.Length == 0 ? "protocol" : slug) + ".md";
    }

    // ---------------------------------------------------------------- helpers

    private async Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<Guid>().Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    /// <summary>Everything a person may search for, as plain text in reading order.</summary>
    public static string SearchText(Protocol p)
    {
        var b = new StringBuilder();
        void Line(string? s) { if (!string.IsNullOrWhiteSpace(s)) b.Append(s.Trim()).Append('\n'); }
        Line(p.Purpose);
        Line(p.Scope);
        foreach (var t in p.Terms) Line($"{t.Name}: {t.Definition}");
        foreach (var r in p.Responsibilities) Line($"{r.Position}: {r.Duties}");
        void Steps(IEnumerable<Step> steps)
        {
            foreach (var s in steps)
            {
                Line(s.Title);
                Line(s.Instruction);
                foreach (var c in s.Checklist) Line(c);
                foreach (var sc in s.Scripts) Line(sc.Text);
                Line(s.Question);
                foreach (var a in s.Answers) Line(a.Label);
                Line(s.GoodExample);
                Line(s.BadExample);
            }
        }
        Steps(p.Steps);
        foreach (var plan in p.ContingencyPlans)
        {
            Line(plan.Name);
            Line(plan.Trigger);
            Steps(plan.Steps);
        }
        foreach (var e in p.EscalationRules) Line(e.Detail);
        return b.ToString();
    }
}
