using Pauta.Web.Features.Departments;
using Pauta.Web.Features.Invitations;
using Pauta.Web.Features.Positions;

namespace Pauta.Web.Features.People;

[Authorize(Policy = nameof(Permission.ViewPeople))]
public sealed class IndexModel(
    PeopleService people, InvitationsService invitations, DepartmentsService departments, PositionsService positions,
    CurrentMember current, IStringLocalizer<SharedResource> l) : PageModel
{
    public IReadOnlyList<PersonView> People { get; private set; } = [];
    public IReadOnlyList<InvitationView> Pending { get; private set; } = [];
    public IReadOnlyList<DepartmentView> Departments { get; private set; } = [];
    public IReadOnlyList<PositionView> Positions { get; private set; } = [];
    [BindProperty] public InviteForm Input { get; set; } = new();
    /// <summary>The link of the invitation just created, shown once for the admin to copy.</summary>
    public string? NewLink { get; private set; }
    public bool NewLinkEmailed { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        if (!current.Can(Permission.InvitePeople)) return Forbid();
        var outcome = await invitations.CreateAsync(new NewInvitation(Input.Email, Input.Role, Input.DepartmentId, Input.PositionId),
            HttpContext.RequestServices.GetRequiredService<PublicUrl>().Root, ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                NewLink = outcome.Value!.Link;
                NewLinkEmailed = outcome.Value.Emailed;
                Input = new InviteForm();
                ModelState.Clear();
                break;
            case Failure.Forbidden:
                return Forbid();
            case Failure.NotFound:
                return NotFound();
            case Failure.Invalid:
            case Failure.Conflict:
                outcome.Problems.AddTo(ModelState, l);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome));
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        var outcome = await invitations.RevokeAsync(id, ct);
        if (outcome.Failure == Failure.Forbidden) return Forbid();
        if (outcome.Failure == Failure.NotFound) return NotFound();
        TempData["Flash"] = l["Flash.InvitationRevoked"].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        People = await people.ListAsync(ct);
        if (current.Can(Permission.InvitePeople)) Pending = await invitations.ListPendingAsync(ct);
        Departments = await departments.ListAsync(ct);
        Positions = await positions.ListAsync(ct);
    }
}

public sealed class InviteForm
{
    [Display(Name = "Field.Email")] public string? Email { get; set; }
    [Display(Name = "Field.Role")] public Role Role { get; set; } = Role.Agent;
    [Display(Name = "Field.Department")] public Guid? DepartmentId { get; set; }
    [Display(Name = "Field.Position")] public Guid? PositionId { get; set; }
}
