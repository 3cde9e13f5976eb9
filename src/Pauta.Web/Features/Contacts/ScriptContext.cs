using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Contacts;

/// <summary>
/// What a contact's scripts say about where it is served and the organisation's own placeholders: the site's name,
/// address, hours and phone (the organisation's brand and hours when the contact has no site), the custom placeholders
/// set in settings and the currency. Kept per node for <see cref="OrganisationCalendar.CacheLife"/>, like the calendars.
/// </summary>
public static class ScriptContext
{
    private sealed record Place(string? Site, string? Address, string? Phone, IReadOnlyList<OpeningInterval> Hours,
        IReadOnlyDictionary<string, string> Custom, string Currency);

    /// <summary>
    /// <paramref name="values"/> with the site's values, the organisation's placeholders and currency added; the hours in
    /// <paramref name="language"/>. <paramref name="organisationId"/> must be the organisation <paramref name="db"/> is filtered to.
    /// </summary>
    public static async Task<ScriptValues> AddAsync(ScriptValues values, PautaDbContext db, IMemoryCache cache, Guid organisationId,
        Guid? siteId, string language, CancellationToken ct)
    {
        var key = ("script-place", organisationId, siteId);
        if (!cache.TryGetValue(key, out Place? place) || place is null)
        {
            place = await LoadAsync(db, siteId, ct);
            cache.Set(key, place, OrganisationCalendar.CacheLife);
        }
        return values with
        {
            Site = place.Site ?? values.Company,
            Address = place.Address,
            SitePhone = place.Phone,
            Hours = HoursInWords.Describe(place.Hours, ScriptTemplate.CultureFor(language)),
            Custom = place.Custom,
            Currency = place.Currency,
        };
    }

    private static async Task<Place> LoadAsync(PautaDbContext db, Guid? siteId, CancellationToken ct)
    {
        var site = siteId is { } id
            ? await db.Sites.AsNoTracking().Where(s => s.Id == id).Select(s => new { s.Name, s.Address, s.Phone, s.CalendarId }).SingleOrDefaultAsync(ct)
            : null;
        var calendar = site?.CalendarId ?? ServiceCalendar.Main;
        var hours = await db.OpeningHours.AsNoTracking().Where(h => h.CalendarId == calendar)
            .Select(h => new OpeningInterval(h.Day, h.StartMinute, h.EndMinute)).ToListAsync(ct);
        var custom = (await db.OrganisationPlaceholders.AsNoTracking().Select(p => new { p.Name, p.Value }).ToListAsync(ct))
            .GroupBy(p => p.Name.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);
        var currency = await db.Organisations.AsNoTracking().Select(o => o.Currency).SingleAsync(ct);
        return new Place(Blank(site?.Name), Blank(site?.Address), Blank(site?.Phone), hours, custom, currency);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
