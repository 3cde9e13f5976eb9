using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Organisation;

/// <summary>
/// The organisation's settings. <paramref name="RequireProtocolApproval"/>: publishing a protocol needs a manager other than
/// its author to approve it; null in an update keeps the current setting, so a client that does not know the field cannot
/// switch the approval off by leaving it out.
/// </summary>
public sealed record OrganisationSettings(string Name, string BrandName, string Language, string TimeZoneId, Channels Channels, int Version,
    bool? RequireProtocolApproval = null, string? Currency = null);

/// <summary>A placeholder every script of the organisation may use, e.g. {web} → "www.suarez.example".</summary>
public sealed record PlaceholderView(Guid Id, string Name, string Value, int Version);

/// <summary>A placeholder to add or change; <paramref name="Version"/> is the one read (0 when adding).</summary>
public sealed record PlaceholderInput(string? Name, string? Value, int Version = 0);

public sealed record WeeklyHoursView(IReadOnlyDictionary<DayOfWeek, string> Days, IReadOnlyList<HolidayView> Holidays);

public sealed record HolidayView(Guid Id, DateOnly Date, string Name);

/// <summary>
/// The standard note fields agents fill in on every contact. <paramref name="IsDefault"/>: the organisation never wrote
/// its own, so the fields follow its language. <paramref name="Version"/> is the organisation's: send it back to save.
/// </summary>
public sealed record NoteTemplateView(IReadOnlyList<string> Fields, bool IsDefault, int Version);

/// <summary>The organisation's own settings: identity, language, time zone, channels, hours and holidays.</summary>
public sealed class OrganisationService(PautaDbContext db, CurrentMember current, IMemoryCache cache)
{
    public async Task<OrganisationSettings> GetAsync(CancellationToken ct)
    {
        var o = await db.Organisations.AsNoTracking().SingleAsync(ct);
        return new OrganisationSettings(o.Name, o.BrandName, o.Language, o.TimeZoneId, o.Channels, o.Version, o.RequireProtocolApproval, o.Currency);
    }

    public static IEnumerable<Problem> Check(OrganisationSettings s) =>
        OrganisationRules.CheckName(s.Name, nameof(s.Name))
            .Concat(OrganisationRules.CheckName(s.BrandName, nameof(s.BrandName)))
            .Concat(OrganisationRules.CheckLanguage(s.Language, nameof(s.Language)))
            .Concat(OrganisationRules.CheckTimeZone(s.TimeZoneId, nameof(s.TimeZoneId)))
            .Concat((s.Channels & ~Channels.All) != 0 || s.Channels == Channels.None
                ? [new Problem(nameof(s.Channels), "Organisation.ChannelsRequired")]
                : [])
            .Concat(s.Currency is null ? [] : SiteRules.CheckCurrency(s.Currency, nameof(s.Currency)));

