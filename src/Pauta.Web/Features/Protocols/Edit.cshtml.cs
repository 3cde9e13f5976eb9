using Pauta.Core.Protocols;
using Pauta.Data.Configurations;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Protocols;

/// <summary>
/// The protocol editor: the whole draft as one form that posts back for every save, check and row change (plain forms
/// without JavaScript, swapped in place with htmx), the linter's findings beside the parts they name, and the lifecycle
/// buttons. Saving carries the version read, so a second manager's stale save answers 409 and keeps their input.
/// </summary>
[Authorize(Policy = nameof(Permission.AuthorProtocols))]
[RequestFormLimits(ValueCountLimit = MaxFormValues)]
public sealed class EditModel(ProtocolsService protocols, AuthoringLookups lookups, CurrentMember current, Media.MediaService media,
    IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>The operation of a step's upload button: "upload:steps[2]" uploads that step's chosen file.</summary>
    public const string UploadOp = "upload:";

    public const string StatusKey = "EditorStatus";

    /// <summary>A 30-step protocol posts about 1,500 values; this leaves room for very large ones and still refuses abuse.</summary>
    public const int MaxFormValues = 20_000;

    [BindProperty] public ProtocolForm Input { get; set; } = new();
    [BindProperty] public int Version { get; set; }

    public Guid Id { get; private set; }
    public ProtocolHeader Header { get; private set; } = null!;
    public DraftView? Draft { get; private set; }
    public EditorChoices Choices { get; private set; } = new([], [], []);
    public EditorReferences References { get; private set; } = EditorReferences.None;
    public EditorMarks Marks { get; private set; } = EditorMarks.None;
    public EditorUi Ui { get; private set; } = null!;
    public string? FocusId { get; private set; }
    public string? StatusMessage { get; private set; }
    /// <summary>After a conflict: how the saved draft differs from what the person posted.</summary>
    public IReadOnlyList<SectionDiff>? ConflictDiff { get; private set; }
    public bool Conflicted { get; private set; }
    /// <summary>For a draft in review: how it differs from the published version, so the reviewer sees what would change.</summary>
    public IReadOnlyList<SectionDiff>? PublishedDiff { get; private set; }
    /// <summary>Whether the form shows something: the draft, or input posted back.</summary>
    public bool ShowsForm { get; private set; }
    public string? ChangeSummary { get; private set; }
    public string? ChangeSize { get; private set; }
    public string? ReturnReason { get; private set; }

    public bool Editable => Header.DraftState == DraftState.Editing && !Header.Archived;
    public bool IsAuthor => ProtocolLifecycle.IsAuthor(Header.Standing, current.UserId);
    public string EditUrl => $"/protocols/{Id}/edit";

    // ---------------------------------------------------------------- reading

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ShowDraft();
        StatusMessage = TempData[StatusKey] as string;
        if (Draft is { State: DraftState.InReview or DraftState.Approved } && Header.PublishedVersion > 0
            && await protocols.GetVersionAsync(id, Header.PublishedVersion, ct) is { Succeeded: true } published)
            PublishedDiff = ProtocolDiff.Compare(published.Value!.Protocol, Draft.Protocol).Where(d => d.Kind != SectionChangeKind.Unchanged).ToList();
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Id = id;
        var header = await lookups.HeaderAsync(id, ct);
        if (header is null) return false;
        Header = header;
        Choices = await lookups.ChoicesAsync(ct);
        References = await lookups.ReferencesAsync(id, ct);
        Draft = null;
        if (header.HasDraft && await protocols.GetDraftAsync(id, ct) is { Succeeded: true } draft) Draft = draft.Value;
        // The form shows format-1 levels as targets: their findings must name the target rows the page shows.
        if (Draft is { Protocol.ServiceLevels.Count: > 0 } d)
            Draft = d with { Findings = d.Findings.Select(f => f with { Path = ProtocolMigration.TargetPathOf(f.Path, d.Protocol) }).ToList() };
        return true;
    }

    /// <summary>The form as stored, with the stored findings.</summary>
    private void ShowDraft()
    {
        if (Draft is not null)
        {
            Input = ProtocolForm.From(Draft.Protocol);
            Version = Draft.Version;
            Marks = new EditorMarks(Draft.Findings, [], l);
            ShowsForm = true;
        }
        else
        {
            Version = Header.Version;
        }
        Ui = new EditorUi(Marks, FocusId, !Editable, l);
    }

    /// <summary>The form as posted, linted as it stands, with the problems of values that did not convert.</summary>
    private async Task<Pauta.Core.Protocols.Protocol> ShowPostedAsync(IEnumerable<Problem> extra, CancellationToken ct)
    {
        var (protocol, problems) = Input.ToProtocol();
        // What is linted is what saving stores (plain targets as format-1 levels), with its findings on the rows the form shows.
        var saved = ProtocolForm.Saved(protocol);
        var findings = ProtocolLinter.Lint(saved, await protocols.LintContextAsync(ct))
            .Select(f => f with { Path = ProtocolMigration.TargetPathOf(f.Path, saved) }).ToList();
        Marks = new EditorMarks(findings, problems.Concat(extra), l);
        ShowsForm = true;
        Ui = new EditorUi(Marks, FocusId, !Editable && !Conflicted, l);
        if (problems.Count > 0)
        {
            ModelState.AddModelError("", l["Editor.FixInput", problems.Count]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return protocol;
    }

    // ---------------------------------------------------------------- the form: save, check, rows

    public async Task<IActionResult> OnPostAsync(Guid id, string? op, string? drag, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!string.IsNullOrEmpty(drag)) FocusId = Input.Apply("move:" + drag);
        switch (op)
        {
            case "save":
                return await SaveAsync(ct);
            case null or "" or "check":
                await ShowPostedAsync([], ct);
                if (Response.StatusCode == StatusCodes.Status200OK && op == "check") StatusMessage = l["Editor.Checked"];
                return Page();
            case not null when op.StartsWith(UploadOp, StringComparison.Ordinal):
                return await UploadAsync(op[UploadOp.Length..], ct);
            default:
                FocusId = Input.Apply(op);
                if (FocusId is null) ModelState.AddModelError("", l["Editor.UnknownAction"]);
                await ShowPostedAsync([], ct);
                if (FocusId is null) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
        }
    }

    private async Task<IActionResult> SaveAsync(CancellationToken ct)
    {
        var (protocol, problems) = Input.ToProtocol();
        if (problems.Count > 0)
        {
            await ShowPostedAsync([], ct);
            ModelState.AddModelError("", l["Editor.NotSaved"]);
            return Page();
        }
        var outcome = await protocols.SaveDraftAsync(Id, ProtocolForm.Saved(protocol), Version, ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                TempData[StatusKey] = l["Editor.Saved"].Value;
                return Redirect(EditUrl);
            case Failure.NotFound:
                return NotFound();
            case Failure.Forbidden:
                return Forbid();
            case Failure.Conflict:
                return await ConflictAsync(protocol, ct);
            default:
                await ShowPostedAsync(outcome.Problems.Where(p => p.Field.Length > 0), ct);
                foreach (var p in outcome.Problems.Where(p => p.Field.Length == 0)) ModelState.AddModelError("", p.Message(l));
                ModelState.AddModelError("", l["Editor.NotSaved"]);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
        }
    }

    /// <summary>
    /// Uploads the file chosen for one step and adds its address to the step's images, with the focus on that new field.
    /// The image is stored at once (it is the organisation's); the step keeps it once the draft is saved, like any other
    /// edit. A refused file is named beside the step's file field and nothing is stored.
    /// </summary>
    private async Task<IActionResult> UploadAsync(string stepPath, CancellationToken ct)
    {
        var uploadPath = stepPath + ".upload";
        if (!Editable || Input.ListAt(stepPath + ".images") is not List<string?> images)
        {
            ModelState.AddModelError("", l[Editable ? "Editor.UnknownAction" : "Editor.ReadOnly"]);
            await ShowPostedAsync([], ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var file = Request.HasFormContentType ? Request.Form.Files.GetFile(EditorIds.Name(uploadPath)) : null;
        Problem? problem = null;
        if (file is null || file.Length == 0)
        {
            problem = new Problem(uploadPath, file is null ? "Media.Missing" : Pauta.Core.Protocols.ImageSniffer.Empty);
        }
        else if (file.Length > Pauta.Core.Protocols.ImageSniffer.MaxBytes)
        {
            problem = new Problem(uploadPath, Pauta.Core.Protocols.ImageSniffer.TooLarge, Media.MediaService.ProblemArgs(Pauta.Core.Protocols.ImageSniffer.TooLarge));
        }
        else
        {
            using var copy = new MemoryStream();
            await using (var stream = file.OpenReadStream()) await stream.CopyToAsync(copy, ct);
            var outcome = await media.UploadAsync(copy.ToArray(), ct);
            if (outcome.Failure == Failure.Forbidden) return Forbid();
            if (!outcome.Succeeded) problem = outcome.Problems[0] with { Field = uploadPath };
            else
            {
                images.Add(outcome.Value!.Media.Url);
                FocusId = EditorIds.Field($"{stepPath}.images[{images.Count - 1}]");
                StatusMessage = l["Editor.ImageUploaded"];
            }
        }
        if (problem is not null)
        {
            FocusId = EditorIds.Field(uploadPath);
            ModelState.AddModelError("", problem.Message(l));
        }
        await ShowPostedAsync(problem is null ? [] : [problem], ct);
        if (problem is not null) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>
    /// Someone saved first. Nothing is overwritten: the person keeps their input, sees what the other saved, and gets
    /// the current version, so saving again is a decision taken knowing the difference.
    /// </summary>
    private async Task<IActionResult> ConflictAsync(Pauta.Core.Protocols.Protocol mine, CancellationToken ct)
    {
        var posted = Input;
        if (!await LoadAsync(Id, ct)) return NotFound();
        Input = posted;
        Conflicted = true;
        if (Draft is not null)
        {
            ConflictDiff = ProtocolDiff.Compare(Draft.Protocol, mine).Where(d => d.Kind != SectionChangeKind.Unchanged).ToList();
            Version = Draft.Version;
            ModelState.AddModelError("", l["Editor.Conflict"]);
        }
        else
        {
            ModelState.AddModelError("", l["Editor.ConflictNoDraft"]);
        }
        await ShowPostedAsync([], ct);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>The live preview of one script (htmx), from the form as it stands.</summary>
    public IActionResult OnPostPreview(string? script)
    {
        ModelState.Clear();
        var (text, language) = ScriptAt(script ?? "");
        return Partial("_ScriptPreview", ScriptPreview.Of(script ?? "", text, language ?? Input.Language, l));
    }

    private (string? Text, string? Language) ScriptAt(string path)
    {
        var open = path.LastIndexOf('[');
        if (open <= 0 || !path.EndsWith(']') || !int.TryParse(path[(open + 1)..^1], out var index)) return (null, null);
        return Input.ListAt(path[..open]) is List<ScriptForm> scripts && index >= 0 && index < scripts.Count
            ? (scripts[index].Text, string.IsNullOrEmpty(scripts[index].Language) ? null : scripts[index].Language)
            : (null, null);
    }

    // ---------------------------------------------------------------- lifecycle

    public async Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        return await FinishAsync(await protocols.SubmitAsync(id, Version, ct), l["Editor.Submitted"], ct);
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        return await FinishAsync(await protocols.ApproveAsync(id, Version, ct), l["Editor.Approved"], ct);
    }

    public async Task<IActionResult> OnPostReturnAsync(Guid id, string? reason, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        ReturnReason = reason;
        var why = reason?.Trim() ?? "";
        if (why.Length == 0 || why.Length > ProtocolLimits.MaxChangeSummaryLength)
        {
            var problem = why.Length == 0 ? new Problem("reason", "Editor.ReasonRequired")
                : new Problem("reason", "Protocol.ChangeSummaryTooLong", ProtocolLimits.MaxChangeSummaryLength);
            return await RefusedAsync([problem], ct);
        }
        return await FinishAsync(await protocols.ReturnToEditingAsync(id, Version, why, ct), l["Editor.Returned", why], ct);
    }

    public async Task<IActionResult> OnPostPublishAsync(Guid id, string? changeSize, string? changeSummary, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        ChangeSize = changeSize;
        ChangeSummary = changeSummary;
        // Only later versions ask for a size (the lifecycle makes a first version major); the radio buttons must name one.
        Pauta.Core.Protocols.ChangeSize? size = Enum.TryParse<Pauta.Core.Protocols.ChangeSize>(changeSize, out var picked)
            && Enum.IsDefined(picked) && !int.TryParse(changeSize, out _) ? picked : null;
        if (size is null && ProtocolLifecycle.AsksChangeSize(Header.PublishedVersion))
            return await RefusedAsync([new Problem("changeSize", "Editor.ChangeSizeRequired")], ct);
        var outcome = await protocols.PublishAsync(id, new PublishInput(size ?? default, changeSummary, Version), ct);
        if (!outcome.Succeeded) return await FinishAsync(outcome, "", ct);
        // The draft is gone once published: show what people now read, not an editor with nothing in it.
        TempData["Flash"] = l["Editor.Published", outcome.Value!.Number].Value;
        return Redirect($"/protocols/{id}");
    }

    public async Task<IActionResult> OnPostArchiveAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        return await FinishAsync(await protocols.ArchiveAsync(id, ct), l["Editor.Archived"], ct);
    }

    public async Task<IActionResult> OnPostRestoreAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        return await FinishAsync(await protocols.RestoreAsync(id, ct), l["Editor.Restored"], ct);
    }

    public async Task<IActionResult> OnPostStartDraftAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        return await FinishAsync(await protocols.StartDraftAsync(id, ct), l["Editor.DraftStarted"], ct);
    }

    private async Task<IActionResult> FinishAsync<T>(Outcome<T> outcome, string done, CancellationToken ct)
    {
        switch (outcome.Failure)
        {
            case Failure.None:
                TempData[StatusKey] = done;
                return Redirect(EditUrl);
            case Failure.NotFound:
                return NotFound();
            case Failure.Forbidden:
                return Forbid();
            case Failure.Conflict:
                if (!await LoadAsync(Id, ct)) return NotFound();
                ShowDraft();
                ModelState.AddModelError("", l["Editor.ConflictLifecycle"]);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                return await RefusedAsync(outcome.Problems, ct);
        }
    }

    /// <summary>A lifecycle move refused: the page again, the stored draft with its findings, and why.</summary>
    private async Task<IActionResult> RefusedAsync(IReadOnlyList<Problem> problems, CancellationToken ct)
    {
        if (!await LoadAsync(Id, ct)) return NotFound();
        ShowDraft();
        var lint = problems.Count(p => p.Code.StartsWith("Lint.", StringComparison.Ordinal));
        if (lint > 0) ModelState.AddModelError("", l["Editor.BlockedByLint", lint]);
        // Problems about the lifecycle form's own fields go beside them; any other (a shared section that does not fit) to the summary.
        foreach (var p in problems.Where(p => !p.Code.StartsWith("Lint.", StringComparison.Ordinal)))
            ModelState.AddModelError(p.Field is "reason" or "changeSummary" or "changeSize" ? "lifecycle." + p.Field : "", p.Message(l));
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>A lifecycle field's error ("changeSummary"), shown beside that field.</summary>
    public string? LifecycleError(string field) =>
        ModelState.TryGetValue("lifecycle." + field, out var entry) && entry.Errors.Count > 0
            ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

    // ---------------------------------------------------------------- what the view offers

    public IEnumerable<(string Value, string Text)> ChannelOptions =>
        ChannelList.Each.Select(c => (c.ToString(), l["Channel." + c].Value));

    public IEnumerable<(string Value, string Text)> StageOptions =>
        Stages.InOrder.Select(s => (s.ToString(), LintText.StageName(s, l)));

    public IEnumerable<(string Value, string Text)> LanguageOptions => [("es", "Español"), ("en", "English")];

    public IEnumerable<(string Value, string Text)> RoleOptions => Choices.Roles.Select(r => (r.ToString(), l["Role." + r].Value));

    public IEnumerable<(string Value, string Text)> PositionOptions => Choices.Positions.Select(p => (p, p));

    /// <summary>Where a step may go next: the steps of its own list, by title and key, and the end.</summary>
    public IEnumerable<(string Value, string Text)> NextOptions(IReadOnlyList<StepForm> steps, int self)
    {
        yield return ("", l["Editor.NextFollowing"]);
        for (var i = 0; i < steps.Count; i++)
        {
            if (i == self || string.IsNullOrEmpty(steps[i].Key)) continue;
            yield return (steps[i].Key!, $"{i + 1}. {(string.IsNullOrWhiteSpace(steps[i].Title) ? l["Editor.Untitled"].Value : steps[i].Title)} ({steps[i].Key})");
        }
        yield return (Step.End, l["Editor.NextEnd"]);
    }

    public IEnumerable<(string Value, string Text)> ClockOptions =>
        Enum.GetValues<Pauta.Core.Contacts.ContactClock>().Select(c => (c.ToString(), LintText.ClockName(c, l)));

    public IEnumerable<(string Value, string Text)> FulfilsOptions =>
        new[] { ("", l["Editor.FulfilsNone"].Value) }.Concat(ClockOptions);

    public IEnumerable<(string Value, string Text)> UnitOptions =>
        Enum.GetValues<TargetUnit>().Select(u => (u.ToString(), LintText.UnitName(u, l)));

    public IEnumerable<(string Value, string Text)> SubChannelOptions =>
        SubChannelList.Each.Select(s => (s.ToString(), LintText.SubChannelName(s, l)));

    /// <summary>The site's hours, its legal calendar, then the organisation's named calendars by name.</summary>
    public IEnumerable<(string Value, string Text)> CalendarOptions =>
        new[] { (CalendarRefs.Site, l["Editor.Calendar.Site"].Value), (CalendarRefs.Legal, l["Editor.Calendar.Legal"].Value) }
            .Concat(References.Calendars.Where(c => c.Key is not (CalendarRefs.Site or CalendarRefs.Legal)).Select(c => (c.Key, c.Name)));

    public IEnumerable<(string Value, string Text)> FieldTypeOptions =>
        Enum.GetValues<ContactFieldType>().Select(t => (t.ToString(), LintText.FieldTypeName(t, l)));

    public IEnumerable<(string Value, string Text)> KindOptions =>
        [(nameof(ProtocolKind.Protocol), l["Editor.Kind.Protocol"].Value), (nameof(ProtocolKind.SharedSection), l["Editor.Kind.SharedSection"].Value)];

    public IEnumerable<(string Value, string Text)> HandoffOptions =>
        new[] { ("", l["Editor.HandoffNone"].Value) }.Concat(References.Protocols.Select(t => (t, t)));

    public IEnumerable<(string Value, string Text)> SharedSectionOptions =>
        new[] { ("", l["Editor.Choose"].Value) }.Concat(References.SharedSections.Select(s => (s.Key, s.Title)));

    public IEnumerable<(string Value, string Text)> RuleOptions()
    {
        yield return ("", l["Editor.NoEscalation"]);
        foreach (var (r, i) in Input.EscalationRules.Select((r, i) => (r, i)).Where(x => !string.IsNullOrEmpty(x.r.Key)))
            yield return (r.Key!, $"{r.Key} — {(string.IsNullOrWhiteSpace(r.Detail) ? l["Editor.Where.Rule", i + 1].Value : r.Detail)}");
    }
}

/// <summary>One step as the editor shows it: the main flow's or a plan's, with its position in its list.</summary>
public sealed record EditorStepView(EditModel Page, IReadOnlyList<StepForm> Steps, int Index, string ListPath, bool InPlan)
{
    public StepForm Step => Steps[Index];
    public string Path => $"{ListPath}[{Index}]";
}
