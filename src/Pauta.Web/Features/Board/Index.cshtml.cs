using Microsoft.Extensions.Caching.Memory;
using Pauta.Core.Contacts;
using Pauta.Core.ServiceLevels;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Board;

public sealed record BoardRow(Guid Id, Channels Channel, string Agent, string Handler, bool TakenOver, string Protocol, int Version,
    DateTime StartedAt, DateTime? FirstResponseDueAt, DateTime? ResolutionDueAt, bool Escalated, bool Breached, string Reason)
{
    /// <summary>Where the contact stands in its protocol, from its replayed state.</summary>
    public Pauta.Core.Protocols.Stage? Stage { get; init; }

    /// <summary>The step the agent is on, or null when the steps are done.</summary>
    public string? Step { get; init; }

    public string? Plan { get; init; }

    public bool AwaitingSupervisor { get; init; }

    public bool WaitingOnCustomer { get; init; }

    /// <summary>The running clocks as they show now (null when met, breached, paused or absent).</summary>
    public ClockFace? FirstResponse { get; init; }

    public ClockFace? Resolution { get; init; }

    /// <summary>The clock the row shows: breached first, then at risk, then the one running out first (see <see cref="Contacts.RunView.MostUrgent"/>).</summary>
    public ContactClock? UrgentClock { get; init; }

    public ServiceClockState? Urgent { get; init; }

    /// <summary>The urgent clock's face when it is running (a countdown, or days left and the due date for a term in days).</summary>
    public ClockFace? UrgentFace { get; init; }

    /// <summary>A clock's warning was reached and it still runs: highlighted apart from a breach.</summary>
    public bool AtRisk { get; init; }

    /// <summary>The major version its handler has not been trained on, when the training gate is on for the protocol.</summary>
    public int? NotTrainedOn { get; init; }
}

