using Pauta.Core.Contacts;
using Pauta.Core.Protocols;
using Pauta.Core.Suggestions;
using Microsoft.EntityFrameworkCore;
using Pauta.Data;
using Pauta.Web.Features.Protocols;

namespace Pauta.Web.Features.Contacts;

/// <summary>
/// A suggestion for the reason a customer gave, with the protocol's id to start the contact on; <see cref="Reason"/>
/// says why a selection rule put it first (null when its score did).
/// </summary>
public sealed record ContactSuggestion(Guid ProtocolId, string Title, string? PlanKey, string? PlanName, bool CoversChannel,
    IReadOnlyList<MatchedWord> MatchedWords, SuggestionReasonDto? Reason = null);

/// <summary>Why a selection rule puts a protocol first: <c>rule-mentions</c> (args: the customer's words) or <c>rule-segment</c> (args: the segment).</summary>
public sealed record SuggestionReasonDto(string Code, IReadOnlyList<string> Args)
{
    public static SuggestionReasonDto? Of(SuggestionReason? reason) => reason is null ? null : new(reason.Code switch
    {
        SuggestionReasonCode.RuleMentions => "rule-mentions",
        SuggestionReasonCode.RuleSegment => "rule-segment",
        var other => throw new ArgumentOutOfRangeException(nameof(reason), other, null),
    }, reason.Args);

    /// <summary>The UI string key of the code; "{0}" is the first argument.</summary>
    public string TextKey => Code == "rule-segment" ? "Contact.Why.Segment" : "Contact.Why.Mentions";
}

/// <summary>
/// The protocols that fit a customer's reason, for starting a contact. The suggester and the versions it reads are
/// <see cref="PublishedProtocols"/>'s (the one reader and cache of published versions); this class only shapes its answer.
/// </summary>
public sealed class ProtocolCatalog(PublishedProtocols published, PautaDbContext db)
{
    /// <summary>
    /// The protocols and plans that fit the customer's reason on a channel, best first; none for a reason past
    /// <see cref="RunLimits.MaxReasonLength"/>, which no contact can be started with (its door says so beside the field).
    /// </summary>
    /// <remarks>
    /// With <paramref name="customerId"/>, the customer's segment (<c>Customer.Segment</c>) takes part: a protocol that
    /// wins for that segment comes first. An unknown id, or one of another organisation (the tenant filter), counts as none.
    /// </remarks>
    public async Task<IReadOnlyList<ContactSuggestion>> SuggestAsync(string? reason, Channels channel, int max, CancellationToken ct,
        Guid? customerId = null)
    {
        if (string.IsNullOrWhiteSpace(reason) || RunLimits.IsTooLong(reason, RunLimits.MaxReasonLength)) return [];
        var segment = customerId is { } id
            ? await db.Customers.Where(c => c.Id == id).Select(c => c.Segment).FirstOrDefaultAsync(ct)
            : null;
        var suggester = await published.SuggesterAsync(ct);
        return suggester.Suggest(reason, channel, max, segment)
            .Select(s => new ContactSuggestion(Guid.Parse(s.ProtocolId), s.Title, s.PlanKey, s.PlanName, s.CoversChannel, s.MatchedWords,
                SuggestionReasonDto.Of(s.Reason)))
            .ToList();
    }
}
