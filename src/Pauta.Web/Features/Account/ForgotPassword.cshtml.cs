using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Pauta.Data.Entities;
using Pauta.Web.Features.People;

namespace Pauta.Web.Features.Account;

/// <summary>
/// Self-service reset sends a link by e-mail when SMTP is configured. Without SMTP the link could
/// only be shown to whoever asked, which would let anyone reset anyone's password, so the person
/// is told to ask an admin, who can issue a link from the People page.
/// </summary>
[EnableRateLimiting(Startup.SignInRateLimit)]
public sealed class ForgotPasswordModel(UserManager<User> users, EmailSender email, PublicUrl publicUrl, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty, Display(Name = "Field.Email"), Required(ErrorMessage = "Validation.Required")]
    public string Email { get; set; } = "";
    public bool Sent { get; private set; }
    public bool MailEnabled => email.IsConfigured;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid || !MailEnabled) return Page();
        var user = await users.FindByEmailAsync(Email.Trim());
        if (user is not null)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var link = PeopleService.ResetLink(publicUrl.Root, user.Email!, token);
            await email.TrySendAsync(user.Email!, l["Email.ResetSubject"], l["Email.ResetBody", user.DisplayName, link], ct);
        }
        // The same answer whether or not the address has an account.
        Sent = true;
        return Page();
    }
}