/// <summary>
/// The supervisor's live board: every open contact of the organisation with its time against target and escalations.
/// The page renders the rows; /js/board.js listens on <see cref="BoardHub"/> and asks htmx to fetch the rows again.
/// </summary>
[Authorize(Policy = nameof(Permission.ViewBoard))]
public sealed class IndexModel(PautaDbContext db, Pauta.Web.Features.Contacts.ContactRunService runs, TimeProvider time,
    CurrentMember current, IMemoryCache cache, Training.TrainingGateService gate) : PageModel
{
    /// <summary>The value of <see cref="Site"/> that asks for every site.</summary>
    public const string AllSites = "all";

    public IReadOnlyList<BoardRow> Rows { get; private set; } = [];
    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// The site whose contacts the board shows (<c>?site=</c> an id, or <see cref="AllSites"/>). Without one: the
    /// supervisor's own site when they have one; every site for owners and admins and for people without a site. A site's
    /// board also shows the contacts placed at no site.
    /// </summary>
    [BindProperty(SupportsGet = true)] public string? Site { get; set; }

    /// <summary>The organisation's sites (not archived), for the filter; empty when it has none and the filter is not shown.</summary>
    public IReadOnlyList<(Guid Id, string Name)> Sites { get; private set; } = [];

    /// <summary>The site filtered on, or null for every site.</summary>
    public Guid? SiteId { get; private set; }

    /// <summary>The query string the live refresh repeats, so the rows keep the filter.</summary>
    public string SiteQuery => SiteId is { } id ? $"&site={id}" : $"&site={AllSites}";

    public async Task OnGetAsync(CancellationToken ct) => Rows = await LoadAsync(ct);

    /// <summary>Just the table, for the live refresh.</summary>
    public async Task<IActionResult> OnGetRowsAsync(CancellationToken ct)
    {
        Rows = await LoadAsync(ct);
        return Partial("_Rows", this);
    }

    private async Task ChooseSiteAsync(CancellationToken ct)
    {
        Sites = (await db.Sites.AsNoTracking().Where(s => !s.IsArchived).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .Select(s => (s.Id, s.Name)).ToList();
        if (Site == AllSites) SiteId = null;
        else if (Guid.TryParse(Site, out var chosen)) SiteId = chosen;
        else if (current.Role is Role.Owner or Role.Admin) SiteId = null;
        else SiteId = await db.Members.AsNoTracking().Where(m => m.Id == current.MemberId).Select(m => m.SiteId).SingleOrDefaultAsync(ct);
    }

    private async Task<IReadOnlyList<BoardRow>> LoadAsync(CancellationToken ct)
    {
        await ChooseSiteAsync(ct);
        var siteId = SiteId;
        var contacts = await db.Contacts.AsNoTracking()
            .Where(c => c.Status == ContactStatus.Open)
            // A contact placed at no site (started through the API without one, or before the organisation had sites)
            // belongs to the organisation as a whole, so every site's board shows it rather than none.
            .Where(c => siteId == null || c.SiteId == siteId || c.SiteId == null)
            .OrderByDescending(c => c.Breached).ThenByDescending(c => c.Escalated).ThenBy(c => c.StartedAt)
            .Take(500)
            .ToListAsync(ct);
        var people = contacts.SelectMany(c => new[] { c.AgentUserId, c.HandlerUserId }).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var states = await runs.StatesAsync(contacts, ct);
        var calendars = await OrganisationCalendar.SetAsync(db, cache, current.OrganisationId, ct);
        var now = time.GetUtcNow();
        var notTrained = await gate.NotTrainedAsync(contacts.Select(c => (c.HandlerUserId, c.ProtocolId)).Distinct().ToList(), ct);
        return contacts.Select(c =>
        {
            var s = states[c.Id];
            var contactCalendars = calendars.For(c.SiteId);
            var clocks = ContactClocks.At(s, contactCalendars, s.LastEventAt is { } last && last > now ? last : now);
            var urgent = Pauta.Web.Features.Contacts.RunView.MostUrgent(clocks);
            return new BoardRow(c.Id, c.Channel, names.GetValueOrDefault(c.AgentUserId, ""), names.GetValueOrDefault(c.HandlerUserId, ""),
                c.HandlerUserId != c.AgentUserId, s.Protocol.Title, c.ProtocolVersion, c.StartedAt, c.FirstResponseDueAt, c.ResolutionDueAt,
                c.Escalated, c.Breached, c.Reason)
            {
                Stage = s.Stage,
                Step = s.CurrentStep?.Title,
                Plan = s.CurrentPlanKey is { } plan ? s.Protocol.ContingencyPlans.FirstOrDefault(p => p.Key == plan)?.Name : null,
                AwaitingSupervisor = s.AwaitingSupervisor,
                WaitingOnCustomer = s.IsWaitingOnCustomer,
                FirstResponse = clocks.FirstResponse is { } f ? ClockFace.Of(f, contactCalendars.For(f.Calendar)) : null,
                Resolution = clocks.Resolution is { } r ? ClockFace.Of(r, contactCalendars.For(r.Calendar)) : null,
                NotTrainedOn = notTrained.TryGetValue((c.HandlerUserId, c.ProtocolId), out var v) ? v : null,
                UrgentClock = urgent?.Clock,
                Urgent = urgent?.State,
                UrgentFace = urgent is { State: var u } ? ClockFace.Of(u, contactCalendars.For(u.Calendar)) : null,
                AtRisk = clocks.All.Values.Any(Pauta.Web.Features.Contacts.RunView.AtRisk),
            };
        }).ToList();
    }

    /// <summary>"4 min 05 s" left, or how long ago it ran out, for a due instant.</summary>
    public static string Remaining(DateTime due, DateTime now, IStringLocalizer l)
    {
        var left = due - now;
        var span = left.Duration();
        var text = Pauta.Web.Features.Contacts.RunView.Duration(span, l);
        return left >= TimeSpan.Zero ? l["Board.Left", text].Value : l["Board.Over", text].Value;
    }
}
