namespace Pauta.Web.Features.Protocols;

/// <summary>The search page: a plain GET form that also answers htmx's live requests with just the results.</summary>
[Authorize(Policy = nameof(Permission.ReadProtocols))]
public sealed class SearchModel(ProtocolSearch search, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }

    /// <summary>Null until something was searched for.</summary>
    public IReadOnlyList<ProtocolSearchHit>? Hits { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var outcome = await search.SearchAsync(Q, ProtocolSearch.DefaultLimit, ct);
            switch (outcome.Failure)
            {
                case Failure.None:
                    Hits = outcome.Value;
                    break;
                case Failure.Invalid:
                    outcome.Problems.AddTo(ModelState, l, prefix: "");
                    Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                    break;
                case Failure.Forbidden:
                    return Forbid();
                case Failure.NotFound:
                case Failure.Conflict:
                default:
                    throw new InvalidOperationException($"Search does not fail with {outcome.Failure}.");
            }
        }
        // htmx asks for the results only; a history restore (cache miss on Back) needs the whole page.
        return Htmx.AsksForFragment(Request) ? Partial("_SearchResults", this) : Page();
    }
}
