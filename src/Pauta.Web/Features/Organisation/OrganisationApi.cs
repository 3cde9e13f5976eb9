namespace Pauta.Web.Features.Organisation;

public static class OrganisationApi
{
    public sealed record HolidayInput(DateOnly? Date, string? Name);

    /// <summary>The note fields in order, and the organisation version read with them.</summary>
    public sealed record NoteTemplateInput(IReadOnlyList<string>? Fields, int Version);

    public static void MapOrganisationApi(this RouteGroupBuilder api)
    {
        var org = api.MapGroup("").WithTags("Organisation");

        org.MapGet("/organisation", async (OrganisationService s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(ct)))
            .WithName("GetOrganisation").WithSummary("The organisation's settings.");

        org.MapPut("/organisation", async (OrganisationSettings input, OrganisationService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.UpdateAsync(input, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.ManageOrganisation))
            .ProducesOutcome<OrganisationSettings>().WithName("UpdateOrganisation").WithSummary("Changes the settings; send back the version you read (409 if someone saved first).");

        org.MapGet("/organisation/note-template", async (OrganisationService s, CancellationToken ct) => TypedResults.Ok(await s.GetNoteTemplateAsync(ct)))
            .WithName("GetNoteTemplate").WithSummary("The standard note fields agents fill in on every contact.");

        org.MapPut("/organisation/note-template", async (NoteTemplateInput input, OrganisationService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.SetNoteTemplateAsync(input.Fields ?? [], input.Version, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.ManageOrganisation))
            .ProducesOutcome<NoteTemplateView>().WithName("SetNoteTemplate")
            .WithSummary("Replaces the note fields: 1 to 12 names, each up to 80 characters, no duplicates; send back the version you read.");

        org.MapDelete("/organisation/note-template", async (int version, OrganisationService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.SetNoteTemplateAsync(null, version, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.ManageOrganisation))
            .ProducesOutcome<NoteTemplateView>().WithName("ResetNoteTemplate")
            .WithSummary("Goes back to the default fields, which follow the organisation's language; ?version= is the version you read.");

        org.MapGet("/organisation/placeholders", async (OrganisationService s, CancellationToken ct) => TypedResults.Ok(await s.PlaceholdersAsync(ct)))
            .WithName("ListPlaceholders").WithSummary("The organisation's own placeholders, by name.");

        org.MapPost("/organisation/placeholders", async (PlaceholderInput input, OrganisationService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.SavePlaceholderAsync(null, input, ct)).ToHttp(l, v => TypedResults.Created($"/api/v1/organisation/placeholders/{v.Id}", v)))
            .RequireAuthorization(nameof(Permission.ManageOrganisation))
            .ProducesOutcome<PlaceholderView>(StatusCodes.Status201Created).WithName("AddPlaceholder")
            .WithSummary("Adds a placeholder, e.g. {\"name\": \"web\", \"value\": \"www.suarez.example\"}: lower-case letters, digits and hyphens, not a built-in name.");

        org.MapPut("/organisation/placeholders/{id:guid}", async (Guid id, PlaceholderInput input, OrganisationService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.SavePlaceholderAsync(id, input, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.ManageOrganisation))
            .ProducesOutcome<PlaceholderView>().WithName("UpdatePlaceholder").WithSummary("Changes a placeholder; send back the version you read.");

        org.MapDelete("/organisation/placeholders/{id:guid}", async (Guid id, OrganisationService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.RemovePlaceholderAsync(id, ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .RequireAuthorization(nameof(Permission.ManageOrganisation))
            .ProducesOutcome<bool>(StatusCodes.Status204NoContent).WithName("RemovePlaceholder");

        org.MapGet("/business-hours", async (OrganisationService s, CancellationToken ct) => TypedResults.Ok(await s.GetHoursAsync(ct)))
            .WithName("GetBusinessHours").WithSummary("Weekly opening intervals per day and the holiday list.");

        org.MapPut("/business-hours", async (Dictionary<DayOfWeek, string?> days, OrganisationService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.SetHoursAsync(days, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.ManageBusinessHours))
            .ProducesOutcome<WeeklyHoursView>().WithName("SetBusinessHours").WithSummary("Replaces the week, e.g. {\"Monday\": \"09:00-14:00, 16:00-20:00\"}; a day left out is closed.");

        org.MapPost("/holidays", async (HolidayInput input, OrganisationService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.AddHolidayAsync(input.Date, input.Name, ct)).ToHttp(l, v => TypedResults.Created($"/api/v1/holidays/{v.Id}", v)))
            .RequireAuthorization(nameof(Permission.ManageBusinessHours))
            .ProducesOutcome<HolidayView>(StatusCodes.Status201Created).WithName("AddHoliday");

        org.MapDelete("/holidays/{id:guid}", async (Guid id, OrganisationService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.RemoveHolidayAsync(id, ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .RequireAuthorization(nameof(Permission.ManageBusinessHours))
            .ProducesOutcome<bool>(StatusCodes.Status204NoContent).WithName("RemoveHoliday");
    }
}
