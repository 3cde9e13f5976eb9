using Pauta.Data.Entities;
using Pauta.Web.Features.Organisation;

namespace Pauta.Web.Features.Sites;

/// <summary>
/// One calendar: a named one's key, name and zone; any calendar's week and holidays (add, remove, import a file, generate
/// national holidays); deleting a named calendar no site uses, after seeing which published protocols name it.
/// The all-zero id is the organisation's own calendar.
/// </summary>
[Authorize(Policy = nameof(Permission.ManageBusinessHours))]
public sealed partial class CalendarModel(SitesService service, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public CalendarForm Input { get; set; } = new();
    [BindProperty] public HoursInput Hours { get; set; } = new();
    [BindProperty, Display(Name = "Field.HolidayDate")] public DateOnly? HolidayDate { get; set; }
    [BindProperty, Display(Name = "Field.HolidayName")] public string? HolidayName { get; set; }
    public CalendarView Calendar { get; private set; } = null!;
    public CalendarUse? Uses { get; private set; }
    public IReadOnlyList<string> TimeZones { get; } = OrganisationRules.TimeZoneIds();
    public bool IsMain => Id == ServiceCalendar.Main;
    public bool IsNamed => !IsMain && Calendar.Kind == CalendarKind.Named;
    public Guid? SiteId { get; private set; }

    [BindProperty, Display(Name = "Field.HolidayCountry")] public string? Country { get; set; }
    [BindProperty, Display(Name = "Field.FromYear")] public int? FromYear { get; set; }
    [BindProperty, Display(Name = "Field.ToYear")] public int? ToYear { get; set; }
    /// <summary>The generated holidays shown before saving them.</summary>
    public IReadOnlyList<(DateOnly Date, string Name)>? Preview { get; private set; }
    [BindProperty, Display(Name = "Field.HolidayFile")] public IFormFile? HolidayFile { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        ResetForms();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.UpdateCalendarAsync(Id, new CalendarInput(Input.Key?.Trim(), Input.Name, Input.TimeZoneId, null, Input.Version), ct);
        return await DoneAsync(outcome.Failure, outcome.Problems, "Input", l["Flash.Saved"].Value, ct);
    }

    public async Task<IActionResult> OnPostHoursAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.SetHoursAsync(Id, Hours.ToDictionary(), ct);
        return await DoneAsync(outcome.Failure, outcome.Problems, "Hours", l["Flash.Saved"].Value, ct, keepHours: true);
    }

    public async Task<IActionResult> OnPostAddHolidayAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.AddHolidayAsync(Id, HolidayDate, HolidayName, ct);
        return await DoneAsync(outcome.Failure, outcome.Problems, "", l["Flash.HolidayAdded"].Value, ct);
    }

    public async Task<IActionResult> OnPostRemoveHolidayAsync(Guid holidayId, CancellationToken ct)
    {
        var outcome = await service.RemoveHolidayAsync(Id, holidayId, ct);
        if (!outcome.Succeeded) return NotFound();
        TempData["Flash"] = l["Flash.HolidayRemoved"].Value;
        return Redirect(Here());
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.DeleteCalendarAsync(Id, Input.Version, ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = l["Flash.CalendarDeleted"].Value;
            return Redirect("/organisation/calendars");
        }
        return await DoneAsync(outcome.Failure, outcome.Problems, "", "", ct);
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(ct)) return NotFound();
        ResetForms();
        var outcome = await service.NationalHolidaysAsync(Country, FromYear, ToYear, ct);
        if (outcome.Succeeded) Preview = outcome.Value;
        else
        {
            outcome.Problems.AddTo(ModelState, l, prefix: "");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostGenerateAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.GenerateHolidaysAsync(Id, Country, FromYear, ToYear, ct);
        var flash = outcome.Succeeded ? Batch(l["Flash.HolidaysGenerated", outcome.Value!.Added, outcome.Value.AlreadyThere.Count].Value, outcome.Value) : "";
        return await DoneAsync(outcome.Failure, outcome.Problems, "", flash, ct);
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (HolidayFile is null || HolidayFile.Length == 0)
            return await DoneAsync(Failure.Invalid, [new Problem(nameof(HolidayFile), "Calendars.FileRequired")], "", "", ct);
        if (HolidayFile.Length > Pauta.Core.Calendars.HolidayImport.MaxBytes)
            return await DoneAsync(Failure.Invalid, [new Problem(nameof(HolidayFile), "Calendars.FileTooLarge")], "", "", ct);
        string text;
        using (var reader = new StreamReader(HolidayFile.OpenReadStream(), System.Text.Encoding.UTF8)) text = await reader.ReadToEndAsync(ct);
        var outcome = await service.ImportHolidaysAsync(Id, HolidayFile.FileName, text, ct);
        var flash = outcome.Succeeded ? Batch(l["Flash.HolidaysImported", outcome.Value!.Added, outcome.Value.AlreadyThere.Count].Value, outcome.Value) : "";
        // The service names the file "File" (as the API's multipart field); the page's input is HolidayFile.
        return await DoneAsync(outcome.Failure, outcome.Problems.Select(p => p.Field == "File" ? p with { Field = nameof(HolidayFile) } : p), "", flash, ct);
    }

    private string Batch(string message, HolidayBatchResult result) => result.AlreadyThere.Count == 0 ? message
        : message + " " + l["Calendars.AlreadyThere", string.Join(", ", result.AlreadyThere.Take(20).Select(d => d.ToString("d")))
            + (result.AlreadyThere.Count > 20 ? "…" : "")].Value;

    private string Here() => $"/organisation/calendars/{Id}";

    private async Task<IActionResult> DoneAsync(Failure failure, IEnumerable<Problem> problems, string prefix, string flash, CancellationToken ct,
        bool keepHours = false)
    {
        if (failure == Failure.None)
        {
            TempData["Flash"] = flash;
            return Redirect(Here());
        }
        if (failure == Failure.NotFound || !await LoadAsync(ct)) return NotFound();
        foreach (var p in problems)
            ModelState.AddModelError(p.Field.Length == 0 ? "" : prefix.Length == 0 ? p.Field : $"{prefix}.{p.Field}", p.Message(l));
        var keepInput = Input;
        var keptHours = Hours;
        ResetForms();
        if (failure == Failure.Conflict) Response.StatusCode = StatusCodes.Status409Conflict;
        else
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            if (prefix == "Input") Input = keepInput with { Version = Calendar.Version };
            if (keepHours) Hours = keptHours;
        }
        return Page();
    }

    private void ResetForms()
    {
        Input = new CalendarForm { Key = Calendar.Key, Name = Calendar.Name, TimeZoneId = Calendar.TimeZoneId, Version = Calendar.Version };
        Hours = HoursInput.From(Calendar.Days);
        Country ??= Calendar.HolidayCountry;
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var calendar = await service.GetCalendarAsync(Id, ct);
        if (calendar is null) return false;
        Calendar = calendar;
        if (calendar.Kind == CalendarKind.Named && !IsMain) Uses = await service.UsesAsync(Id, ct);
        if (calendar.Kind == CalendarKind.Site && !IsMain)
            SiteId = (await service.ListSitesAsync(includeArchived: true, ct)).FirstOrDefault(s => s.CalendarId == Id)?.Id;
        return true;
    }
}

public sealed record CalendarForm
{
    [Display(Name = "Field.CalendarKey")] public string? Key { get; set; }
    [Display(Name = "Field.CalendarName")] public string? Name { get; set; }
    [Display(Name = "Field.TimeZone")] public string? TimeZoneId { get; set; }
    public int Version { get; set; }
}
