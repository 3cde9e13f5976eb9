using Pauta.Core.Contacts;
using Pauta.Web.Features.Surveys;
using ContactOutcome = Pauta.Core.Contacts.ContactOutcome;

namespace Pauta.Web.Features.Contacts;

/// <summary>
/// The guided run: one step at a time with its scripts filled in, the flow's answers, skip, back, plans, escalation,
/// notes, the close gate, the clocks and the timeline. Every action is a plain form (POST, then redirect); htmx swaps
/// the run in place and contacts.js adds the keyboard shortcuts. <c>?at=N</c> shows the contact as it was after its first
/// N actions, read-only, for audit.
/// </summary>
[Authorize(Policy = nameof(Permission.HandleContacts))]
public sealed class RunModel(ContactRunService runs, SurveysService surveys, Organisation.OrganisationService organisation, PautaDbContext db,
    Training.TrainingGateService gate, CurrentMember me, IStringLocalizer<SharedResource> l, Protocols.PublishedProtocols published) : PageModel
{
    /// <summary>
    /// The protocol the current step hands the contact off to (<see cref="Pauta.Core.Protocols.Step.Handoff"/>), with the link that
    /// starts it on the same channel, reason and customer; null when the step names none or no published protocol has that title.
    /// </summary>
    public (string Title, string Url)? HandoffTo { get; private set; }

    public sealed class ActForm
    {
        public Guid ActionId { get; set; }
        public int Version { get; set; }
        public ContactActionKind Kind { get; set; }
        public string? StepKey { get; set; }
        public int? AnswerIndex { get; set; }
        public int? Index { get; set; }
        public bool? Ticked { get; set; }
        [Display(Name = "Contact.SkipReason")] public string? Reason { get; set; }
        public string? PlanKey { get; set; }
        public string? RuleKey { get; set; }
        [Display(Name = "Contact.EscalateTo")] public string? Target { get; set; }
        [Display(Name = "Contact.Guidance")] public string? Guidance { get; set; }
        public List<string> NoteNames { get; set; } = [];
        public List<string?> NoteValues { get; set; } = [];
        [Display(Name = "Contact.Outcome")] public ContactOutcome? Outcome { get; set; }
        [Display(Name = "Contact.OverrideReason")] public string? OverrideReason { get; set; }
        [Display(Name = "Contact.FollowUpDue")] public DateOnly? FollowUpDue { get; set; }
        /// <summary>The contact fields form: every field of the protocol by key, an empty one clears it.</summary>
        public Dictionary<string, string?> Fields { get; set; } = [];
        /// <summary>The clock a milestone or an extension is for.</summary>
        public ContactClock? Clock { get; set; }

        public ContactActionInput ToInput() => new(ActionId, Version, Kind, StepKey, AnswerIndex, Index, Ticked, Reason, PlanKey, RuleKey,
            Target, Guidance,
            Kind == ContactActionKind.Note
                ? NoteNames.Select((n, i) => (n, v: i < NoteValues.Count ? NoteValues[i] ?? "" : "")).Where(p => !string.IsNullOrWhiteSpace(p.n))
                    .GroupBy(p => p.n.Trim()).ToDictionary(g => g.Key, g => g.Last().v)
                : null,
            Outcome, OverrideReason, FollowUpDue,
            Kind == ContactActionKind.Fields ? Fields.ToDictionary(f => f.Key, f => f.Value ?? "") : null, Clock);
    }

    [BindProperty] public ActForm Input { get; set; } = new();

    public ContactRun Run { get; private set; } = null!;

    /// <summary>Set when showing the contact as it was after this many actions.</summary>
    public int? At { get; private set; }

    public IReadOnlyList<string> NoteFields { get; private set; } = [];

    /// <summary>Roles and positions a contact can be escalated to by hand.</summary>
    public IReadOnlyList<string> Targets { get; private set; } = [];

    public SurveyLink? Survey { get; private set; }

    /// <summary>The major version the person handling the contact has not been trained on, when the gate is on (a badge).</summary>
    public int? NotTrainedOn { get; private set; }

    public bool IsHandler => Run.State.HandlerUserId == me.UserId;

    public bool CanAct => At is null && !Run.State.IsClosed && IsHandler;

    public bool CanSupervise => At is null && !Run.State.IsClosed && me.Can(Permission.ViewBoard);

    public bool CanTakeOver => CanSupervise && !IsHandler;

    /// <summary>The handler after a take-over, or a supervisor answering an escalation without taking it over.</summary>
    public bool CanReturn => At is null && !Run.State.IsClosed &&
        ((Run.State.IsTakenOver && IsHandler) || (Run.State.AwaitingSupervisor && !IsHandler && me.Can(Permission.ViewBoard)));

    public async Task<IActionResult> OnGetAsync(Guid id, int? at, CancellationToken ct)
    {
        var outcome = at is { } n ? await runs.GetAtAsync(id, n, ct) : await runs.GetAsync(id, ct);
        if (outcome.Failure == Failure.Invalid && at is not null) return Redirect($"/contacts/{id}");
        if (!outcome.Succeeded) return NotFound();
        At = at;
        await LoadAsync(outcome.Value!, ct);
        if (TempData["SurveyToken"] is string token && TempData["SurveyLanguage"] is string language) Survey = new SurveyLink(token, language);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await runs.ActAsync(id, Input.ToInput(), ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                // After a clock's action the clocks panel's status is where the agent reads what it did.
                return Redirect(Input.Kind is ContactActionKind.Milestone or ContactActionKind.Extend ? $"/contacts/{id}#clocks-status" : $"/contacts/{id}#run");
            case Failure.NotFound:
                return NotFound();
            case Failure.Forbidden when outcome.Problems.Count == 0:
                return Forbid();
        }
        // A take-over the training gate refuses says why, at the top of the run.
        if (outcome.Failure == Failure.Forbidden)
            foreach (var p in outcome.Problems) ModelState.AddModelError("", p.Message(l));
        else outcome.Problems.AddTo(ModelState, l);
        Response.StatusCode = outcome.Failure switch { Failure.Conflict => 409, Failure.Forbidden => 403, _ => 422 };
        var fresh = await runs.GetAsync(id, ct);
        if (!fresh.Succeeded) return NotFound();
        await LoadAsync(fresh.Value!, ct);
        return Page();
    }

    /// <summary>A new survey link for the customer; the token is shown once, right after.</summary>
    public async Task<IActionResult> OnPostSurveyAsync(Guid id, CancellationToken ct)
    {
        var run = await runs.GetAsync(id, ct);
        if (!run.Succeeded) return NotFound();
        if (!run.Value!.State.IsClosed) return Redirect($"/contacts/{id}");
        var link = await surveys.CreateAsync(id, run.Value!.State.CustomerLanguage, ct);
        if (link is null) return NotFound();
        TempData["SurveyToken"] = link.Token;
        TempData["SurveyLanguage"] = link.Language;
        return Redirect($"/contacts/{id}#survey");
    }

    private async Task LoadAsync(ContactRun run, CancellationToken ct)
    {
        Run = run;
        NoteFields = await organisation.NoteFieldsAsync(ct);
        var positions = await db.Positions.AsNoTracking().OrderBy(p => p.Title).Select(p => p.Title).ToListAsync(ct);
        Targets = [nameof(Role.Supervisor), nameof(Role.Manager), .. positions];
        // htmx swaps each next step into this page, whose policy the browser keeps: allow the players if any step may need them.
        Protocols.VideoPolicy.AllowFor(Response, Protocols.StepMedia.AllSteps(run.State.Protocol));
        if (!run.State.IsClosed && run.State.CurrentStep?.Handoff is { Length: > 0 } handoff &&
            (await published.CurrentAllAsync(ct)).FirstOrDefault(p => string.Equals(p.Title.Trim(), handoff.Trim(), StringComparison.OrdinalIgnoreCase)) is { } target)
        {
            var url = $"/contacts/new?Input.Channel={run.Row.Channel}&Input.Reason={Uri.EscapeDataString(run.Row.Reason)}&Input.OtherProtocolId={target.ProtocolId}";
            HandoffTo = (target.Title, run.Row.CustomerId is { } customer ? $"{url}&Input.CustomerId={customer}" : url);
        }
        if (!run.State.IsClosed)
            NotTrainedOn = (await gate.NotTrainedAsync([(run.State.HandlerUserId, run.Row.ProtocolId)], ct))
                .TryGetValue((run.State.HandlerUserId, run.Row.ProtocolId), out var v) ? v : null;
    }

    public string Sentence(TimelineEntry t) => l["Timeline." + t.Kind];
}
