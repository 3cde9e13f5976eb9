using System.Globalization;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.ContactHistory;

/// <summary>
/// The filters of the contact history exactly as they arrive in a query string, so a bad value becomes a clear
/// problem on its field instead of a binding error. Dates are days (yyyy-MM-dd) in the organisation's time zone,
/// both inclusive; <see cref="Status"/> is Open or Closed; the flags are true or false.
/// </summary>
public sealed record ContactHistoryQuery(string? From = null, string? To = null, string? Channel = null, string? AgentId = null,
    string? ProtocolId = null, string? Version = null, string? Outcome = null, string? Breached = null, string? Escalated = null,
    string? Status = null, string? Page = null);

public sealed record ContactHistoryRow(Guid Id, DateTime StartedAt, DateTime? ClosedAt, Channels Channel, Guid AgentUserId, string Agent,
    Guid ProtocolId, string Protocol, int ProtocolVersion, ContactStatus Status, ContactOutcome? Outcome, bool Breached, bool Escalated,
    string Reason, Guid? CustomerId, string? Customer);

/// <summary>One page of the history, newest first; <paramref name="Total"/> counts every contact the filters match.</summary>
public sealed record ContactHistoryPage(IReadOnlyList<ContactHistoryRow> Items, int Page, int PageSize, int Total)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record AgentOption(Guid UserId, string Name);

public sealed record ProtocolOption(Guid Id, string Title);

/// <summary>
/// The contact history: every contact of the organisation for those who may see all (<see cref="Permission.ViewAllContacts"/>),
/// otherwise the ones the person started or handles now. Reads the projection columns of <see cref="Contact"/> only.
/// </summary>
public sealed class ContactHistoryService(PautaDbContext db, CurrentMember current)
{
    public const int PageSize = 50;
    public const int MaxPage = 10_000;

    private sealed record Filters(DateTime? FromUtc, DateTime? ToUtc, Channels? Channel, Guid? AgentId, Guid? ProtocolId, int? Version,
        ContactOutcome? Outcome, bool? Breached, bool? Escalated, ContactStatus? Status, int Page);

    public bool SeesAll => current.Can(Permission.ViewAllContacts);

