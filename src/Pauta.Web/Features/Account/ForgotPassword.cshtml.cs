using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Pauta.Data.Entities;
using Pauta.Web.Features.People;

namespace Pauta.Web.Features.Account;

/// <summary>
/// Self-service reset sends a link by e-mail when SMTP is configured. Without SMTP the link could
/// only be shown to whoever asked, which would let anyone reset anyone's password, so the person
/// is told to ask an admin, who can issue a link from the People page. Known and unknown addresses get the same
/// page after the same work (a token is made either way; the mail goes out after the answer).
/// </summary>
[EnableRateLimiting(Startup.SignInRateLimit)]
public sealed class ForgotPasswordModel(UserManager<User> users, EmailSender email, MailQueue mails, PublicUrl publicUrl,
    IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty, Display(Name = "Field.Email"), Required(ErrorMessage = "Validation.Required")]
    public string Email { get; set; } = "";
    public bool Sent { get; private set; }
    public bool MailEnabled => email.IsConfigured;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid || !MailEnabled) return Page();
        var user = await users.FindByEmailAsync(Email.Trim());
        var token = await users.GeneratePasswordResetTokenAsync(user ?? new User { Id = Guid.CreateVersion7(), SecurityStamp = Guid.NewGuid().ToString() });
        if (user is not null)
        {
            var link = PeopleService.ResetLink(publicUrl.Root, user.Email!, token);
            mails.Enqueue(user.Email!, l["Email.ResetSubject"], l["Email.ResetBody", user.DisplayName, link]);
        }
        Sent = true;
        return Page();
    }
}
