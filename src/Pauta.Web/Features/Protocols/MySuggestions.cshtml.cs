using Pauta.Data.Entities;

namespace Pauta.Web.Features.Protocols;

/// <summary>What the signed-in person suggested, and what became of each suggestion.</summary>
[Authorize(Policy = nameof(Permission.SuggestProtocolChanges))]
public sealed class MySuggestionsModel(ProtocolsService protocols) : PageModel
{
    public IReadOnlyList<SuggestionView> Suggestions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Suggestions = await protocols.MySuggestionsAsync(ct);

    public static string Outcome(SuggestionView s, IStringLocalizer l) => s.Status switch
    {
        SuggestionStatus.Open => l["MySuggestions.Open"],
        SuggestionStatus.Accepted when s.PublishedInVersion is { } v => $"{l["MySuggestions.Accepted", s.DecidedBy ?? ""]} · {l["MySuggestions.PublishedIn", v]}",
        SuggestionStatus.Accepted => l["MySuggestions.AcceptedPending", s.DecidedBy ?? ""],
        SuggestionStatus.Declined => l["MySuggestions.Declined", s.DecidedBy ?? ""],
    };
}
