using Pauta.Core.Organisations;
using Pauta.Core.Protocols;

namespace Pauta.Core.Contacts;

/// <summary>A script as the agent reads it for this contact: filled in, in the chosen language.</summary>
public sealed record ContactScript(string Text, bool IsGreeting, string Language, Channels? Channel);

/// <summary>Picks and fills a step's scripts for one contact.</summary>
public static class ContactScripts
{
    /// <summary>
    /// The scripts of <paramref name="step"/> for the contact's channel and language, filled with
    /// <paramref name="values"/> (missing values take the script's fallback, see <see cref="ScriptTemplate.Render"/>).
    /// </summary>
    /// <remarks>
    /// Among the scripts that apply to the channel, those written for that channel replace the ones for every
    /// channel, since the author wrote them to be said instead. Then the language: the customer's, else the
    /// protocol's, else whichever comes first; a script with no language is in the protocol's. Another channel's
    /// scripts are never offered: they are phrased for a different way of talking (a letter is not a call).
    /// </remarks>
    public static IReadOnlyList<ContactScript> For(Protocol protocol, Step step, Channels channel, string? customerLanguage, ScriptValues values)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(values);

        var applicable = step.Scripts.Where(s => !string.IsNullOrWhiteSpace(s.Text) && channel != Channels.None && s.AppliesTo(channel)).ToList();
        var specific = applicable.Where(s => s.Channel is not null).ToList();
        var candidates = specific.Count > 0 ? specific : applicable;
        if (candidates.Count == 0) return [];

        string LanguageOf(Script s) => string.IsNullOrWhiteSpace(s.Language) ? protocol.Language : s.Language;
        var language = new[] { customerLanguage, protocol.Language }
            .FirstOrDefault(l => !string.IsNullOrWhiteSpace(l) && candidates.Any(s => Same(LanguageOf(s), l!)))
            ?? LanguageOf(candidates[0]);
        language = language.Trim().ToLowerInvariant();

        var culture = ScriptTemplate.CultureFor(language);
        // The contact's fields and the organisation's placeholders fill their names as the built-ins do.
        var scope = PlaceholderScope.For(protocol, values.Custom.Keys);
        return candidates
            .Where(s => Same(LanguageOf(s), language))
            .Select(s => new ContactScript(ScriptTemplate.Parse(s.Text, scope).Render(values, culture), s.IsGreeting, language, s.Channel))
            .ToList();
    }

    /// <summary>The scripts of a step for a started contact, in its channel and its customer's language.</summary>
    public static IReadOnlyList<ContactScript> For(ContactState state, Step step, ScriptValues values)
    {
        ArgumentNullException.ThrowIfNull(state);
        return For(state.Protocol, step, state.Channel, state.CustomerLanguage, values);
    }

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
