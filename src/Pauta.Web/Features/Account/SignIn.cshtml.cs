using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Account;

[EnableRateLimiting(Startup.SignInRateLimit)]
public sealed class SignInModel(SignInGuard guard, SignInManager<User> signIn, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public SignInInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var (verdict, user) = await guard.CheckAsync(Input.Email, Input.Password, HttpContext.Connection.RemoteIpAddress, ct);
        switch (verdict)
        {
            case SignInGuard.Verdict.SignedIn:
                await signIn.SignInAsync(user!, Input.RememberMe);
                if (user!.UiLanguage is { } language) LanguageModel.WriteCookie(Response, language);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
            case SignInGuard.Verdict.Locked:
                ModelState.AddModelError("", l["SignIn.LockedOut"]);
                Response.StatusCode = 423;
                return Page();
            case SignInGuard.Verdict.Failed:
                // Same words, status and work for an unknown e-mail and a wrong password: the form does not reveal who has an account.
                ModelState.AddModelError("", l["SignIn.Failed"]);
                Response.StatusCode = 401;
                return Page();
        }
        throw new InvalidOperationException($"Unknown verdict {verdict}");
    }
}

public sealed class SignInInput
{
    [Display(Name = "Field.Email"), Required(ErrorMessage = "Validation.Required")]
    public string Email { get; set; } = "";

    [Display(Name = "Field.Password"), Required(ErrorMessage = "Validation.Required"), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Display(Name = "SignIn.RememberMe")]
    public bool RememberMe { get; set; }
}
