using Pauta.Data.Entities;
using Pauta.Web.Features.Organisation;

namespace Pauta.Web.Features.Sites;

/// <summary>The organisation's sites: the list, and a form to add one with its zone, week and legal calendar.</summary>
[Authorize(Policy = nameof(Permission.ManageBusinessHours))]
public sealed class IndexModel(SitesService service, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public SiteForm Input { get; set; } = new();
    [BindProperty] public HoursInput Hours { get; set; } = new();
    public IReadOnlyList<SiteView> Sites { get; private set; } = [];
    public IReadOnlyList<CalendarSummary> LegalCalendars { get; private set; } = [];
    public IReadOnlyList<string> TimeZones { get; } = OrganisationRules.TimeZoneIds();

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var org = await service.GetCalendarAsync(ServiceCalendar.Main, ct);
        Input = new SiteForm { TimeZoneId = org!.TimeZoneId };
        Hours = HoursInput.From(org.Days);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.AddSiteAsync(Input.ToInput(Hours.ToDictionary(), 0), ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = l["Flash.SiteAdded", outcome.Value!.Name].Value;
            return Redirect($"/organisation/sites/{outcome.Value.Id}");
        }
        foreach (var p in outcome.Problems)
            ModelState.AddModelError(p.Field.StartsWith("Hours.", StringComparison.Ordinal) ? p.Field : "Input." + p.Field, p.Message(l));
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Sites = await service.ListSitesAsync(includeArchived: true, ct);
        LegalCalendars = await service.ListCalendarsAsync(CalendarKind.Named, ct);
    }
}

public sealed class SiteForm
{
    [Display(Name = "Field.SiteName")] public string? Name { get; set; }
    [Display(Name = "Field.Address")] public string? Address { get; set; }
    [Display(Name = "Field.Phone")] public string? Phone { get; set; }
    [Display(Name = "Field.TimeZone")] public string? TimeZoneId { get; set; }
    [Display(Name = "Field.LegalCalendar")] public Guid? LegalCalendarId { get; set; }
    public int Version { get; set; }

    public SiteInput ToInput(IReadOnlyDictionary<DayOfWeek, string?>? hours, int version) =>
        new(Name, Address, Phone, TimeZoneId, LegalCalendarId, hours, version);

    public static SiteForm From(SiteView s) => new()
    {
        Name = s.Name, Address = s.Address, Phone = s.Phone, TimeZoneId = s.TimeZoneId, LegalCalendarId = s.LegalCalendarId, Version = s.Version,
    };
}
