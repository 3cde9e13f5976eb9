using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Account;

[EnableRateLimiting(Startup.SignInRateLimit)]
/// <summary>
/// With mail configured, sign-up proves the address first: known and unknown addresses get the same "check your e-mail"
/// page, and the mail either carries the link that creates the organisation or tells the holder they already have an
/// account. Without mail there is no way to prove an address, so the organisation is created at once (and a taken
/// address is named as taken): configure SMTP in production.
/// </summary>
public sealed class SignUpModel(SignUpService service, SignInManager<User> signIn, CurrentMember current, EmailSender email,
    IStringLocalizer<SharedResource> l) : PageModel
{
    public bool CheckEmail { get; private set; }

    [BindProperty] public SignUpForm Input { get; set; } = new();
    public IReadOnlyList<string> TimeZones { get; } = OrganisationRules.TimeZoneIds();

    // A signed-in request already acts for their organisation, and a person belongs to one: send them home.
    public IActionResult OnGet()
    {
        if (current.IsSignedIn) return Redirect("/");
        Input.Language = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "es";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (current.IsSignedIn) return Redirect("/");
        if (!ModelState.IsValid) return Page();
        var input = new SignUpInput(Input.OrganisationName, Input.BrandName, Input.Language, Input.TimeZoneId, Input.DisplayName, Input.Email, Input.Password);
        if (email.IsConfigured)
        {
            var requested = await service.RequestAsync(input, ct);
            if (!requested.Succeeded)
            {
                requested.Problems.AddTo(ModelState, l);
                return Page();
            }
            CheckEmail = true;
            return Page();
        }
        var outcome = await service.SignUpAsync(input, ct);
        if (!outcome.Succeeded)
        {
            outcome.Problems.AddTo(ModelState, l);
            return Page();
        }
        await signIn.SignInAsync(outcome.Value!, isPersistent: false);
        LanguageModel.WriteCookie(Response, Input.Language);
        TempData["Flash"] = l["Flash.Welcome", Input.OrganisationName.Trim()].Value;
        return Redirect("/");
    }
}

public sealed class SignUpForm
{
    [Display(Name = "Field.OrganisationName"), Required(ErrorMessage = "Validation.Required")]
    [StringLength(OrganisationRules.MaxNameLength, ErrorMessage = "Validation.TooLong")]
    public string OrganisationName { get; set; } = "";

    [Display(Name = "Field.BrandName"), Required(ErrorMessage = "Validation.Required")]
    [StringLength(OrganisationRules.MaxNameLength, ErrorMessage = "Validation.TooLong")]
    public string BrandName { get; set; } = "";

    [Display(Name = "Field.Language"), Required(ErrorMessage = "Validation.Required")]
    public string Language { get; set; } = "es";

    [Display(Name = "Field.TimeZone"), Required(ErrorMessage = "Validation.Required")]
    public string TimeZoneId { get; set; } = "Europe/Madrid";

    [Display(Name = "Field.YourName"), Required(ErrorMessage = "Validation.Required")]
    [StringLength(OrganisationRules.MaxPersonNameLength, ErrorMessage = "Validation.TooLong")]
    public string DisplayName { get; set; } = "";

    [Display(Name = "Field.Email"), Required(ErrorMessage = "Validation.Required")]
    public string Email { get; set; } = "";

    [Display(Name = "Field.Password"), Required(ErrorMessage = "Validation.Required"), DataType(DataType.Password)]
    public string Password { get; set; } = "";
}
