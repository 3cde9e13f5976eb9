namespace Pauta.Web.Features.Sites;

public static class SitesApi
{
    public sealed record ArchiveInput(bool Archived, int Version);

    public sealed record CalendarHolidayInput(DateOnly? Date, string? Name);

    /// <summary>National holidays to generate: a country (AR, CL, CO, ES, MX) and the years, at most 10 at once.</summary>
    public sealed record GenerateInput(string? Country, int? FromYear, int? ToYear);

    public static void MapSitesApi(this RouteGroupBuilder api)
    {
        var sites = api.MapGroup("/sites").WithTags("Sites");

        sites.MapGet("", async (bool? archived, SitesService s, CancellationToken ct) => TypedResults.Ok(await s.ListSitesAsync(archived ?? false, ct)))
            .WithName("ListSites").WithSummary("The organisation's sites by name; ?archived=true includes archived ones.");

        sites.MapGet("/{id:guid}", async Task<IResult> (Guid id, SitesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await s.GetSiteAsync(id, ct) is { } site ? TypedResults.Ok(site) : TypedResults.Problem(statusCode: 404, title: l["Error.NotFound"]))
            .Produces<SiteView>().ProducesProblem(StatusCodes.Status404NotFound).WithName("GetSite");

        sites.MapPost("", async (SiteInput input, SitesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.AddSiteAsync(input, ct)).ToHttp(l, v => TypedResults.Created($"/api/v1/sites/{v.Id}", v)))
            .RequireAuthorization(nameof(Permission.ManageBusinessHours))
            .ProducesOutcome<SiteView>(StatusCodes.Status201Created).WithName("AddSite")
            .WithSummary("Adds a site with its own calendar (key site-<name>), e.g. {\"name\": \"Tienda Bogotá\", \"timeZoneId\": \"America/Bogota\", \"hours\": {\"Monday\": \"09:00-19:00\"}}.");

        sites.MapPut("/{id:guid}", async (Guid id, SiteInput input, SitesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.UpdateSiteAsync(id, input, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.ManageBusinessHours))
            .ProducesOutcome<SiteView>().WithName("UpdateSite")
            .WithSummary("Changes a site; hours left out keep the week; send back the version you read (409 if someone saved first).");

        sites.MapPost("/{id:guid}/archive", async (Guid id, ArchiveInput input, SitesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.SetArchivedAsync(id, input.Archived, input.Version, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.ManageBusinessHours))
            .ProducesOutcome<SiteView>().WithName("ArchiveSite")
            .WithSummary("Archives ({\"archived\": true}) or restores a site: an archived site takes no new people or contacts.");

        var calendars = api.MapGroup("/calendars").WithTags("Sites");

        calendars.MapGet("", async (SitesService s, CancellationToken ct) => TypedResults.Ok(await s.ListCalendarsAsync(null, ct)))
            .WithName("ListCalendars").WithSummary("Every calendar besides the organisation's own: the sites' and the named ones.");

        calendars.MapGet("/{id:guid}", async Task<IResult> (Guid id, SitesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await s.GetCalendarAsync(id, ct) is { } c ? TypedResults.Ok(c) : TypedResults.Problem(statusCode: 404, title: l["Error.NotFound"]))
            .Produces<CalendarView>().ProducesProblem(StatusCodes.Status404NotFound).WithName("GetCalendar")
            .WithSummary("A calendar with its week and holidays; the all-zero id is the organisation's own.");

        calendars.MapGet("/{id:guid}/uses", async Task<IResult> (Guid id, SitesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await s.UsesAsync(id, ct) is { } u ? TypedResults.Ok(u) : TypedResults.Problem(statusCode: 404, title: l["Error.NotFound"]))
            .Produces<CalendarUse>().ProducesProblem(StatusCodes.Status404NotFound).WithName("GetCalendarUses")
            .WithSummary("The sites that use a calendar and the published protocols that name it.");

        calendars.MapPost("", async (CalendarInput input, SitesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.AddCalendarAsync(input, ct)).ToHttp(l, v => TypedResults.Created($"/api/v1/calendars/{v.Id}", v)))
            .RequireAuthorization(nameof(Permission.ManageBusinessHours))
            .ProducesOutcome<CalendarView>(StatusCodes.Status201Created).WithName("AddCalendar")
            .WithSummary("Adds a named calendar, e.g. {\"key\": \"legal-co\", \"name\": \"Legal Colombia\", \"timeZoneId\": \"America/Bogota\", \"hours\": {\"Monday\": \"00:00-24:00\"}}.");

        calendars.MapPut("/{id:guid}", async (Guid id, CalendarInput input, SitesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.UpdateCalendarAsync(id, input, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.ManageBusinessHours))
            .ProducesOutcome<CalendarView>().WithName("UpdateCalendar").WithSummary("Changes a named calendar; send back the version you read.");

        calendars.MapDelete("/{id:guid}", async (Guid id, int version, SitesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.DeleteCalendarAsync(id, version, ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .RequireAuthorization(nameof(Permission.ManageBusinessHours))
            .ProducesOutcome<bool>(StatusCodes.Status204NoContent).WithName("DeleteCalendar")
            .WithSummary("Deletes a named calendar no site uses (?version= is the one you read); protocols naming it then count on the site's hours.");

        calendars.MapPut("/{id:guid}/hours", async (Guid id, Dictionary<DayOfWeek, string?> days, SitesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.SetHoursAsync(id, days, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.ManageBusinessHours))
            .ProducesOutcome<CalendarView>().WithName("SetCalendarHours").WithSummary("Replaces a calendar's week; a day left out is closed.");

        calendars.MapPost("/{id:guid}/holidays", async (Guid id, CalendarHolidayInput input, SitesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.AddHolidayAsync(id, input.Date, input.Name, ct)).ToHttp(l, v => TypedResults.Created($"/api/v1/calendars/{id}/holidays/{v.Id}", v)))
            .RequireAuthorization(nameof(Permission.ManageBusinessHours))
            .ProducesOutcome<Organisation.HolidayView>(StatusCodes.Status201Created).WithName("AddCalendarHoliday");

        calendars.MapDelete("/{id:guid}/holidays/{holidayId:guid}", async (Guid id, Guid holidayId, SitesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.RemoveHolidayAsync(id, holidayId, ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .RequireAuthorization(nameof(Permission.ManageBusinessHours))
            .ProducesOutcome<bool>(StatusCodes.Status204NoContent).WithName("RemoveCalendarHoliday");

        calendars.MapPost("/{id:guid}/holidays/generate", async (Guid id, GenerateInput input, SitesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.GenerateHolidaysAsync(id, input.Country, input.FromYear, input.ToYear, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.ManageBusinessHours))
            .ProducesOutcome<HolidayBatchResult>().WithName("GenerateCalendarHolidays")
            .WithSummary("Saves a country's national holidays for the years given into the calendar; dates already there are reported, not doubled.");

        calendars.MapPost("/{id:guid}/holidays/import", async Task<IResult> (Guid id, IFormFile? file, SitesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                if (file is null || file.Length == 0)
                    return Outcome<HolidayBatchResult>.Invalid("File", "Calendars.FileRequired").ToHttp(l, TypedResults.Ok);
                if (file.Length > Pauta.Core.Calendars.HolidayImport.MaxBytes)
                    return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: l["Calendars.FileTooLarge"]);
                string text;
                using (var reader = new StreamReader(file.OpenReadStream(), System.Text.Encoding.UTF8)) text = await reader.ReadToEndAsync(ct);
                return (await s.ImportHolidaysAsync(id, file.FileName, text, ct)).ToHttp(l, v => TypedResults.Ok(v));
            })
            .RequireAuthorization(nameof(Permission.ManageBusinessHours))
            .DisableAntiforgery()
            .ProducesOutcome<HolidayBatchResult>().ProducesProblem(StatusCodes.Status413PayloadTooLarge).WithName("ImportCalendarHolidays")
            .WithSummary("Imports a CSV (date,name) or iCalendar file sent as multipart field \"file\" (up to 1 MB; 413 above): nothing is saved while any line has a problem, each reported with its line and column.");
    }
}
