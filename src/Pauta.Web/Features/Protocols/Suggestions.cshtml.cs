using Pauta.Data.Entities;

namespace Pauta.Web.Features.Protocols;

/// <summary>The managers' inbox of suggestions: accept one into the protocol's draft, or decline it with a reason the suggester reads.</summary>
[Authorize(Policy = nameof(Permission.AuthorProtocols))]
public sealed class SuggestionsModel(ProtocolsService service, IStringLocalizer<SharedResource> l) : PageModel
{
    public IReadOnlyList<SuggestionView> Open { get; private set; } = [];
    public IReadOnlyList<SuggestionView> Decided { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public Guid? Protocol { get; set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = await service.ListSuggestionsAsync(Protocol, openOnly: false, ct);
        Open = all.Where(s => s.Status == SuggestionStatus.Open).OrderBy(s => s.CreatedAt).ToList();
        Decided = all.Where(s => s.Status != SuggestionStatus.Open).Take(20).ToList();
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid id, int version, CancellationToken ct)
    {
        var outcome = await service.AcceptSuggestionAsync(id, version, ct);
        return await Finish(outcome, id, s => l["Suggestions.AcceptedFlash", s.ProtocolTitle], ct);
    }

    public async Task<IActionResult> OnPostDeclineAsync(Guid id, int version, string? reason, CancellationToken ct)
    {
        var outcome = await service.DeclineSuggestionAsync(id, version, reason, ct);
        return await Finish(outcome, id, _ => l["Suggestions.DeclinedFlash"], ct);
    }

    private async Task<IActionResult> Finish(Outcome<SuggestionView> outcome, Guid id, Func<SuggestionView, string> flash, CancellationToken ct)
    {
        ModelState.Clear();
        switch (outcome.Failure)
        {
            case Failure.None:
                TempData["Flash"] = flash(outcome.Value!);
                return RedirectToPage(new { protocol = Protocol });
            case Failure.NotFound:
                return NotFound();
            case Failure.Forbidden:
                return Forbid();
            case Failure.Invalid:
            case Failure.Conflict:
                // Errors go beside the suggestion they belong to ("reason-<id>"), or to the summary.
                foreach (var p in outcome.Problems)
                    ModelState.AddModelError(p.Field.Length == 0 ? "" : $"{p.Field}-{id}", p.Message(l));
                Response.StatusCode = outcome.Failure == Failure.Conflict ? 409 : 422;
                await LoadAsync(ct);
                return Page();
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome));
        }
    }
}
