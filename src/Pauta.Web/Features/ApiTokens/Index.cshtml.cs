using Pauta.Data.Entities;

namespace Pauta.Web.Features.ApiTokens;

[Authorize(Policy = nameof(Permission.ManageApiTokens))]
public sealed class IndexModel(ApiTokensService service, IStringLocalizer<SharedResource> l) : PageModel
{
    public IReadOnlyList<ApiTokenView> Tokens { get; private set; } = [];
    [BindProperty, Display(Name = "Field.Name")] public string? Name { get; set; }
    [BindProperty, Display(Name = "ApiTokens.Scopes")] public List<ApiScopes> Scopes { get; set; } = [ApiScopes.Read, ApiScopes.Write];

    /// <summary>The token just created, rendered in this one response and never again.</summary>
    public CreatedApiToken? Created { get; private set; }

    public IEnumerable<string> ScopeNames(ApiScopes scopes) =>
        new[] { ApiScopes.Read, ApiScopes.Write, ApiScopes.Audit }.Where(s => scopes.HasFlag(s))
            .Select(s => l["ApiTokens.Scope." + s].Value);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await Show(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var scopes = Scopes.Aggregate(ApiScopes.None, (all, s) => all | s);
        var outcome = await service.CreateAsync(Name, scopes, ct);
        if (!outcome.Succeeded) return await Fail(outcome.Failure, outcome.Problems, ct);
        Created = outcome.Value;
        Name = null;
        // The secret is in this page only: no redirect that would carry it in TempData, and no cached copy.
        Response.Headers.CacheControl = "no-store";
        return await Show(ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.RevokeAsync(id, ct);
        if (!outcome.Succeeded) return await Fail(outcome.Failure, outcome.Problems, ct);
        TempData["Flash"] = l["ApiTokens.RevokedFlash", outcome.Value!.Name].Value;
        return RedirectToPage();
    }

    private async Task<IActionResult> Show(CancellationToken ct)
    {
        var list = await service.ListAsync(ct);
        if (!list.Succeeded) return Forbid();
        Tokens = list.Value!;
        return Page();
    }

    private async Task<IActionResult> Fail(Failure failure, IEnumerable<Problem> problems, CancellationToken ct)
    {
        switch (failure)
        {
            case Failure.NotFound: return NotFound();
            case Failure.Forbidden: return Forbid();
            case Failure.Invalid:
            case Failure.Conflict:
                problems.AddTo(ModelState, l, prefix: "");
                Response.StatusCode = failure == Failure.Conflict ? 409 : 422;
                return await Show(ct);
            case Failure.None:
            default:
                throw new ArgumentOutOfRangeException(nameof(failure));
        }
    }
}
