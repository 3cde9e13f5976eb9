using Pauta.Core.Protocols;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.History;
using Pauta.Core.Organisations;
using Pauta.Core.ServiceLevels;
using Pauta.Data.Entities;
using Pauta.Data.Protocols;

namespace Pauta.Data.History;

/// <summary>What a history is generated from: an organisation's calendar, people, published protocols and note template.</summary>
public sealed record HistorySetup(
    Guid OrganisationId, string Language, BusinessCalendar Calendar, IReadOnlyList<HistoryPerson> People,
    IReadOnlyList<HistoryProtocol> Protocols, IReadOnlyList<string> NoteFields);

/// <summary>Reads an organisation's setup for the history generator; <paramref name="db"/> must be filtered to that organisation.</summary>
public static class HistorySource
{
    public static async Task<HistorySetup> LoadAsync(PautaDbContext db, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().SingleAsync(ct);
        var calendar = await OrganisationCalendars.ForClocksAsync(db, ct);
        var members = await db.Members.AsNoTracking().Select(m => new { m.UserId, m.Role, m.DepartmentId, m.User.Email }).ToListAsync(ct);
        // People and protocols in a stable order (e-mail, title) and agents' skills from their e-mail: the same seed gives the
        // same history in two databases of the same organisation, whatever ids they were given.
        var people = members.OrderBy(m => m.Email, StringComparer.Ordinal)
            .Select(m => new HistoryPerson(m.UserId, m.Role, m.DepartmentId, Skill(m.Email ?? ""))).ToList();
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Name, d => d.Id, ct);

        var live = await db.Protocols.AsNoTracking().Where(p => p.PublishedVersion > 0 && p.ArchivedAt == null)
            .Select(p => new { p.Id, p.Title, p.DepartmentName }).ToListAsync(ct);
        var ids = live.Select(p => p.Id).ToList();
        var versions = (await db.ProtocolVersions.AsNoTracking().Where(v => ids.Contains(v.ProtocolId))
                .Select(v => new { v.ProtocolId, v.Number, v.Text, v.PublishedAt }).ToListAsync(ct))
            .ToLookup(v => v.ProtocolId);
        var protocols = live.OrderBy(p => p.Title, StringComparer.Ordinal).ThenBy(p => p.Id).Select(p => new HistoryProtocol(
            p.Id,
            versions[p.Id].OrderBy(v => v.Number)
                .Select(v => new HistoryVersion(v.Number, ProtocolFile.Parse("protocol.md", v.Text).Protocol
                    ?? throw new InvalidOperationException($"Published version {v.Number} of {p.Title} does not parse."),
                    new DateTimeOffset(DateTime.SpecifyKind(v.PublishedAt, DateTimeKind.Utc))))
                .ToList(),
            Weight: 1,
            Reasons: HistoryReasons.For(p.Title),
            DepartmentId: departments.TryGetValue(p.DepartmentName, out var d) ? d : null)).ToList();

        return new HistorySetup(organisation.Id, organisation.Language, calendar, people, protocols,
            NoteTemplates.Fields(organisation.NoteTemplate, organisation.Language));
    }

    private static double Skill(string email)
    {
        var h = 17u;
        foreach (var c in email) h = (h ^ c) * 16777619u;
        return (int)(h % 9 - 4) / 10.0;
    }
}

/// <summary>The organisation's business calendar, read once for both the web app and the command-line tool.</summary>
public static class OrganisationCalendars
{
    /// <summary>Null when the organisation has set no opening hours.</summary>
    public static async Task<BusinessCalendar?> LoadAsync(PautaDbContext db, CancellationToken ct)
    {
        var hours = await db.OpeningHours.AsNoTracking().Where(h => h.CalendarId == ServiceCalendar.Main).Select(h => new OpeningInterval(h.Day, h.StartMinute, h.EndMinute)).ToListAsync(ct);
        if (hours.Count == 0) return null;
        var zone = await db.Organisations.Select(o => o.TimeZoneId).SingleAsync(ct);
        var holidays = await db.Holidays.AsNoTracking().Where(h => h.CalendarId == ServiceCalendar.Main).Select(h => h.Date).ToListAsync(ct);
        return new BusinessCalendar(hours, holidays, zone);
    }

