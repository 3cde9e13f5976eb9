using Pauta.Data.Entities;

namespace Pauta.Web.Features.Sites;

/// <summary>One site: its name, address, phone, zone and legal calendar; archive or restore it. Its week and holidays are on its calendar's page.</summary>
[Authorize(Policy = nameof(Permission.ManageBusinessHours))]
public sealed class EditModel(SitesService service, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public SiteForm Input { get; set; } = new();
    public SiteView Site { get; private set; } = null!;
    public IReadOnlyList<CalendarSummary> LegalCalendars { get; private set; } = [];
    public IReadOnlyList<string> TimeZones { get; } = OrganisationRules.TimeZoneIds();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Input = SiteForm.From(Site);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.UpdateSiteAsync(Id, Input.ToInput(null, Input.Version), ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = l["Flash.Saved"].Value;
            return Redirect($"/organisation/sites/{Id}");
        }
        return await FailAsync(outcome.Failure, outcome.Problems, ct);
    }

    public async Task<IActionResult> OnPostArchiveAsync(bool archived, CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.SetArchivedAsync(Id, archived, Input.Version, ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = (archived ? l["Flash.SiteArchived"] : l["Flash.SiteRestored"]).Value;
            return Redirect($"/organisation/sites/{Id}");
        }
        return await FailAsync(outcome.Failure, outcome.Problems, ct);
    }

    private async Task<IActionResult> FailAsync(Failure failure, IEnumerable<Problem> problems, CancellationToken ct)
    {
        if (failure == Failure.NotFound || !await LoadAsync(ct)) return NotFound();
        foreach (var p in problems) ModelState.AddModelError(p.Field.Length == 0 ? "" : "Input." + p.Field, p.Message(l));
        if (failure == Failure.Conflict)
        {
            Input = SiteForm.From(Site);
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        else Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var site = await service.GetSiteAsync(Id, ct);
        if (site is null) return false;
        Site = site;
        LegalCalendars = await service.ListCalendarsAsync(CalendarKind.Named, ct);
        return true;
    }
}
