using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Pauta.Core.Protocols;
using Pauta.Data.Entities;
using Pauta.Web.Features.Protocols;

namespace Pauta.Web.Features.Sites;

public sealed record SiteView(Guid Id, string Name, string Address, string Phone, string TimeZoneId, Guid CalendarId, string CalendarKey,
    Guid? LegalCalendarId, string? LegalCalendarName, bool IsArchived, int People, int Version);

/// <summary>
/// A site to add or change. <paramref name="Hours"/>: its week as the hours form writes it ({"Monday": "10:00-14:00, 16:30-20:30"});
/// on a change null keeps the hours. <paramref name="Version"/> is the one read (0 when adding).
/// </summary>
public sealed record SiteInput(string? Name, string? Address, string? Phone, string? TimeZoneId, Guid? LegalCalendarId,
    IReadOnlyDictionary<DayOfWeek, string?>? Hours = null, int Version = 0);

public sealed record CalendarSummary(Guid Id, string Key, string Name, string TimeZoneId, CalendarKind Kind, string? HolidayCountry,
    int Holidays, IReadOnlyList<string> Sites, int Version);

/// <summary>One calendar with its week, its holidays and who uses it; <see cref="Id"/> is <see cref="ServiceCalendar.Main"/> for the organisation's own.</summary>
public sealed record CalendarView(Guid Id, string Key, string Name, string TimeZoneId, CalendarKind Kind, string? HolidayCountry,
    IReadOnlyDictionary<DayOfWeek, string> Days, IReadOnlyList<Organisation.HolidayView> Holidays, IReadOnlyList<string> Sites, int Version);

/// <summary>A named calendar to add or change; <paramref name="Hours"/> null on a change keeps the week.</summary>
public sealed record CalendarInput(string? Key, string? Name, string? TimeZoneId, IReadOnlyDictionary<DayOfWeek, string?>? Hours = null,
    int Version = 0);

/// <summary>What deleting a named calendar would touch: the sites using it (which stop the delete) and the published protocols naming it.</summary>
public sealed record CalendarUse(IReadOnlyList<string> Sites, IReadOnlyList<string> Protocols);