    /// <summary>A calendar open around the clock in UTC: business time of an organisation without opening hours.</summary>
    public static readonly BusinessCalendar AlwaysOpen = new(
        Enum.GetValues<DayOfWeek>().Select(d => new OpeningInterval(d, 0, OpeningInterval.MinutesPerDay)), [], "UTC");

    public static async Task<BusinessCalendar> ForClocksAsync(PautaDbContext db, CancellationToken ct) => await LoadAsync(db, ct) ?? AlwaysOpen;

    /// <summary>Every calendar of the organisation and its sites, read in four queries; <see cref="OrganisationCalendarSet.For"/> picks a contact's.</summary>
    public static async Task<OrganisationCalendarSet> LoadSetAsync(PautaDbContext db, CancellationToken ct)
    {
        var zone = await db.Organisations.Select(o => o.TimeZoneId).SingleAsync(ct);
        var calendars = await db.ServiceCalendars.AsNoTracking().ToListAsync(ct);
        var hours = await db.OpeningHours.AsNoTracking().Select(h => new { h.CalendarId, h.Day, h.StartMinute, h.EndMinute }).ToListAsync(ct);
        var holidays = await db.Holidays.AsNoTracking().Select(h => new { h.CalendarId, h.Date }).ToListAsync(ct);
        var sites = await db.Sites.AsNoTracking().Select(s => new { s.Id, s.CalendarId, s.LegalCalendarId }).ToListAsync(ct);

        var hoursBy = hours.ToLookup(h => h.CalendarId, h => new OpeningInterval(h.Day, h.StartMinute, h.EndMinute));
        var holidaysBy = holidays.ToLookup(h => h.CalendarId, h => h.Date);
        // A calendar without opening hours is never open and cannot place a due time: it counts as absent.
        BusinessCalendar? Build(Guid id, string timeZoneId) =>
            hoursBy[id].Any() && OrganisationRules.IsIanaTimeZone(timeZoneId) ? new BusinessCalendar(hoursBy[id], holidaysBy[id], timeZoneId) : null;

        var main = Build(ServiceCalendar.Main, zone) ?? AlwaysOpen;
        var byId = calendars.ToDictionary(c => c.Id, c => Build(c.Id, c.TimeZoneId));
        var named = calendars.Where(c => byId[c.Id] is not null).ToDictionary(c => c.Key, c => byId[c.Id]!, StringComparer.Ordinal);
        var bySite = sites.ToDictionary(s => s.Id, s => (
            Hours: byId.GetValueOrDefault(s.CalendarId),
            Legal: s.LegalCalendarId is { } legal ? byId.GetValueOrDefault(legal) : null));
        return new OrganisationCalendarSet(main, named, bySite);
    }
}

/// <summary>
/// An organisation's calendars: its own hours (<see cref="Main"/>), its named calendars by key, and each site's hours and
/// legal calendar. Immutable, so a node may keep it a few seconds and share it between requests.
/// </summary>
public sealed class OrganisationCalendarSet(
    BusinessCalendar main,
    IReadOnlyDictionary<string, BusinessCalendar> named,
    IReadOnlyDictionary<Guid, (BusinessCalendar? Hours, BusinessCalendar? Legal)> sites)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, ContactCalendars> bySite = new();
    private readonly ContactCalendars organisation = new(main, named.GetValueOrDefault(CalendarRefs.Legal), named);

    /// <summary>The organisation's own hours, or always open when it has set none.</summary>
    public BusinessCalendar Main => main;

    /// <summary>
    /// The calendars of a contact at <paramref name="siteId"/>: the site's hours (the organisation's when the site has
    /// none, or for no site) and the site's legal calendar (else a named calendar keyed "legal", if any).
    /// </summary>
    public ContactCalendars For(Guid? siteId) =>
        siteId is { } id && sites.TryGetValue(id, out var site)
            ? bySite.GetOrAdd(id, _ => new ContactCalendars(site.Hours ?? main, site.Legal ?? named.GetValueOrDefault(CalendarRefs.Legal), named))
            : organisation;
}
