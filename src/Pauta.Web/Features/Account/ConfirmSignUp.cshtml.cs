using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Account;

/// <summary>
/// The mailed sign-up link: opening it shows what will be created, and pressing the button creates it (a mail
/// scanner that follows links creates nothing).
/// </summary>
[EnableRateLimiting(Startup.SignInRateLimit)]
public sealed class ConfirmSignUpModel(SignUpService service, SignInManager<User> signIn, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    public SignUpService.Pending? Pending { get; private set; }

    public IActionResult OnGet()
    {
        Pending = service.Read(Token);
        if (Pending is null) return Invalid();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Pending = service.Read(Token);
        if (Pending is null) return Invalid();
        var outcome = await service.ConfirmAsync(Pending, ct);
        if (!outcome.Succeeded)
        {
            outcome.Problems.AddTo(ModelState, l);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        await signIn.SignInAsync(outcome.Value!, isPersistent: false);
        LanguageModel.WriteCookie(Response, Pending.Language);
        TempData["Flash"] = l["Flash.Welcome", Pending.OrganisationName].Value;
        return Redirect("/");
    }

    private PageResult Invalid()
    {
        ModelState.AddModelError("", l["SignUp.LinkInvalid"]);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
