using Pauta.Core.Protocols;

namespace Pauta.Core.Suggestions;

/// <summary>A protocol the suggester may propose, under the id the caller knows it by (a database id, a file name).</summary>
public sealed record SuggestionCandidate(string Id, Protocol Protocol);

/// <summary>A word (or a few words) of the customer's reason that matched, exactly as typed, with its place in the reason.</summary>
public readonly record struct MatchedWord(string Text, int Start, int Length);

/// <summary>
/// One suggestion: a protocol, or one of its contingency plans when <see cref="PlanKey"/> is set.
/// </summary>
/// <param name="ProtocolId">The candidate's id.</param>
/// <param name="PlanKey">The contingency plan's key, or null for the protocol itself.</param>
/// <param name="Title">The protocol's title.</param>
/// <param name="PlanName">The plan's name, or null for the protocol itself.</param>
/// <param name="Score">Relevance (a BM25 sum); comparable between suggestions of one query only.</param>
/// <param name="CoversChannel">Whether the protocol applies to the channel asked for; those that do not come after all those that do.</param>
/// <param name="MatchedWords">The customer's words that matched, in the order they were typed.</param>
/// <param name="Reason">Why it is first whatever the scores say (a selection rule), or null when only its score placed it.</param>
public sealed record ProtocolSuggestion(
    string ProtocolId,
    string? PlanKey,
    string Title,
    string? PlanName,
    double Score,
    bool CoversChannel,
    IReadOnlyList<MatchedWord> MatchedWords,
    SuggestionReason? Reason = null)
{
    public bool IsPlan => PlanKey is not null;
}


/// <summary>Why a suggestion is ranked first by a selection rule; the UI words it in the user's language.</summary>
public enum SuggestionReasonCode
{
    /// <summary>The message mentions one of the protocol's <see cref="SelectionRules.WinsWhen"/> phrases; args: the words as typed.</summary>
    RuleMentions = 1,
    /// <summary>The customer belongs to one of the protocol's <see cref="SelectionRules.WinsForSegments"/>; args: the segment.</summary>
    RuleSegment = 2,
}

/// <summary>A code the UI turns into a sentence ("regla: menciona «dolor en el pecho»"), with its arguments.</summary>
public sealed record SuggestionReason(SuggestionReasonCode Code, IReadOnlyList<string> Args);