    public async Task<Outcome<OrganisationSettings>> UpdateAsync(OrganisationSettings input, CancellationToken ct)
    {
        var problems = Check(input).ToList();
        if (problems.Count > 0) return Outcome<OrganisationSettings>.Invalid(problems);

        var o = await db.Organisations.SingleAsync(ct);
        if (o.Version != input.Version) return Outcome<OrganisationSettings>.Conflict();
        var before = JsonSerializer.Serialize(new { o.Name, o.BrandName, o.Language, o.TimeZoneId, o.Channels, o.RequireProtocolApproval, o.Currency });
        o.Name = input.Name.Trim();
        o.BrandName = input.BrandName.Trim();
        o.Language = input.Language;
        o.TimeZoneId = input.TimeZoneId;
        o.Channels = input.Channels;
        if (input.RequireProtocolApproval is { } approval) o.RequireProtocolApproval = approval;
        if (input.Currency is { } currency) o.Currency = currency;
        db.Entry(o).Property(x => x.Version).OriginalValue = input.Version;
        db.Audit(current.UserId, "organisation.updated", nameof(Organisation), o.Id, before);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Outcome<OrganisationSettings>.Conflict(); }
        OrganisationCalendar.Forget(cache, current.OrganisationId);
        return Outcome<OrganisationSettings>.Ok(await GetAsync(ct));
    }

    public const int MaxNoteFields = 12;
    public const int MaxNoteFieldLength = 80;

    public async Task<NoteTemplateView> GetNoteTemplateAsync(CancellationToken ct)
    {
        var o = await db.Organisations.AsNoTracking().Select(o => new { o.NoteTemplate, o.Language, o.Version }).SingleAsync(ct);
        return new NoteTemplateView(NoteTemplates.Fields(o.NoteTemplate, o.Language), string.IsNullOrWhiteSpace(o.NoteTemplate), o.Version);
    }

    /// <summary>The names of the note fields of the current organisation, for the contact page.</summary>
    public async Task<IReadOnlyList<string>> NoteFieldsAsync(CancellationToken ct) => (await GetNoteTemplateAsync(ct)).Fields;

    /// <summary>Splits the text of the settings form into field names: one per line, trimmed, blank lines ignored.</summary>
    public static IReadOnlyList<string> ParseNoteFields(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    public static IEnumerable<Problem> CheckNoteFields(IReadOnlyList<string>? fields, string field)
    {
        var names = (fields ?? []).Select(f => (f ?? "").Trim()).Where(f => f.Length > 0).ToList();
        if (names.Count == 0) { yield return new Problem(field, "NoteTemplate.Empty"); yield break; }
        if (names.Count > MaxNoteFields) yield return new Problem(field, "NoteTemplate.TooMany", MaxNoteFields, names.Count);
        foreach (var name in names.Where(n => n.Length > MaxNoteFieldLength))
            yield return new Problem(field, "NoteTemplate.FieldTooLong", name[..20] + "…", MaxNoteFieldLength);
        foreach (var name in names.Where(n => n.Any(char.IsControl)))
            yield return new Problem(field, "NoteTemplate.BadCharacter", name);
        foreach (var duplicate in names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            yield return new Problem(field, "NoteTemplate.Duplicate", duplicate.Key);
        if (string.Join('\n', names).Length > NoteTemplates.MaxLength) yield return new Problem(field, "Field.TooLong", NoteTemplates.MaxLength);
    }

    /// <summary>Saves the organisation's own note fields; null <paramref name="fields"/> goes back to the default for its language.</summary>
    public async Task<Outcome<NoteTemplateView>> SetNoteTemplateAsync(IReadOnlyList<string>? fields, int version, CancellationToken ct)
    {
        if (fields is not null)
        {
            var problems = CheckNoteFields(fields, "Fields").ToList();
            if (problems.Count > 0) return Outcome<NoteTemplateView>.Invalid(problems);
        }
        var o = await db.Organisations.SingleAsync(ct);
        if (o.Version != version) return Outcome<NoteTemplateView>.Conflict();
        var before = o.NoteTemplate ?? "(default)";
        o.NoteTemplate = fields is null ? null : string.Join('\n', fields.Select(f => f.Trim()).Where(f => f.Length > 0));
        db.Entry(o).Property(x => x.Version).OriginalValue = version;
        db.Audit(current.UserId, fields is null ? "note-template.reset" : "note-template.updated", nameof(Organisation), o.Id, before);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Outcome<NoteTemplateView>.Conflict(); }
        return Outcome<NoteTemplateView>.Ok(await GetNoteTemplateAsync(ct));
    }

    public async Task<IReadOnlyList<PlaceholderView>> PlaceholdersAsync(CancellationToken ct) =>
        (await db.OrganisationPlaceholders.AsNoTracking().Select(p => new PlaceholderView(p.Id, p.Name, p.Value, p.Version)).ToListAsync(ct))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ToList();

    /// <summary>Adds (<paramref name="id"/> null) or changes an organisation placeholder: a valid, unique name that is not built in.</summary>
    public async Task<Outcome<PlaceholderView>> SavePlaceholderAsync(Guid? id, PlaceholderInput input, CancellationToken ct)
    {
        OrganisationPlaceholder? row = null;
        if (id is { } existing)
        {
            row = await db.OrganisationPlaceholders.SingleOrDefaultAsync(p => p.Id == existing, ct);
            if (row is null) return Outcome<PlaceholderView>.NotFound();
        }
        var others = await db.OrganisationPlaceholders.Where(p => p.Id != id).Select(p => p.Name).ToListAsync(ct);
        var problems = SiteRules.CheckPlaceholder(input.Name, input.Value, others, "Name", "Value").ToList();
        if (row is null && others.Count >= SiteRules.MaxPlaceholders) problems.Add(new Problem("Name", "Placeholders.TooMany", SiteRules.MaxPlaceholders));
        if (problems.Count > 0) return Outcome<PlaceholderView>.Invalid(problems);
        var name = input.Name!.Trim();
        var value = input.Value!.Trim();
        if (row is null)
        {
            row = new OrganisationPlaceholder { Id = Guid.CreateVersion7(), Name = name, Value = value };
            db.OrganisationPlaceholders.Add(row);
            db.Audit(current.UserId, "placeholder.added", nameof(OrganisationPlaceholder), row.Id, $"{name} = {value}");
        }
        else
        {
            if (row.Version != input.Version) return Outcome<PlaceholderView>.Conflict();
            db.Audit(current.UserId, "placeholder.updated", nameof(OrganisationPlaceholder), row.Id, $"{row.Name} = {row.Value} → {name} = {value}");
            row.Name = name;
            row.Value = value;
            db.Entry(row).Property(p => p.Version).OriginalValue = input.Version;
        }
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Outcome<PlaceholderView>.Conflict(); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e)) { return Outcome<PlaceholderView>.Invalid("Name", "Placeholders.Duplicate", name); }
        return Outcome<PlaceholderView>.Ok(new PlaceholderView(row.Id, row.Name, row.Value, row.Version));
    }

    public async Task<Outcome<bool>> RemovePlaceholderAsync(Guid id, CancellationToken ct)
    {
        var row = await db.OrganisationPlaceholders.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (row is null) return Outcome<bool>.NotFound();
        db.OrganisationPlaceholders.Remove(row);
        db.Audit(current.UserId, "placeholder.removed", nameof(OrganisationPlaceholder), row.Id, $"{row.Name} = {row.Value}");
        await db.SaveChangesAsync(ct);
        return Outcome<bool>.Ok(true);
    }

    public async Task<WeeklyHoursView> GetHoursAsync(CancellationToken ct)
    {
        var rows = await db.OpeningHours.AsNoTracking().Where(h => h.CalendarId == ServiceCalendar.Main).ToListAsync(ct);
        var days = BusinessHours.Week.ToDictionary(d => d, d => BusinessHours.FormatDay(
            rows.Where(r => r.Day == d).Select(r => new OpeningInterval(r.Day, r.StartMinute, r.EndMinute))));
        var holidays = await db.Holidays.AsNoTracking().Where(h => h.CalendarId == ServiceCalendar.Main).OrderBy(h => h.Date)
            .Select(h => new HolidayView(h.Id, h.Date, h.Name)).ToListAsync(ct);
        return new WeeklyHoursView(days, holidays);
    }

    /// <summary>Replaces the whole week at once: either every day parses and is saved, or nothing changes.</summary>
    public async Task<Outcome<WeeklyHoursView>> SetHoursAsync(IReadOnlyDictionary<DayOfWeek, string?> days, CancellationToken ct)
    {
        var intervals = new List<OpeningInterval>();
        var problems = new List<Problem>();
        foreach (var day in BusinessHours.Week)
        {
            var (parsed, dayProblems) = BusinessHours.ParseDay(day, days.GetValueOrDefault(day), day.ToString());
            intervals.AddRange(parsed);
            problems.AddRange(dayProblems);
        }
        if (problems.Count > 0) return Outcome<WeeklyHoursView>.Invalid(problems);

        db.OpeningHours.RemoveRange(await db.OpeningHours.Where(h => h.CalendarId == ServiceCalendar.Main).ToListAsync(ct));
        db.OpeningHours.AddRange(intervals.Select(i => new OpeningHours
            { Id = Guid.CreateVersion7(), Day = i.Day, StartMinute = i.StartMinute, EndMinute = i.EndMinute }));
        db.Audit(current.UserId, "hours.updated", nameof(OpeningHours), current.OrganisationId,
            string.Join("; ", BusinessHours.Week.Select(d => $"{d}: {BusinessHours.FormatDay(intervals.Where(i => i.Day == d))}")));
        await db.SaveChangesAsync(ct);
        OrganisationCalendar.Forget(cache, current.OrganisationId);
        return Outcome<WeeklyHoursView>.Ok(await GetHoursAsync(ct));
    }

    public async Task<Outcome<HolidayView>> AddHolidayAsync(DateOnly? date, string? name, CancellationToken ct)
    {
        var problems = OrganisationRules.CheckName(name, "HolidayName", OrganisationRules.MaxHolidayNameLength).ToList();
        if (date is null) problems.Add(new Problem("HolidayDate", "Field.Required"));
        else if (await db.Holidays.AnyAsync(h => h.CalendarId == ServiceCalendar.Main && h.Date == date, ct)) problems.Add(new Problem("HolidayDate", "Hours.DuplicateHoliday", date.Value.ToString("d")));
        if (problems.Count > 0) return Outcome<HolidayView>.Invalid(problems);

        var holiday = new Holiday { Id = Guid.CreateVersion7(), Date = date!.Value, Name = name!.Trim() };
        db.Holidays.Add(holiday);
        db.Audit(current.UserId, "holiday.added", nameof(Holiday), holiday.Id, $"{holiday.Date:yyyy-MM-dd} {holiday.Name}");
        await db.SaveChangesAsync(ct);
        OrganisationCalendar.Forget(cache, current.OrganisationId);
        return Outcome<HolidayView>.Ok(new HolidayView(holiday.Id, holiday.Date, holiday.Name));
    }

    public async Task<Outcome<bool>> RemoveHolidayAsync(Guid id, CancellationToken ct)
    {
        var holiday = await db.Holidays.SingleOrDefaultAsync(h => h.Id == id, ct);
        if (holiday is null) return Outcome<bool>.NotFound();
        db.Holidays.Remove(holiday);
        db.Audit(current.UserId, "holiday.removed", nameof(Holiday), holiday.Id, $"{holiday.Date:yyyy-MM-dd} {holiday.Name}");
        await db.SaveChangesAsync(ct);
        OrganisationCalendar.Forget(cache, current.OrganisationId);
        return Outcome<bool>.Ok(true);
    }
}
