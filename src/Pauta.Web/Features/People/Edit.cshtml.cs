using Pauta.Web.Features.Departments;
using Pauta.Web.Features.Positions;

namespace Pauta.Web.Features.People;

[Authorize(Policy = nameof(Permission.ChangeRoles))]
public sealed class EditModel(PeopleService people, DepartmentsService departments, PositionsService positions,
    Sites.SitesService sites, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public PersonForm Input { get; set; } = new();
    public PersonView Person { get; private set; } = null!;
    public IReadOnlyList<DepartmentView> Departments { get; private set; } = [];
    public IReadOnlyList<PositionView> Positions { get; private set; } = [];
    /// <summary>The sites a person may be placed at: the active ones, and their current one even when archived.</summary>
    public IReadOnlyList<(Guid Id, string Name)> Sites { get; private set; } = [];
    public string? ResetLink { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Input = new PersonForm { Role = Person.Role, DepartmentId = Person.DepartmentId, PositionId = Person.PositionId, SiteId = Person.SiteId, Version = Person.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await people.UpdateAsync(Id, new PersonInput(Input.Role, Input.DepartmentId, Input.PositionId, Input.Version, Input.SiteId), ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = l["Flash.Saved"].Value;
            return Redirect("/people");
        }
        return await Fail(outcome.Failure, outcome.Problems, ct);
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        var outcome = await people.RemoveAsync(Id, ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = l["Flash.PersonRemoved"].Value;
            return Redirect("/people");
        }
        return await Fail(outcome.Failure, outcome.Problems, ct);
    }

    public async Task<IActionResult> OnPostResetLinkAsync(CancellationToken ct)
    {
        var outcome = await people.CreateResetLinkAsync(Id, HttpContext.RequestServices.GetRequiredService<PublicUrl>().Root, ct);
        if (!outcome.Succeeded) return await Fail(outcome.Failure, outcome.Problems, ct);
        ResetLink = outcome.Value;
        await LoadAsync(ct);
        Input = new PersonForm { Role = Person.Role, DepartmentId = Person.DepartmentId, PositionId = Person.PositionId, SiteId = Person.SiteId, Version = Person.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostTransferAsync(CancellationToken ct)
    {
        var outcome = await people.TransferOwnershipAsync(Id, ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = l["Flash.OwnershipTransferred"].Value;
            return Redirect("/people");
        }
        return await Fail(outcome.Failure, outcome.Problems, ct);
    }

    private async Task<IActionResult> Fail(Failure failure, IEnumerable<Pauta.Core.Common.Problem> problems, CancellationToken ct)
    {
        switch (failure)
        {
            case Failure.NotFound: return NotFound();
            case Failure.Forbidden: return Forbid();
            case Failure.None:
            case Failure.Invalid:
            case Failure.Conflict:
                if (!await LoadAsync(ct)) return NotFound();
                ModelState.Clear();
                problems.AddTo(ModelState, l);
                if (failure == Failure.Conflict)
                {
                    // Show what the other person saved, with its version, so saving again from this page can work.
                    Input = new PersonForm { Role = Person.Role, DepartmentId = Person.DepartmentId, PositionId = Person.PositionId, SiteId = Person.SiteId, Version = Person.Version };
                    Response.StatusCode = StatusCodes.Status409Conflict;
                }
                return Page();
            default:
                throw new ArgumentOutOfRangeException(nameof(failure));
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var person = await people.GetAsync(Id, ct);
        if (person is null) return false;
        Person = person;
        Departments = await departments.ListAsync(ct);
        Positions = await positions.ListAsync(ct);
        var active = await sites.ActiveSitesAsync(ct);
        Sites = person.SiteId is { } current && active.All(s => s.Id != current) ? [.. active, (current, person.Site ?? "")] : active;
        return true;
    }
}

public sealed class PersonForm
{
    [Display(Name = "Field.Role")] public Role Role { get; set; }
    [Display(Name = "Field.Department")] public Guid? DepartmentId { get; set; }
    [Display(Name = "Field.Position")] public Guid? PositionId { get; set; }
    [Display(Name = "Field.Site")] public Guid? SiteId { get; set; }
    public int Version { get; set; }
}
