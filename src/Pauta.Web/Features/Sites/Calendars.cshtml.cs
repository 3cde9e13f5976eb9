using Pauta.Data.Entities;

namespace Pauta.Web.Features.Sites;

/// <summary>Named calendars (e.g. a legal one, Monday to Friday with national holidays) and the sites' calendars.</summary>
[Authorize(Policy = nameof(Permission.ManageBusinessHours))]
public sealed class CalendarsModel(SitesService service, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>How a new calendar's week starts: <see cref="LegalTemplate"/>, a calendar id to copy, or empty (closed).</summary>
    public const string LegalTemplate = "legal";

    [BindProperty] public NewCalendarForm Input { get; set; } = new();
    public IReadOnlyList<CalendarSummary> Calendars { get; private set; } = [];
    public IReadOnlyList<string> TimeZones { get; } = OrganisationRules.TimeZoneIds();
    public string OrganisationZone { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Input = new NewCalendarForm { TimeZoneId = OrganisationZone, StartFrom = LegalTemplate };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        IReadOnlyDictionary<DayOfWeek, string?> hours = new Dictionary<DayOfWeek, string?>();
        if (Input.StartFrom == LegalTemplate) hours = SiteRules.LegalWeekTemplate.ToDictionary(p => p.Key, p => (string?)p.Value);
        else if (Guid.TryParse(Input.StartFrom, out var copyFrom) && await service.GetCalendarAsync(copyFrom, ct) is { } source)
            hours = source.Days.ToDictionary(p => p.Key, p => (string?)p.Value);
        var outcome = await service.AddCalendarAsync(new CalendarInput(Input.Key?.Trim(), Input.Name, Input.TimeZoneId, hours), ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = l["Flash.CalendarAdded", outcome.Value!.Name].Value;
            return Redirect($"/organisation/calendars/{outcome.Value.Id}");
        }
        foreach (var p in outcome.Problems) ModelState.AddModelError(p.Field.Length == 0 ? "" : "Input." + p.Field, p.Message(l));
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Calendars = await service.ListCalendarsAsync(null, ct);
        OrganisationZone = (await service.GetCalendarAsync(ServiceCalendar.Main, ct))!.TimeZoneId;
    }
}

public sealed class NewCalendarForm
{
    [Display(Name = "Field.CalendarKey")] public string? Key { get; set; }
    [Display(Name = "Field.CalendarName")] public string? Name { get; set; }
    [Display(Name = "Field.TimeZone")] public string? TimeZoneId { get; set; }
    [Display(Name = "Field.StartFrom")] public string? StartFrom { get; set; }
}
