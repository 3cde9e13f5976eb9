using Pauta.Data.Entities;

namespace Pauta.Web.Features.Board;

public sealed record BoardRow(Guid Id, Channels Channel, string Agent, string Handler, bool TakenOver, string Protocol, int Version,
    DateTime StartedAt, DateTime? FirstResponseDueAt, DateTime? ResolutionDueAt, bool Escalated, bool Breached, string Reason);

/// <summary>
/// The supervisor's live board: every open contact of the organisation with its time against target and escalations.
/// The page renders the rows; /js/board.js listens on <see cref="BoardHub"/> and asks htmx to fetch the rows again.
/// </summary>
[Authorize(Policy = nameof(Permission.ViewBoard))]
public sealed class IndexModel(PautaDbContext db, TimeProvider time) : PageModel
{
    public IReadOnlyList<BoardRow> Rows { get; private set; } = [];
    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public async Task OnGetAsync(CancellationToken ct) => Rows = await LoadAsync(ct);

    /// <summary>Just the table, for the live refresh.</summary>
    public async Task<IActionResult> OnGetRowsAsync(CancellationToken ct)
    {
        Rows = await LoadAsync(ct);
        return Partial("_Rows", this);
    }

    private async Task<IReadOnlyList<BoardRow>> LoadAsync(CancellationToken ct) =>
        await db.Contacts.AsNoTracking()
            .Where(c => c.Status == ContactStatus.Open)
            .OrderByDescending(c => c.Breached).ThenByDescending(c => c.Escalated).ThenBy(c => c.StartedAt)
            .Select(c => new BoardRow(c.Id, c.Channel,
                db.Users.Where(u => u.Id == c.AgentUserId).Select(u => u.DisplayName).First(),
                db.Users.Where(u => u.Id == c.HandlerUserId).Select(u => u.DisplayName).First(),
                c.HandlerUserId != c.AgentUserId,
                db.ProtocolVersions.Where(v => v.ProtocolId == c.ProtocolId && v.Number == c.ProtocolVersion).Select(v => v.Title).First(),
                c.ProtocolVersion, c.StartedAt, c.FirstResponseDueAt, c.ResolutionDueAt, c.Escalated, c.Breached, c.Reason))
            .Take(500)
            .ToListAsync(ct);

    /// <summary>"4 min" left, or how long ago it ran out, for a due instant.</summary>
    public static string Remaining(DateTime due, DateTime now, IStringLocalizer l)
    {
        var left = due - now;
        var span = left.Duration();
        var text = span.TotalMinutes < 1 ? l["Board.Seconds", (int)span.TotalSeconds].Value
            : span.TotalHours < 1 ? l["Board.Minutes", (int)span.TotalMinutes].Value
            : span.TotalDays < 1 ? l["Board.Hours", (int)span.TotalHours, span.Minutes].Value
            : l["Board.Days", (int)span.TotalDays].Value;
        return left >= TimeSpan.Zero ? l["Board.Left", text].Value : l["Board.Over", text].Value;
    }
}
