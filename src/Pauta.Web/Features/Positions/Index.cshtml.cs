using Pauta.Web.Features.Departments;

namespace Pauta.Web.Features.Positions;

/// <summary>Positions list with a create form; the same form edits one position when an id is given.</summary>
[Authorize(Policy = nameof(Permission.ManagePositions))]
public sealed class IndexModel(PositionsService service, DepartmentsService departments, IStringLocalizer<SharedResource> l) : PageModel
{
    public IReadOnlyList<PositionView> Positions { get; private set; } = [];
    public IReadOnlyList<DepartmentView> Departments { get; private set; } = [];
    [BindProperty] public PositionForm Input { get; set; } = new();
    /// <summary>Set when editing an existing position.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Id is { } id)
        {
            var p = Positions.FirstOrDefault(x => x.Id == id);
            if (p is null) return NotFound();
            Input = new PositionForm { Title = p.Title, DepartmentId = p.DepartmentId, ReportsToId = p.ReportsToId, Version = p.Version };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var input = new PositionInput(Input.Title, Input.DepartmentId, Input.ReportsToId, Input.Version);
        var outcome = Id is { } id ? await service.UpdateAsync(id, input, ct) : await service.CreateAsync(input, ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                TempData["Flash"] = l["Flash.Saved"].Value;
                return RedirectToPage(new { id = (Guid?)null });
            case Failure.NotFound:
                return NotFound();
            case Failure.Forbidden:
                return Forbid();
            case Failure.Invalid:
            case Failure.Conflict:
                ModelState.Clear();
                outcome.Problems.AddTo(ModelState, l);
                Response.StatusCode = outcome.Failure == Failure.Conflict ? 409 : 422;
                await LoadAsync(ct);
                // Show what the other person saved, with its version, so saving again from this page can work.
                if (outcome.Failure == Failure.Conflict && Positions.FirstOrDefault(p => p.Id == Id) is { } now)
                    Input = new PositionForm { Title = now.Title, DepartmentId = now.DepartmentId, ReportsToId = now.ReportsToId, Version = now.Version };
                return Page();
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome));
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid deleteId, CancellationToken ct)
    {
        var outcome = await service.DeleteAsync(deleteId, ct);
        if (outcome.Failure == Failure.NotFound) return NotFound();
        if (!outcome.Succeeded)
        {
            ModelState.Clear();
            outcome.Problems.AddTo(ModelState, l);
            Response.StatusCode = 422;
            await LoadAsync(ct);
            return Page();
        }
        TempData["Flash"] = l["Flash.Deleted"].Value;
        return RedirectToPage(new { id = (Guid?)null });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Positions = await service.ListAsync(ct);
        Departments = await departments.ListAsync(ct);
    }
}

public sealed class PositionForm
{
    [Display(Name = "Field.PositionTitle")] public string? Title { get; set; }
    [Display(Name = "Field.Department")] public Guid? DepartmentId { get; set; }
    [Display(Name = "Field.ReportsTo")] public Guid? ReportsToId { get; set; }
    public int Version { get; set; }
}
