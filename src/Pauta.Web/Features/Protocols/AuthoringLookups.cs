using Pauta.Core.Protocols;

namespace Pauta.Web.Features.Protocols;

/// <summary>Where a protocol stands, with names instead of ids: the editor's header and lifecycle panel.</summary>
public sealed record ProtocolHeader(Guid Id, string Title, string Department, DraftState DraftState, int PublishedVersion, int? BaseVersion,
    bool Archived, int Version, Guid? AuthorUserId, string? Author, Guid? SubmittedByUserId, string? SubmittedBy, DateTime? SubmittedAt,
    string? ApprovedBy, DateTime? ApprovedAt, DateTime? ReviewDueAt)
{
    public bool HasDraft => DraftState != DraftState.None;

    public ProtocolStatus Status => ProtocolLifecycle.StatusOf(Archived, DraftState, PublishedVersion);

    /// <summary>The same standing the lifecycle decides on, for the questions the editor asks it (may I approve this?).</summary>
    public ProtocolStanding Standing => new(Title, DraftState, PublishedVersion, Archived, BaseVersion, AuthorUserId, SubmittedByUserId);
}

/// <summary>What the editor's choices offer: the organisation's departments, positions and roles.</summary>
public sealed record EditorChoices(IReadOnlyList<string> Departments, IReadOnlyList<string> Positions, IReadOnlyList<Role> Roles);

/// <summary>
/// What the editor's issue-12 choices offer: the organisation's named calendars (key, name) for targets, the titles of
/// its published protocols for step hand-offs, its published shared sections (key, title) to include, and its currency
/// (the default of escalation amounts).
/// </summary>
public sealed record EditorReferences(IReadOnlyList<(string Key, string Name)> Calendars, IReadOnlyList<string> Protocols,
    IReadOnlyList<(string Key, string Title)> SharedSections, string Currency)
{
    public static EditorReferences None { get; } = new([], [], [], "EUR");
}

/// <summary>
/// Read-only look-ups the authoring pages need beside the lifecycle (which is <see cref="ProtocolsService"/>'s):
/// a protocol's state whether or not it has a draft, who moved it, and the names the editor offers.
/// </summary>
public sealed class AuthoringLookups(PautaDbContext db, CurrentMember current, PublishedProtocols published)
{
    public async Task<EditorReferences> ReferencesAsync(Guid self, CancellationToken ct)
    {
        var calendars = await db.ServiceCalendars.AsNoTracking().Where(c => c.Kind == Pauta.Data.Entities.CalendarKind.Named)
            .Select(c => new { c.Key, c.Name }).ToListAsync(ct);
        var currency = await db.Organisations.AsNoTracking().Where(o => o.Id == current.OrganisationId).Select(o => o.Currency).SingleOrDefaultAsync(ct);
        var protocols = await published.CurrentAllAsync(ct);
        var shared = await published.CurrentSharedSectionsAsync(ct);
        return new EditorReferences(
            calendars.OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).Select(c => (c.Key, c.Name)).ToList(),
            protocols.Where(p => p.ProtocolId != self).Select(p => p.Title).ToList(),
            shared.Where(p => p.ProtocolId != self).Select(p => (SharedSectionExpansion.KeyOf(p.Title), p.Title)).ToList(),
            string.IsNullOrEmpty(currency) ? "EUR" : currency);
    }

    public async Task<ProtocolHeader?> HeaderAsync(Guid id, CancellationToken ct)
    {
        if (!current.Can(Permission.AuthorProtocols)) return null;
        var p = await db.Protocols.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new
            {
                x.Id, x.Title, x.DepartmentName, x.DraftState, x.PublishedVersion, x.DraftBaseVersion, x.ArchivedAt, x.Version,
                x.DraftAuthorUserId, x.SubmittedByUserId, x.SubmittedAt, x.ApprovedByUserId, x.ApprovedAt, x.ReviewDueAt,
            })
            .SingleOrDefaultAsync(ct);
        if (p is null) return null;
        var ids = new[] { p.DraftAuthorUserId, p.SubmittedByUserId, p.ApprovedByUserId }.OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        string? Name(Guid? user) => user is { } u ? names.GetValueOrDefault(u) : null;
        return new ProtocolHeader(p.Id, p.Title, p.DepartmentName, p.DraftState, p.PublishedVersion, p.DraftBaseVersion, p.ArchivedAt is not null,
            p.Version, p.DraftAuthorUserId, Name(p.DraftAuthorUserId), p.SubmittedByUserId, Name(p.SubmittedByUserId), p.SubmittedAt,
            Name(p.ApprovedByUserId), p.ApprovedAt, p.ReviewDueAt);
    }

    public async Task<EditorChoices> ChoicesAsync(CancellationToken ct)
    {
        var departments = await db.Departments.AsNoTracking().Select(d => d.Name).ToListAsync(ct);
        var positions = await db.Positions.AsNoTracking().Select(p => p.Title).ToListAsync(ct);
        return new EditorChoices(
            departments.Order(StringComparer.CurrentCultureIgnoreCase).ToList(),
            positions.Order(StringComparer.CurrentCultureIgnoreCase).ToList(),
            Enum.GetValues<Role>());
    }
}
