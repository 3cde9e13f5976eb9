using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Account;

[EnableRateLimiting(Startup.SignInRateLimit)]
public sealed class ResetPasswordModel(UserManager<User> users, SignInGuard guard, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Email { get; set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    [BindProperty, Display(Name = "Field.NewPassword"), Required(ErrorMessage = "Validation.Required"), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var user = Email is null ? null : await users.FindByEmailAsync(Email);
        if (user is null || string.IsNullOrEmpty(Token))
        {
            ModelState.AddModelError("", l["Identity.InvalidToken"]);
            return Page();
        }
        var result = await users.ResetPasswordAsync(user, Token, Password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
                ModelState.AddModelError(e.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(Password) : "", e.Description);
            return Page();
        }
        // A reset also lifts the wait of this address from where the person stands: they proved they own the account.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await guard.ForgetAsync(user.Email!, HttpContext.Connection.RemoteIpAddress, ct);
        TempData["Flash"] = l["Flash.PasswordReset"].Value;
        return Redirect("/account/signin");
    }
}
