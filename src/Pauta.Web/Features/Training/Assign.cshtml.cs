using Pauta.Core.Training;

namespace Pauta.Web.Features.Training;

/// <summary>A course's assignment rules: whom it is assigned to, due in how many days, and how many people each reaches.</summary>
[Authorize(Policy = nameof(Permission.ManageTraining))]
public sealed class AssignModel(TrainingAssignments service, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProtocolId { get; set; }
    public CourseRules Course { get; private set; } = null!;
    public IReadOnlyDictionary<AssignmentTarget, IReadOnlyList<(string Id, string Name)>> Choices { get; private set; } =
        new Dictionary<AssignmentTarget, IReadOnlyList<(string, string)>>();
    [BindProperty] public RuleForm Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await service.AddRuleAsync(ProtocolId, new RuleInput(Input.Target, Input.TargetId, Input.DueInDays), ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                TempData["Flash"] = l["Training.Assign.Added", outcome.Value!.Reaches].Value;
                return RedirectToPage(new { protocolId = ProtocolId });
            case Failure.NotFound:
                return NotFound();
            case Failure.Forbidden:
                return Forbid();
            case Failure.Invalid:
            case Failure.Conflict:
                ModelState.Clear();
                outcome.Problems.AddTo(ModelState, l);
                Response.StatusCode = 422;
                return await LoadAsync(ct) ?? Page();
        }
        return NotFound();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid ruleId, CancellationToken ct)
    {
        var outcome = await service.RemoveRuleAsync(ruleId, ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                TempData["Flash"] = l["Training.Assign.Removed"].Value;
                return RedirectToPage(new { protocolId = ProtocolId });
            case Failure.Forbidden:
                return Forbid();
            case Failure.NotFound:
            case Failure.Invalid:
            case Failure.Conflict:
                return NotFound();
        }
        return NotFound();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var course = await service.RulesAsync(ProtocolId, ct);
        switch (course.Failure)
        {
            case Failure.None:
                Course = course.Value!;
                Choices = await service.TargetChoicesAsync(ct);
                return null;
            case Failure.Forbidden:
                return Forbid();
            case Failure.NotFound:
            case Failure.Invalid:
            case Failure.Conflict:
                return NotFound();
        }
        return NotFound();
    }
}

public sealed class RuleForm
{
    [Display(Name = "Training.Assign.Field.Target")] public AssignmentTarget? Target { get; set; }
    [Display(Name = "Training.Assign.Field.TargetId")] public string? TargetId { get; set; }
    [Display(Name = "Training.Assign.Field.DueInDays")] public int? DueInDays { get; set; } = 14;
}
