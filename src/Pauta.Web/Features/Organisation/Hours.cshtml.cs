namespace Pauta.Web.Features.Organisation;

/// <summary>Weekly business hours (several intervals a day) and the holiday list, which the service-level clocks count in.</summary>
[Authorize(Policy = nameof(Permission.ManageBusinessHours))]
public sealed class HoursModel(OrganisationService service, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public HoursInput Input { get; set; } = new();
    [BindProperty, Display(Name = "Field.HolidayDate")] public DateOnly? HolidayDate { get; set; }
    [BindProperty, Display(Name = "Field.HolidayName")] public string? HolidayName { get; set; }
    public IReadOnlyList<HolidayView> Holidays { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct, keepInput: false);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await service.SetHoursAsync(Input.ToDictionary(), ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = l["Flash.Saved"].Value;
            return RedirectToPage();
        }
        outcome.Problems.AddTo(ModelState, l);
        await LoadAsync(ct, keepInput: true);
        return Page();
    }

    public async Task<IActionResult> OnPostAddHolidayAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.AddHolidayAsync(HolidayDate, HolidayName, ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = l["Flash.HolidayAdded"].Value;
            return RedirectToPage();
        }
        outcome.Problems.AddTo(ModelState, l, prefix: "");
        await LoadAsync(ct, keepInput: false);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveHolidayAsync(Guid id, CancellationToken ct)
    {
        var outcome = await service.RemoveHolidayAsync(id, ct);
        if (!outcome.Succeeded) return NotFound();
        TempData["Flash"] = l["Flash.HolidayRemoved"].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct, bool keepInput)
    {
        var view = await service.GetHoursAsync(ct);
        Holidays = view.Holidays;
        if (!keepInput) Input = HoursInput.From(view.Days);
    }
}

public sealed class HoursInput
{
    public string? Monday { get; set; }
    public string? Tuesday { get; set; }
    public string? Wednesday { get; set; }
    public string? Thursday { get; set; }
    public string? Friday { get; set; }
    public string? Saturday { get; set; }
    public string? Sunday { get; set; }

    public string? this[DayOfWeek day] => day switch
    {
        DayOfWeek.Monday => Monday, DayOfWeek.Tuesday => Tuesday, DayOfWeek.Wednesday => Wednesday,
        DayOfWeek.Thursday => Thursday, DayOfWeek.Friday => Friday, DayOfWeek.Saturday => Saturday,
        DayOfWeek.Sunday => Sunday,
    };

    public IReadOnlyDictionary<DayOfWeek, string?> ToDictionary() => BusinessHours.Week.ToDictionary(d => d, d => this[d]);

    public static HoursInput From(IReadOnlyDictionary<DayOfWeek, string> days) => new()
    {
        Monday = days[DayOfWeek.Monday], Tuesday = days[DayOfWeek.Tuesday], Wednesday = days[DayOfWeek.Wednesday],
        Thursday = days[DayOfWeek.Thursday], Friday = days[DayOfWeek.Friday], Saturday = days[DayOfWeek.Saturday],
        Sunday = days[DayOfWeek.Sunday],
    };
}
