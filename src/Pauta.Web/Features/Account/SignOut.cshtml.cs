using Microsoft.AspNetCore.Identity;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Account;

/// <summary>
/// Signing out ends every session of the person, not only this browser's: a new security stamp makes every cookie
/// issued before it worthless (TenantMiddleware compares it on each request), so a copied or forgotten cookie dies too.
/// </summary>
public sealed class SignOutModel(SignInManager<User> signIn, UserManager<User> users, CurrentMember current) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (current.IsSignedIn && current.ApiTokenId is null && await users.FindByIdAsync(current.UserId.ToString()) is { } user)
            await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        return Redirect("/account/signin");
    }
}
