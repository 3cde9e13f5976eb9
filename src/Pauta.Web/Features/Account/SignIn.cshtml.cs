using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Account;

[EnableRateLimiting(Startup.SignInRateLimit)]
public sealed class SignInModel(SignInManager<User> signIn, UserManager<User> users, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public SignInInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var email = Input.Email.Trim();
        var result = await signIn.PasswordSignInAsync(email, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            var user = await users.FindByEmailAsync(email);
            if (user?.UiLanguage is { } language) LanguageModel.WriteCookie(Response, language);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        // Same words for an unknown e-mail and a wrong password, so the form does not reveal who has an account.
        ModelState.AddModelError("", result.IsLockedOut ? l["SignIn.LockedOut"] : l["SignIn.Failed"]);
        Response.StatusCode = result.IsLockedOut ? 423 : 401;
        return Page();
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
