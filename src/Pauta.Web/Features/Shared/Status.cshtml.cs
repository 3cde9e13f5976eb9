using Microsoft.AspNetCore.Diagnostics;

namespace Pauta.Web.Features.Shared;

/// <summary>The page people see for 403, 404, 409, 429, 500 and 503; the status code itself is preserved.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Key { get; private set; } = "Error";

    // No handler parameters: re-executed after a POST whose form could not be read (too many values), binding would
    // read that form again, fail, and show the generic error instead of this status's own page.
    public IActionResult OnGet() => Render();
    public IActionResult OnPost() => Render();

    private IActionResult Render()
    {
        // Re-executed for an error status or an exception, the status already set is the truth; reached directly,
        // the page is still truthful about the status its address names.
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || HttpContext.Features.Get<IExceptionHandlerFeature>() is not null;
        var code = int.TryParse(RouteData.Values["code"]?.ToString(), out var c) ? c : 0;
        if (reExecuted) code = Response.StatusCode;
        Key = code switch { 400 => "400", 403 => "403", 404 => "404", 409 => "409", 429 => "429", 503 => "503", _ => "Error" };
        Response.StatusCode = reExecuted ? Response.StatusCode : (code is >= 400 and < 600 ? code : 404);
        return Page();
    }
}
