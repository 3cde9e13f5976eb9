using Pauta.Core.Contacts;
using Pauta.Core.Protocols;
using Pauta.Core.Suggestions;
using Pauta.Web.Features.Protocols;

namespace Pauta.Web.Features.Contacts;

/// <summary>A suggestion for the reason a customer gave, with the protocol's id to start the contact on.</summary>
public sealed record ContactSuggestion(Guid ProtocolId, string Title, string? PlanKey, string? PlanName, bool CoversChannel,
    IReadOnlyList<MatchedWord> MatchedWords);

/// <summary>
/// The protocols that fit a customer's reason, for starting a contact. The suggester and the versions it reads are
/// <see cref="PublishedProtocols"/>'s (the one reader and cache of published versions); this class only shapes its answer.
/// </summary>
public sealed class ProtocolCatalog(PublishedProtocols published)
{
    /// <summary>
    /// The protocols and plans that fit the customer's reason on a channel, best first; none for a reason past
    /// <see cref="RunLimits.MaxReasonLength"/>, which no contact can be started with (its door says so beside the field).
    /// </summary>
    public async Task<IReadOnlyList<ContactSuggestion>> SuggestAsync(string? reason, Channels channel, int max, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || RunLimits.IsTooLong(reason, RunLimits.MaxReasonLength)) return [];
        var suggester = await published.SuggesterAsync(ct);
        return suggester.Suggest(reason, channel, max)
            .Select(s => new ContactSuggestion(Guid.Parse(s.ProtocolId), s.Title, s.PlanKey, s.PlanName, s.CoversChannel, s.MatchedWords))
            .ToList();
    }
}
