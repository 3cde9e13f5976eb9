using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Invitations;

/// <summary>Where an invitation link lands: the invitee picks a name and password and joins.</summary>
[EnableRateLimiting(Startup.SignInRateLimit)]
public sealed class AcceptModel(InvitationsService service, SignInManager<User> signIn, CurrentMember current, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public AcceptForm Input { get; set; } = new();
    public InvitationToAccept? Invitation { get; private set; }
    public string? Problem { get; private set; }
    public bool SignedInAsSomeoneElse => current.IsSignedIn;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (SignedInAsSomeoneElse) { await LoadAsync(ct); return Page(); }
        var outcome = await service.AcceptAsync(Token, Input.DisplayName, Input.Password, ct);
        if (outcome.Succeeded)
        {
            await signIn.SignInAsync(outcome.Value!, isPersistent: false);
            TempData["Flash"] = l["Flash.Joined"].Value;
            return Redirect("/");
        }
        await LoadAsync(ct);
        // The e-mail is fixed by the invitation, not an input of this form: its problems (it already has an account) go to the summary.
        outcome.Problems.Select(p => p.Field == "Email" ? p with { Field = "" } : p).AddTo(ModelState, l);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var found = await service.FindAsync(Token, ct);
        Invitation = found.Value;
        Problem = found.Succeeded ? null : l[found.Problems[0].Code].Value;
        if (!found.Succeeded) Response.StatusCode = StatusCodes.Status410Gone;
    }
}

public sealed class AcceptForm
{
    [Display(Name = "Field.YourName")] public string? DisplayName { get; set; }
    [Display(Name = "Field.Password"), DataType(DataType.Password)] public string? Password { get; set; }
}
