using Microsoft.AspNetCore.Localization;

namespace Pauta.Web.Features.Account;

/// <summary>Switches the UI language: remembered on the person (so it follows them to any device) and in a cookie.</summary>
public sealed class LanguageModel(PautaDbContext db, CurrentMember current) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(string? language, string? returnUrl, CancellationToken ct)
    {
        if (language is null || !OrganisationRules.Languages.Contains(language)) return BadRequest();
        WriteCookie(Response, language);
        if (current.IsSignedIn)
        {
            var user = await db.Users.FindAsync([current.UserId], ct);
            if (user is not null)
            {
                user.UiLanguage = language;
                await db.SaveChangesAsync(ct);
            }
        }
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    public static void WriteCookie(HttpResponse response, string language) =>
        response.Cookies.Append(Startup.LanguageCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = response.HttpContext.Request.IsHttps, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
}