/// <summary>
/// Sites, named calendars and the hours and holidays of every calendar (the organisation's own is
/// <see cref="ServiceCalendar.Main"/>). Every change forgets this node's cached calendars at once.
/// </summary>
public sealed class SitesService(PautaDbContext db, CurrentMember current, IMemoryCache cache, PublishedProtocols published,
    IStringLocalizer<SharedResource> l)
{
    // ---------- sites ----------

    public async Task<IReadOnlyList<SiteView>> ListSitesAsync(bool includeArchived, CancellationToken ct)
    {
        var rows = await db.Sites.AsNoTracking().Where(s => includeArchived || !s.IsArchived)
            .Select(s => new
            {
                s.Id, s.Name, s.Address, s.Phone, s.Calendar.TimeZoneId, s.CalendarId, s.Calendar.Key, s.LegalCalendarId,
                Legal = s.LegalCalendar!.Name, s.IsArchived, s.Version,
                People = db.Members.Count(m => m.SiteId == s.Id),
            })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.IsArchived).ThenBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(r => new SiteView(r.Id, r.Name, r.Address, r.Phone, r.TimeZoneId, r.CalendarId, r.Key, r.LegalCalendarId,
                r.LegalCalendarId is null ? null : r.Legal, r.IsArchived, r.People, r.Version))
            .ToList();
    }

    public async Task<SiteView?> GetSiteAsync(Guid id, CancellationToken ct) =>
        (await ListSitesAsync(includeArchived: true, ct)).SingleOrDefault(s => s.Id == id);

    /// <summary>The active sites, by name, for pickers (people, new contacts).</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> ActiveSitesAsync(CancellationToken ct) =>
        (await db.Sites.AsNoTracking().Where(s => !s.IsArchived).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase).Select(s => (s.Id, s.Name)).ToList();

    private async Task<List<Problem>> CheckSiteAsync(SiteInput input, Guid? id, CancellationToken ct)
    {
        var problems = SiteRules.CheckSite(input.Name, input.Address, input.Phone, input.TimeZoneId).ToList();
        if (input.Name is { } name && !string.IsNullOrWhiteSpace(name))
        {
            var trimmed = name.Trim();
            if (await db.Sites.AnyAsync(s => s.Name == trimmed && s.Id != id, ct))
                problems.Add(new Problem("Name", "Sites.DuplicateName", trimmed));
        }
        if (input.LegalCalendarId is { } legal &&
            !await db.ServiceCalendars.AnyAsync(c => c.Id == legal && c.Kind == CalendarKind.Named, ct))
            problems.Add(new Problem("LegalCalendarId", "Sites.UnknownCalendar"));
        return problems;
    }

    private static (List<OpeningInterval> Intervals, List<Problem> Problems) ParseWeek(IReadOnlyDictionary<DayOfWeek, string?> days, string prefix)
    {
        var intervals = new List<OpeningInterval>();
        var problems = new List<Problem>();
        foreach (var day in BusinessHours.Week)
        {
            var (parsed, dayProblems) = BusinessHours.ParseDay(day, days.GetValueOrDefault(day), prefix + day);
            intervals.AddRange(parsed);
            problems.AddRange(dayProblems);
        }
        return (intervals, problems);
    }

    public async Task<Outcome<SiteView>> AddSiteAsync(SiteInput input, CancellationToken ct)
    {
        var problems = await CheckSiteAsync(input, null, ct);
        var (intervals, hourProblems) = ParseWeek(input.Hours ?? new Dictionary<DayOfWeek, string?>(), "Hours.");
        problems.AddRange(hourProblems);
        if (problems.Count > 0) return Outcome<SiteView>.Invalid(problems);

        var name = input.Name!.Trim();
        var taken = (await db.ServiceCalendars.Select(c => c.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var calendar = new ServiceCalendar
        {
            Id = Guid.CreateVersion7(), Key = SiteRules.Unique(SiteRules.Slug(name), taken), Name = name,
            TimeZoneId = input.TimeZoneId!, Kind = CalendarKind.Site,
        };
        var site = new Site
        {
            Id = Guid.CreateVersion7(), Name = name, Address = (input.Address ?? "").Trim(), Phone = (input.Phone ?? "").Trim(),
            CalendarId = calendar.Id, LegalCalendarId = input.LegalCalendarId,
        };
        db.ServiceCalendars.Add(calendar);
        db.Sites.Add(site);
        AddHours(calendar.Id, intervals);
        db.Audit(current.UserId, "site.created", nameof(Site), site.Id, $"{name}; {calendar.Key}; {calendar.TimeZoneId}; {Week(intervals)}");
        if (await SaveAsync(ct) is { } failure) return Outcome<SiteView>.Invalid("Name", failure, name);
        return Outcome<SiteView>.Ok((await GetSiteAsync(site.Id, ct))!);
    }

    public async Task<Outcome<SiteView>> UpdateSiteAsync(Guid id, SiteInput input, CancellationToken ct)
    {
        var site = await db.Sites.Include(s => s.Calendar).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (site is null) return Outcome<SiteView>.NotFound();
        var problems = await CheckSiteAsync(input, id, ct);
        var (intervals, hourProblems) = input.Hours is null ? ([], []) : ParseWeek(input.Hours, "Hours.");
        problems.AddRange(hourProblems);
        if (problems.Count > 0) return Outcome<SiteView>.Invalid(problems);
        if (site.Version != input.Version) return Outcome<SiteView>.Conflict();

        var before = $"{site.Name}; {site.Address}; {site.Phone}; {site.Calendar.TimeZoneId}; legal {site.LegalCalendarId}";
        site.Name = input.Name!.Trim();
        site.Address = (input.Address ?? "").Trim();
        site.Phone = (input.Phone ?? "").Trim();
        site.LegalCalendarId = input.LegalCalendarId;
        site.Calendar.Name = site.Name;
        site.Calendar.TimeZoneId = input.TimeZoneId!;
        db.Entry(site).Property(s => s.Version).OriginalValue = input.Version;
        if (input.Hours is not null)
        {
            await RemoveHoursAsync(site.CalendarId, ct);
            AddHours(site.CalendarId, intervals);
        }
        db.Audit(current.UserId, "site.updated", nameof(Site), site.Id,
            before + " → " + $"{site.Name}; {site.Address}; {site.Phone}; {site.Calendar.TimeZoneId}; legal {site.LegalCalendarId}" +
            (input.Hours is null ? "" : "; " + Week(intervals)));
        try
        {
            if (await SaveAsync(ct) is { } failure) return Outcome<SiteView>.Invalid("Name", failure, site.Name);
        }
        catch (DbUpdateConcurrencyException) { return Outcome<SiteView>.Conflict(); }
        return Outcome<SiteView>.Ok((await GetSiteAsync(id, ct))!);
    }

    /// <summary>Archives (or restores) a site: an archived site takes no new people or contacts; its history and people stay.</summary>
    public async Task<Outcome<SiteView>> SetArchivedAsync(Guid id, bool archived, int version, CancellationToken ct)
    {
        var site = await db.Sites.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (site is null) return Outcome<SiteView>.NotFound();
        if (site.Version != version) return Outcome<SiteView>.Conflict();
        if (site.IsArchived != archived)
        {
            site.IsArchived = archived;
            db.Entry(site).Property(s => s.Version).OriginalValue = version;
            db.Audit(current.UserId, archived ? "site.archived" : "site.restored", nameof(Site), site.Id, site.Name);
            try { await SaveAsync(ct); }
            catch (DbUpdateConcurrencyException) { return Outcome<SiteView>.Conflict(); }
        }
        return Outcome<SiteView>.Ok((await GetSiteAsync(id, ct))!);
    }

    // ---------- calendars ----------

    public async Task<IReadOnlyList<CalendarSummary>> ListCalendarsAsync(CalendarKind? kind, CancellationToken ct)
    {
        var rows = await db.ServiceCalendars.AsNoTracking().Where(c => kind == null || c.Kind == kind)
            .Select(c => new
            {
                c.Id, c.Key, c.Name, c.TimeZoneId, c.Kind, c.HolidayCountry, c.Version,
                Holidays = db.Holidays.Count(h => h.CalendarId == c.Id),
            })
            .ToListAsync(ct);
        var uses = await SiteUsesAsync(ct);
        return rows.OrderBy(r => r.Kind).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new CalendarSummary(r.Id, r.Key, r.Name, r.TimeZoneId, r.Kind, r.HolidayCountry, r.Holidays,
                uses.GetValueOrDefault(r.Id) ?? [], r.Version))
            .ToList();
    }

    /// <summary>Site names per calendar they count on (their own hours or their legal calendar).</summary>
    private async Task<Dictionary<Guid, List<string>>> SiteUsesAsync(CancellationToken ct)
    {
        var sites = await db.Sites.AsNoTracking().Select(s => new { s.Name, s.CalendarId, s.LegalCalendarId }).ToListAsync(ct);
        var uses = new Dictionary<Guid, List<string>>();
        foreach (var s in sites.OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase))
        {
            (uses.TryGetValue(s.CalendarId, out var a) ? a : uses[s.CalendarId] = []).Add(s.Name);
            if (s.LegalCalendarId is { } legal) (uses.TryGetValue(legal, out var b) ? b : uses[legal] = []).Add(s.Name);
        }
        return uses;
    }

    /// <summary>A calendar with its week and holidays; <see cref="ServiceCalendar.Main"/> is the organisation's own.</summary>
    public async Task<CalendarView?> GetCalendarAsync(Guid id, CancellationToken ct)
    {
        string key, name, zone;
        CalendarKind kind;
        string? country;
        int version;
        if (id == ServiceCalendar.Main)
        {
            var o = await db.Organisations.AsNoTracking().Select(o => new { o.Name, o.TimeZoneId, o.Version }).SingleAsync(ct);
            (key, name, zone, kind, country, version) = ("", o.Name, o.TimeZoneId, CalendarKind.Site, null, o.Version);
        }
        else
        {
            var c = await db.ServiceCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
            if (c is null) return null;
            (key, name, zone, kind, country, version) = (c.Key, c.Name, c.TimeZoneId, c.Kind, c.HolidayCountry, c.Version);
        }
        var rows = await db.OpeningHours.AsNoTracking().Where(h => h.CalendarId == id).ToListAsync(ct);
        var days = BusinessHours.Week.ToDictionary(d => d, d => BusinessHours.FormatDay(
            rows.Where(r => r.Day == d).Select(r => new OpeningInterval(r.Day, r.StartMinute, r.EndMinute))));
        var holidays = await db.Holidays.AsNoTracking().Where(h => h.CalendarId == id).OrderBy(h => h.Date)
            .Select(h => new Organisation.HolidayView(h.Id, h.Date, h.Name)).ToListAsync(ct);
        var uses = await SiteUsesAsync(ct);
        return new CalendarView(id, key, name, zone, kind, country, days, holidays, uses.GetValueOrDefault(id) ?? [], version);
    }

    private async Task<List<Problem>> CheckCalendarAsync(CalendarInput input, Guid? id, CancellationToken ct)
    {
        var problems = SiteRules.CheckCalendarKey(input.Key, "Key")
            .Concat(OrganisationRules.CheckName(input.Name, "Name"))
            .Concat(OrganisationRules.CheckTimeZone(input.TimeZoneId, "TimeZoneId")).ToList();
        if (problems.All(p => p.Field != "Key") && await db.ServiceCalendars.AnyAsync(c => c.Key == input.Key && c.Id != id, ct))
            problems.Add(new Problem("Key", "Calendars.DuplicateKey", input.Key!));
        return problems;
    }

    public async Task<Outcome<CalendarView>> AddCalendarAsync(CalendarInput input, CancellationToken ct)
    {
        var problems = await CheckCalendarAsync(input, null, ct);
        var (intervals, hourProblems) = ParseWeek(input.Hours ?? new Dictionary<DayOfWeek, string?>(), "Hours.");
        problems.AddRange(hourProblems);
        if (problems.Count > 0) return Outcome<CalendarView>.Invalid(problems);

        var calendar = new ServiceCalendar
        {
            Id = Guid.CreateVersion7(), Key = input.Key!, Name = input.Name!.Trim(), TimeZoneId = input.TimeZoneId!, Kind = CalendarKind.Named,
        };
        db.ServiceCalendars.Add(calendar);
        AddHours(calendar.Id, intervals);
        db.Audit(current.UserId, "calendar.created", nameof(ServiceCalendar), calendar.Id,
            $"{calendar.Key}; {calendar.Name}; {calendar.TimeZoneId}; {Week(intervals)}");
        if (await SaveAsync(ct) is { } failure) return Outcome<CalendarView>.Invalid("Key", failure, calendar.Key);
        return Outcome<CalendarView>.Ok((await GetCalendarAsync(calendar.Id, ct))!);
    }

    /// <summary>Changes a named calendar's key, name, zone and (when given) week. A site's calendar changes with its site.</summary>
    public async Task<Outcome<CalendarView>> UpdateCalendarAsync(Guid id, CalendarInput input, CancellationToken ct)
    {
        var calendar = await db.ServiceCalendars.SingleOrDefaultAsync(c => c.Id == id && c.Kind == CalendarKind.Named, ct);
        if (calendar is null) return Outcome<CalendarView>.NotFound();
        var problems = await CheckCalendarAsync(input, id, ct);
        var (intervals, hourProblems) = input.Hours is null ? ([], []) : ParseWeek(input.Hours, "Hours.");
        problems.AddRange(hourProblems);
        if (problems.Count > 0) return Outcome<CalendarView>.Invalid(problems);
        if (calendar.Version != input.Version) return Outcome<CalendarView>.Conflict();

        var before = $"{calendar.Key}; {calendar.Name}; {calendar.TimeZoneId}";
        calendar.Key = input.Key!;
        calendar.Name = input.Name!.Trim();
        calendar.TimeZoneId = input.TimeZoneId!;
        db.Entry(calendar).Property(c => c.Version).OriginalValue = input.Version;
        if (input.Hours is not null)
        {
            await RemoveHoursAsync(id, ct);
            AddHours(id, intervals);
        }
        db.Audit(current.UserId, "calendar.updated", nameof(ServiceCalendar), id,
            $"{before} → {calendar.Key}; {calendar.Name}; {calendar.TimeZoneId}" + (input.Hours is null ? "" : "; " + Week(intervals)));
        try
        {
            if (await SaveAsync(ct) is { } failure) return Outcome<CalendarView>.Invalid("Key", failure, calendar.Key);
        }
        catch (DbUpdateConcurrencyException) { return Outcome<CalendarView>.Conflict(); }
        return Outcome<CalendarView>.Ok((await GetCalendarAsync(id, ct))!);
    }

    /// <summary>Replaces the week of any calendar (the organisation's own too): every day parses, or nothing changes.</summary>
    public async Task<Outcome<CalendarView>> SetHoursAsync(Guid id, IReadOnlyDictionary<DayOfWeek, string?> days, CancellationToken ct)
    {
        if (id != ServiceCalendar.Main && !await db.ServiceCalendars.AnyAsync(c => c.Id == id, ct)) return Outcome<CalendarView>.NotFound();
        var (intervals, problems) = ParseWeek(days, "");
        if (problems.Count > 0) return Outcome<CalendarView>.Invalid(problems);
        await RemoveHoursAsync(id, ct);
        AddHours(id, intervals);
        db.Audit(current.UserId, "hours.updated", nameof(OpeningHours), id == ServiceCalendar.Main ? current.OrganisationId : id, Week(intervals));
        await SaveAsync(ct);
        return Outcome<CalendarView>.Ok((await GetCalendarAsync(id, ct))!);
    }

    /// <summary>The sites and published protocols that name a named calendar; shown before deleting it.</summary>
    public async Task<CalendarUse?> UsesAsync(Guid id, CancellationToken ct)
    {
        var calendar = await db.ServiceCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (calendar is null) return null;
        var sites = (await SiteUsesAsync(ct)).GetValueOrDefault(id) ?? [];
        var protocols = (await published.CurrentAllAsync(ct))
            .Where(v => ServiceTargets.Of(v.Protocol).Any(t => t.Calendar == calendar.Key))
            .Select(v => v.Title).Order(StringComparer.CurrentCultureIgnoreCase).ToList();
        return new CalendarUse(sites, protocols);
    }

    /// <summary>
    /// Deletes a named calendar with its hours and holidays, only while no site uses it. Protocols that name it then count
    /// on the contact's site (ADR-011, decision 2).
    /// </summary>
    public async Task<Outcome<bool>> DeleteCalendarAsync(Guid id, int version, CancellationToken ct)
    {
        var calendar = await db.ServiceCalendars.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (calendar is null) return Outcome<bool>.NotFound();
        if (calendar.Kind != CalendarKind.Named) return Outcome<bool>.Invalid("", "Calendars.SiteCalendar");
        var sites = (await SiteUsesAsync(ct)).GetValueOrDefault(id);
        if (sites is { Count: > 0 }) return Outcome<bool>.Invalid("", "Calendars.InUse", string.Join(", ", sites));
        if (calendar.Version != version) return Outcome<bool>.Conflict();
        await RemoveHoursAsync(id, ct);
        db.Holidays.RemoveRange(await db.Holidays.Where(h => h.CalendarId == id).ToListAsync(ct));
        db.ServiceCalendars.Remove(calendar);
        db.Entry(calendar).Property(c => c.Version).OriginalValue = version;
        db.Audit(current.UserId, "calendar.deleted", nameof(ServiceCalendar), id, $"{calendar.Key}; {calendar.Name}");
        try { await SaveAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Outcome<bool>.Conflict(); }
        return Outcome<bool>.Ok(true);
    }

    // ---------- holidays ----------

    public async Task<Outcome<Organisation.HolidayView>> AddHolidayAsync(Guid calendarId, DateOnly? date, string? name, CancellationToken ct)
    {
        if (calendarId != ServiceCalendar.Main && !await db.ServiceCalendars.AnyAsync(c => c.Id == calendarId, ct))
            return Outcome<Organisation.HolidayView>.NotFound();
        var problems = OrganisationRules.CheckName(name, "HolidayName", OrganisationRules.MaxHolidayNameLength).ToList();
        if (date is null) problems.Add(new Problem("HolidayDate", "Field.Required"));
        else if (await db.Holidays.AnyAsync(h => h.CalendarId == calendarId && h.Date == date, ct))
            problems.Add(new Problem("HolidayDate", "Hours.DuplicateHoliday", date.Value.ToString("d")));
        if (problems.Count > 0) return Outcome<Organisation.HolidayView>.Invalid(problems);

        var holiday = new Holiday { Id = Guid.CreateVersion7(), CalendarId = calendarId, Date = date!.Value, Name = name!.Trim() };
        db.Holidays.Add(holiday);
        db.Audit(current.UserId, "holiday.added", nameof(Holiday), holiday.Id, $"{CalendarLabel(calendarId)} {holiday.Date:yyyy-MM-dd} {holiday.Name}");
        await SaveAsync(ct);
        return Outcome<Organisation.HolidayView>.Ok(new Organisation.HolidayView(holiday.Id, holiday.Date, holiday.Name));
    }

    public async Task<Outcome<bool>> RemoveHolidayAsync(Guid calendarId, Guid id, CancellationToken ct)
    {
        var holiday = await db.Holidays.SingleOrDefaultAsync(h => h.Id == id && h.CalendarId == calendarId, ct);
        if (holiday is null) return Outcome<bool>.NotFound();
        db.Holidays.Remove(holiday);
        db.Audit(current.UserId, "holiday.removed", nameof(Holiday), holiday.Id, $"{CalendarLabel(calendarId)} {holiday.Date:yyyy-MM-dd} {holiday.Name}");
        await SaveAsync(ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// Adds many holidays at once (an imported file, generated national holidays): dates the calendar already has are
    /// reported, not doubled; everything else is saved in one transaction with one audit entry.
    /// </summary>
    public async Task<Outcome<HolidayBatchResult>> AddHolidaysAsync(Guid calendarId, IReadOnlyList<(DateOnly Date, string Name)> holidays,
        string action, string? country, CancellationToken ct)
    {
        ServiceCalendar? calendar = null;
        if (calendarId != ServiceCalendar.Main)
        {
            calendar = await db.ServiceCalendars.SingleOrDefaultAsync(c => c.Id == calendarId, ct);
            if (calendar is null) return Outcome<HolidayBatchResult>.NotFound();
        }
        var existing = (await db.Holidays.Where(h => h.CalendarId == calendarId).Select(h => h.Date).ToListAsync(ct)).ToHashSet();
        var added = new List<(DateOnly Date, string Name)>();
        var skipped = new List<DateOnly>();
        foreach (var (date, name) in holidays.OrderBy(h => h.Date))
        {
            if (!existing.Add(date)) { skipped.Add(date); continue; }
            var trimmed = name.Trim();
            if (trimmed.Length > OrganisationRules.MaxHolidayNameLength) trimmed = trimmed[..OrganisationRules.MaxHolidayNameLength];
            db.Holidays.Add(new Holiday { Id = Guid.CreateVersion7(), CalendarId = calendarId, Date = date, Name = trimmed });
            added.Add((date, trimmed));
        }
        if (country is not null && calendar is not null) calendar.HolidayCountry = country;
        if (added.Count > 0 || (country is not null && calendar is not null))
        {
            db.Audit(current.UserId, action, nameof(Holiday), calendarId == ServiceCalendar.Main ? current.OrganisationId : calendarId,
                $"{CalendarLabel(calendarId)}{(country is null ? "" : " " + country)}: {added.Count} added, {skipped.Count} already there" +
                (added.Count == 0 ? "" : $" ({added[0].Date:yyyy-MM-dd}…{added[^1].Date:yyyy-MM-dd})"));
            await SaveAsync(ct);
        }
        return Outcome<HolidayBatchResult>.Ok(new HolidayBatchResult(added.Count, skipped));
    }

    /// <summary>The most years generated at once.</summary>
    public const int MaxGeneratedYears = 10;

    /// <summary>
    /// The national holidays of <paramref name="country"/> for the years asked, named in the organisation's language; the
    /// preview the page shows before saving. Problems name the fields (Country, FromYear, ToYear).
    /// </summary>
    public async Task<Outcome<IReadOnlyList<(DateOnly Date, string Name)>>> NationalHolidaysAsync(string? country, int? fromYear, int? toYear,
        CancellationToken ct)
    {
        var problems = new List<Problem>();
        var code = country?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code)) problems.Add(new Problem("Country", "Field.Required"));
        else if (!Pauta.Core.Calendars.NationalHolidays.Countries.Contains(code))
            problems.Add(new Problem("Country", "Calendars.UnknownCountry", code, string.Join(", ", Pauta.Core.Calendars.NationalHolidays.Countries)));
        if (fromYear is null) problems.Add(new Problem("FromYear", "Field.Required"));
        if (toYear is null) problems.Add(new Problem("ToYear", "Field.Required"));
        if (fromYear is { } f && toYear is { } t &&
            (f < Pauta.Core.Calendars.NationalHolidays.MinYear || t > Pauta.Core.Calendars.NationalHolidays.MaxYear || t < f || t - f >= MaxGeneratedYears))
            problems.Add(new Problem("ToYear", "Calendars.BadYears", Pauta.Core.Calendars.NationalHolidays.MinYear,
                Pauta.Core.Calendars.NationalHolidays.MaxYear, MaxGeneratedYears));
        if (problems.Count > 0) return Outcome<IReadOnlyList<(DateOnly, string)>>.Invalid(problems);
        var english = await db.Organisations.AsNoTracking().Select(o => o.Language).SingleAsync(ct) == "en";
        var list = Enumerable.Range(fromYear!.Value, toYear!.Value - fromYear.Value + 1)
            .SelectMany(y => Pauta.Core.Calendars.NationalHolidays.For(code!, y))
            .Select(h => (h.Date, english ? h.NameEn : h.NameEs)).ToList();
        return Outcome<IReadOnlyList<(DateOnly, string)>>.Ok(list);
    }

    /// <summary>Generates and saves national holidays into a calendar, recording the country on a named or site calendar.</summary>
    public async Task<Outcome<HolidayBatchResult>> GenerateHolidaysAsync(Guid calendarId, string? country, int? fromYear, int? toYear,
        CancellationToken ct)
    {
        if (calendarId != ServiceCalendar.Main && !await db.ServiceCalendars.AnyAsync(c => c.Id == calendarId, ct))
            return Outcome<HolidayBatchResult>.NotFound();
        var generated = await NationalHolidaysAsync(country, fromYear, toYear, ct);
        if (!generated.Succeeded) return Outcome<HolidayBatchResult>.Invalid(generated.Problems);
        return await AddHolidaysAsync(calendarId, generated.Value!, "holiday.generated", country!.Trim().ToUpperInvariant(), ct);
    }

    /// <summary>
    /// Imports a CSV or iCalendar file of holidays into a calendar: nothing is saved while the file has any problem (each
    /// with its line and column, field "File"); dates the calendar already has are reported, not doubled.
    /// </summary>
    public async Task<Outcome<HolidayBatchResult>> ImportHolidaysAsync(Guid calendarId, string fileName, string text, CancellationToken ct)
    {
        if (calendarId != ServiceCalendar.Main && !await db.ServiceCalendars.AnyAsync(c => c.Id == calendarId, ct))
            return Outcome<HolidayBatchResult>.NotFound();
        var result = Pauta.Core.Calendars.HolidayImport.Parse(fileName, text);
        if (result.Problems.Count > 0)
            return Outcome<HolidayBatchResult>.Invalid(result.Problems.Select(p =>
                new Problem("File", "Calendars.ImportProblem", p.Line, p.Column, l[p.Code, [.. p.Args]].Value)));
        return await AddHolidaysAsync(calendarId, result.Holidays.Select(h => (h.Date, h.Name)).ToList(), "holiday.imported", null, ct);
    }

    // ---------- helpers ----------

    private string CalendarLabel(Guid calendarId) => calendarId == ServiceCalendar.Main ? "main" : calendarId.ToString();

    private async Task RemoveHoursAsync(Guid calendarId, CancellationToken ct) =>
        db.OpeningHours.RemoveRange(await db.OpeningHours.Where(h => h.CalendarId == calendarId).ToListAsync(ct));

    private void AddHours(Guid calendarId, IEnumerable<OpeningInterval> intervals) =>
        db.OpeningHours.AddRange(intervals.Select(i => new OpeningHours
            { Id = Guid.CreateVersion7(), CalendarId = calendarId, Day = i.Day, StartMinute = i.StartMinute, EndMinute = i.EndMinute }));

    private static string Week(IReadOnlyCollection<OpeningInterval> intervals) =>
        string.Join("; ", BusinessHours.Week.Select(d => $"{d}: {BusinessHours.FormatDay(intervals.Where(i => i.Day == d))}"));

    /// <summary>Saves and forgets the cached calendars; a unique index hit by a concurrent add comes back as a problem code.</summary>
    private async Task<string?> SaveAsync(CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException && DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return "Sites.DuplicateName";
        }
        OrganisationCalendar.Forget(cache, current.OrganisationId);
        return null;
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);
}

/// <summary>How many holidays an import or a generation added, and the dates the calendar already had.</summary>
public sealed record HolidayBatchResult(int Added, IReadOnlyList<DateOnly> AlreadyThere);
