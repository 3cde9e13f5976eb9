using Microsoft.AspNetCore.Identity;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Account;

public sealed class SignOutModel(SignInManager<User> signIn) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/account/signin");
    }
}
