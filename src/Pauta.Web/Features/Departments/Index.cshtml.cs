namespace Pauta.Web.Features.Departments;

[Authorize(Policy = nameof(Permission.ManageDepartments))]
public sealed class IndexModel(DepartmentsService service, IStringLocalizer<SharedResource> l) : PageModel
{
    public IReadOnlyList<DepartmentView> Departments { get; private set; } = [];
    [BindProperty, Display(Name = "Field.DepartmentName")] public string? Name { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Departments = await service.ListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.CreateAsync(Name, ct);
        return await Finish(outcome.Failure, outcome.Problems, l["Flash.DepartmentCreated", Name?.Trim() ?? ""], ct);
    }

    public async Task<IActionResult> OnPostRenameAsync(Guid id, string? newName, int version, CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.RenameAsync(id, newName, version, ct);
        return await Finish(outcome.Failure, outcome.Problems.Select(p => p with { Field = p.Field.Length == 0 ? "" : $"Rename{id}" }), l["Flash.Saved"], ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.DeleteAsync(id, ct);
        return await Finish(outcome.Failure, outcome.Problems, l["Flash.Deleted"], ct);
    }

    private async Task<IActionResult> Finish(Failure failure, IEnumerable<Pauta.Core.Common.Problem> problems, string flash, CancellationToken ct)
    {
        switch (failure)
        {
            case Failure.None:
                TempData["Flash"] = flash;
                return RedirectToPage();
            case Failure.NotFound:
                return NotFound();
            case Failure.Forbidden:
                return Forbid();
            case Failure.Invalid:
            case Failure.Conflict:
                problems.AddTo(ModelState, l, prefix: "");
                Response.StatusCode = failure == Failure.Conflict ? 409 : 422;
                Departments = await service.ListAsync(ct);
                return Page();
            default:
                throw new ArgumentOutOfRangeException(nameof(failure));
        }
    }
}
