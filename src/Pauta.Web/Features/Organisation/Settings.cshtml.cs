namespace Pauta.Web.Features.Organisation;

[Authorize(Policy = nameof(Permission.ManageOrganisation))]
public sealed class SettingsModel(OrganisationService service, Training.GateSettingsService training, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>The training gate and the days to retrain after a major version (their own form, #training-gate).</summary>
    [BindProperty, Display(Name = "Training.Gate.Setting")] public Pauta.Core.Training.GateMode? TrainingGate { get; set; }
    [BindProperty, Display(Name = "Training.Gate.RetrainDays")] public int? RetrainDueDays { get; set; }
    [BindProperty] public int TrainingVersion { get; set; }

    [BindProperty] public SettingsInput Input { get; set; } = new();
    public IReadOnlyList<string> TimeZones { get; } = OrganisationRules.TimeZoneIds();

    /// <summary>The note fields, one per line, as the textarea shows them.</summary>
    [BindProperty, Display(Name = "Field.NoteFields")] public string? Fields { get; set; }
    [BindProperty] public int NoteVersion { get; set; }
    public NoteTemplateView NoteTemplate { get; private set; } = null!;

    /// <summary>The organisation's own placeholders (their own forms, #placeholders).</summary>
    public IReadOnlyList<PlaceholderView> Placeholders { get; private set; } = [];
    [BindProperty, Display(Name = "Field.PlaceholderName")] public string? PlaceholderName { get; set; }
    [BindProperty, Display(Name = "Field.PlaceholderValue")] public string? PlaceholderValue { get; set; }
    [BindProperty] public int PlaceholderVersion { get; set; }

    public override async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context,
        Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        Placeholders = await service.PlaceholdersAsync(HttpContext.RequestAborted);
        await next();
    }

    public Task<IActionResult> OnPostAddPlaceholderAsync(CancellationToken ct) => SavePlaceholderAsync(null, ct);

    public Task<IActionResult> OnPostEditPlaceholderAsync(Guid id, CancellationToken ct) => SavePlaceholderAsync(id, ct);

    private async Task<IActionResult> SavePlaceholderAsync(Guid? id, CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.SavePlaceholderAsync(id, new PlaceholderInput(PlaceholderName, PlaceholderValue, PlaceholderVersion), ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = l["Flash.Saved"].Value;
            return RedirectToPage(null, null, "placeholders");
        }
        if (outcome.Failure == Failure.NotFound) return NotFound();
        Input = SettingsInput.From(await service.GetAsync(ct));
        await LoadNoteTemplateAsync(ct, showStored: true);
        await LoadTrainingAsync(ct, showStored: true);
        foreach (var p in outcome.Problems) ModelState.AddModelError(p.Field.Length == 0 ? "" : "Placeholder" + p.Field, p.Message(l));
        Response.StatusCode = outcome.Failure == Failure.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public async Task<IActionResult> OnPostRemovePlaceholderAsync(Guid id, CancellationToken ct)
    {
        var outcome = await service.RemovePlaceholderAsync(id, ct);
        if (!outcome.Succeeded) return NotFound();
        TempData["Flash"] = l["Flash.PlaceholderRemoved"].Value;
        return RedirectToPage(null, null, "placeholders");
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input = SettingsInput.From(await service.GetAsync(ct));
        await LoadNoteTemplateAsync(ct, showStored: true);
        await LoadTrainingAsync(ct, showStored: true);
    }

    public async Task<IActionResult> OnPostTrainingAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await training.SetAsync(TrainingGate, RetrainDueDays, TrainingVersion, ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = l["Flash.Saved"].Value;
            return RedirectToPage(null, null, "training-gate");
        }
        if (outcome.Failure == Failure.Forbidden) return Forbid();
        Input = SettingsInput.From(await service.GetAsync(ct));
        await LoadNoteTemplateAsync(ct, showStored: true);
        // On a conflict the form shows what the other person saved; otherwise what this person chose, beside its errors.
        await LoadTrainingAsync(ct, showStored: outcome.Failure == Failure.Conflict);
        outcome.Problems.AddTo(ModelState, l, prefix: "");
        Response.StatusCode = outcome.Failure == Failure.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task LoadTrainingAsync(CancellationToken ct, bool showStored)
    {
        var stored = await training.GetAsync(ct);
        TrainingVersion = stored.Version;
        if (!showStored) return;
        TrainingGate = stored.Gate;
        RetrainDueDays = stored.RetrainDueDays;
    }

    public Task<IActionResult> OnPostNoteTemplateAsync(CancellationToken ct) =>
        SaveNoteTemplateAsync(OrganisationService.ParseNoteFields(Fields), ct);

    public Task<IActionResult> OnPostResetNoteTemplateAsync(CancellationToken ct) => SaveNoteTemplateAsync(null, ct);

    private async Task<IActionResult> SaveNoteTemplateAsync(IReadOnlyList<string>? fields, CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.SetNoteTemplateAsync(fields, NoteVersion, ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = fields is null ? l["Flash.NoteTemplateReset"].Value : l["Flash.Saved"].Value;
            return RedirectToPage();
        }
        Input = SettingsInput.From(await service.GetAsync(ct));
        // On a conflict the textarea shows what the other person saved; otherwise what this person typed, beside its errors.
        await LoadNoteTemplateAsync(ct, showStored: outcome.Failure == Failure.Conflict);
        await LoadTrainingAsync(ct, showStored: true);
        outcome.Problems.AddTo(ModelState, l, prefix: "");
        Response.StatusCode = outcome.Failure == Failure.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task LoadNoteTemplateAsync(CancellationToken ct, bool showStored)
    {
        NoteTemplate = await service.GetNoteTemplateAsync(ct);
        NoteVersion = NoteTemplate.Version;
        if (showStored) Fields = string.Join('\n', NoteTemplate.Fields);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            await LoadNoteTemplateAsync(ct, showStored: true);
            await LoadTrainingAsync(ct, showStored: true);
            return Page();
        }
        var outcome = await service.UpdateAsync(Input.ToSettings(), ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = l["Flash.Saved"].Value;
            return RedirectToPage();
        }
        if (outcome.Failure == Failure.Conflict)
        {
            // Show what the other person saved, with its version, so saving again from this page can work.
            ModelState.Clear();
            Input = SettingsInput.From(await service.GetAsync(ct));
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        outcome.Problems.AddTo(ModelState, l);
        await LoadNoteTemplateAsync(ct, showStored: true);
        await LoadTrainingAsync(ct, showStored: true);
        return Page();
    }
}

public sealed class SettingsInput
{
    [Display(Name = "Field.OrganisationName")]
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(OrganisationRules.MaxNameLength, ErrorMessage = "Validation.TooLong")]
    public string Name { get; set; } = "";

    [Display(Name = "Field.BrandName")]
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(OrganisationRules.MaxNameLength, ErrorMessage = "Validation.TooLong")]
    public string BrandName { get; set; } = "";

    [Display(Name = "Field.Language")]
    [Required(ErrorMessage = "Validation.Required")]
    public string Language { get; set; } = "es";

    [Display(Name = "Field.TimeZone")]
    [Required(ErrorMessage = "Validation.Required")]
    public string TimeZoneId { get; set; } = "Europe/Madrid";

    [Display(Name = "Field.Channels")]
    public List<Channels> Channels { get; set; } = [];

    [Display(Name = "Field.RequireProtocolApproval")]
    public bool RequireProtocolApproval { get; set; }

    [Display(Name = "Field.Currency")]
    public string? Currency { get; set; }

    public int Version { get; set; }

    public static SettingsInput From(OrganisationSettings s) => new()
    {
        Name = s.Name, BrandName = s.BrandName, Language = s.Language, TimeZoneId = s.TimeZoneId,
        Channels = ChannelList.Each.Where(c => s.Channels.HasFlag(c)).ToList(), Version = s.Version,
        RequireProtocolApproval = s.RequireProtocolApproval == true, Currency = s.Currency,
    };

    public OrganisationSettings ToSettings() => new(Name, BrandName, Language, TimeZoneId,
        Channels.Aggregate(Core.Organisations.Channels.None, (a, c) => a | c), Version, RequireProtocolApproval,
        // A form without the field (an older page) keeps the currency.
        string.IsNullOrWhiteSpace(Currency) ? null : Currency.Trim().ToUpperInvariant());
}