    public async Task<Outcome<ContactHistoryPage>> SearchAsync(ContactHistoryQuery query, CancellationToken ct)
    {
        var problems = new List<Problem>();
        var f = Parse(query, current.TimeZone, problems);
        if (problems.Count > 0) return Outcome<ContactHistoryPage>.Invalid(problems);

        var contacts = db.Contacts.AsNoTracking();
        if (!SeesAll) contacts = contacts.Where(c => c.AgentUserId == current.UserId || c.HandlerUserId == current.UserId);
        if (f.FromUtc is { } from) contacts = contacts.Where(c => c.StartedAt >= from);
        if (f.ToUtc is { } to) contacts = contacts.Where(c => c.StartedAt < to);
        if (f.Channel is { } channel) contacts = contacts.Where(c => c.Channel == channel);
        if (f.AgentId is { } agent) contacts = contacts.Where(c => c.AgentUserId == agent);
        if (f.ProtocolId is { } protocol) contacts = contacts.Where(c => c.ProtocolId == protocol);
        if (f.Version is { } version) contacts = contacts.Where(c => c.ProtocolVersion == version);
        if (f.Outcome is { } outcome) contacts = contacts.Where(c => c.Outcome == outcome);
        if (f.Breached is { } breached) contacts = contacts.Where(c => c.Breached == breached);
        if (f.Escalated is { } escalated) contacts = contacts.Where(c => c.Escalated == escalated);
        if (f.Status is { } status) contacts = contacts.Where(c => c.Status == status);

        var total = await contacts.CountAsync(ct);
        var items = await contacts
            .OrderByDescending(c => c.StartedAt).ThenByDescending(c => c.Id)
            .Skip((f.Page - 1) * PageSize).Take(PageSize)
            .Select(c => new ContactHistoryRow(c.Id, c.StartedAt, c.ClosedAt, c.Channel, c.AgentUserId,
                db.Users.Where(u => u.Id == c.AgentUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                c.ProtocolId,
                db.ProtocolVersions.Where(v => v.ProtocolId == c.ProtocolId && v.Number == c.ProtocolVersion).Select(v => v.Title).FirstOrDefault() ?? "",
                c.ProtocolVersion, c.Status, c.Outcome, c.Breached, c.Escalated, c.Reason, c.CustomerId,
                db.Customers.Where(k => k.Id == c.CustomerId).Select(k => k.Name).FirstOrDefault()))
            .ToListAsync(ct);
        return Outcome<ContactHistoryPage>.Ok(new ContactHistoryPage(items, f.Page, PageSize, total));
    }

    /// <summary>The people of the organisation, for the agent filter of those who see every contact.</summary>
    public async Task<IReadOnlyList<AgentOption>> AgentsAsync(CancellationToken ct) =>
        await db.Members.AsNoTracking().OrderBy(m => m.User.DisplayName)
            .Select(m => new AgentOption(m.UserId, m.User.DisplayName)).ToListAsync(ct);

    public async Task<IReadOnlyList<ProtocolOption>> ProtocolsAsync(CancellationToken ct) =>
        await db.Protocols.AsNoTracking().Where(p => p.PublishedVersion > 0).OrderBy(p => p.Title)
            .Select(p => new ProtocolOption(p.Id, p.Title)).ToListAsync(ct);

    private static Filters Parse(ContactHistoryQuery q, TimeZoneInfo zone, List<Problem> problems)
    {
        var fromDay = Day(q.From, nameof(q.From), problems);
        var toDay = Day(q.To, nameof(q.To), problems);
        if (fromDay is { } a && toDay is { } b && b < a) problems.Add(new Problem(nameof(q.To), "History.ToBeforeFrom"));

        var version = Number(q.Version, nameof(q.Version), 1, int.MaxValue, problems);
        var protocolId = Id(q.ProtocolId, nameof(q.ProtocolId), problems);
        if (version is not null && protocolId is null && string.IsNullOrWhiteSpace(q.ProtocolId))
            problems.Add(new Problem(nameof(q.Version), "History.VersionNeedsProtocol"));
        var page = Number(q.Page, nameof(q.Page), 1, MaxPage, problems) ?? 1;

        return new Filters(
            fromDay is { } from ? StartOfDayUtc(from, zone) : null,
            toDay is { } to ? StartOfDayUtc(to.AddDays(1), zone) : null,
            Named(q.Channel, nameof(q.Channel), ChannelList.Each, problems),
            Id(q.AgentId, nameof(q.AgentId), problems),
            protocolId, version,
            Named(q.Outcome, nameof(q.Outcome), Enum.GetValues<ContactOutcome>(), problems),
            Flag(q.Breached, nameof(q.Breached), problems),
            Flag(q.Escalated, nameof(q.Escalated), problems),
            Named(q.Status, nameof(q.Status), Enum.GetValues<ContactStatus>(), problems),
            page);
    }

    private static DateOnly? Day(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        problems.Add(new Problem(field, "History.BadDate", text));
        return null;
    }

    /// <summary>The UTC instant the day starts in the zone; a midnight skipped by a clock change starts an hour later.</summary>
    private static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    private static int? Number(string? text, string field, int min, int max, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        problems.Add(new Problem(field, "History.BadNumber", text, min, max));
        return null;
    }

    private static Guid? Id(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (Guid.TryParse(text.Trim(), out var id)) return id;
        problems.Add(new Problem(field, "History.BadId", text));
        return null;
    }

    private static T? Named<T>(string? text, string field, IEnumerable<T> allowed, List<Problem> problems) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        foreach (var value in allowed)
            if (string.Equals(value.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase)) return value;
        problems.Add(new Problem(field, "History.BadChoice", text, string.Join(", ", allowed)));
        return null;
    }

    private static bool? Flag(string? text, string field, List<Problem> problems)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "": return null;
            case "true" or "on" or "1": return true;
            case "false" or "0": return false;
            default:
                problems.Add(new Problem(field, "History.BadFlag", text));
                return null;
        }
    }
}
