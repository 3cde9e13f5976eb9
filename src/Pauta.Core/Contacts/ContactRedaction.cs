using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pauta.Core.Contacts;

/// <summary>
/// Which parts of a contact's stored events are personal, and how a stored event row is redacted when its customer is
/// erased (habeas data, GDPR article 17; docs/audit.md, "Erasure"). Redaction keeps the shape of every event: the same
/// events of the same types at the same instants by the same people, the same steps, answers, plans, ticks, targets and
/// outcomes; only free text a person typed about the customer is replaced by <see cref="Marker"/>. So an erased contact
/// still replays to the same path, clocks and outcome, and still counts in every report.
/// </summary>
/// <remarks>
/// A text that was blank stays blank and a null stays null, and a text that was not blank becomes the (not blank)
/// marker: the rules that need a reason (a skipped required step, a manual escalation, an override, guidance) hold for
/// the redacted history exactly as they held for the original.
/// </remarks>
public static class ContactRedaction
{
    /// <summary>What replaces a personal text. Pages show it as "(borrado)"/"(erased)".</summary>
    public const string Marker = "[erased]";

    /// <summary>
    /// The personal properties of each stored event type (by its JSON discriminator, <see cref="ContactEventTypes"/>).
    /// Every type is listed, most with none, so a new kind of event cannot be added without deciding (a test checks).
    /// A property holding an object (a note's fields) has each of its string values redacted and its keys kept.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> PersonalProperties =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            // The reason as the customer said it and the agent typed it.
            ["started"] = ["reason", "receivedReason"],
            ["stepCompleted"] = [],
            ["answerChosen"] = [],
            // Why the agent skipped: often what the customer said ("lo contó al entrar").
            ["stepSkipped"] = ["reason"],
            ["checklistTicked"] = [],
            ["wentBack"] = [],
            ["planEntered"] = [],
            ["planLeft"] = [],
            // The note's field names come from the organisation's template; the values are about the customer.
            ["noteSaved"] = ["fields"],
            // The target is a role or position and the rule a protocol key; the reason is free text.
            ["escalated"] = ["reason"],
            ["takenOver"] = [],
            ["returnedWithGuidance"] = ["guidance"],
            ["waitingOnCustomer"] = [],
            ["customerResponded"] = [],
            // Why a term was extended is free text.
            ["clock"] = ["reason"],
            // The overridden steps are step references; the reason is free text.
            ["closed"] = ["overrideReason"],
            // Appointment, order and case numbers, amounts: facts about the customer.
            ["fieldsSaved"] = ["values"],
        };

    /// <summary>
    /// The stored data of one contact event row (a JSON array of events, <c>ContactEventJson</c>) with its personal
    /// text replaced by <see cref="Marker"/>. Property names are matched in any case, so the stored (camelCase) and the
    /// default (PascalCase) serialisations are both redacted. An event of a type this version does not know has every
    /// string but its type, instant and actor redacted: erasure never leaves text behind because a type is new. Redacting twice gives the
    /// same text as redacting once.
    /// </summary>
    /// <exception cref="JsonException">The data is not a JSON array of objects.</exception>
    public static string RedactData(string data)
    {
        var root = JsonNode.Parse(data) as JsonArray ?? throw new JsonException("A contact event row holds a JSON array of events.");
        foreach (var item in root)
        {
            if (item is not JsonObject e) throw new JsonException("A contact event is a JSON object.");
            var type = e["type"] is JsonValue t && t.TryGetValue<string>(out var name) ? name : null;
            if (type is not null && PersonalProperties.TryGetValue(type, out var personal))
            {
                foreach (var property in e.Select(p => p.Key).ToList())
                    if (personal.Contains(property, StringComparer.OrdinalIgnoreCase)) e[property] = Redact(e[property]);
            }
            else
            {
                foreach (var property in e.Select(p => p.Key).Where(k => !Structural.Contains(k)).ToList()) e[property] = Redact(e[property]);
            }
        }
        return root.ToJsonString();
    }

    /// <summary>Whether redacting <paramref name="data"/> would change nothing (already redacted, or nothing personal in it).</summary>
    public static bool IsRedacted(string data) => RedactData(data) == JsonNode.Parse(data)!.ToJsonString();

    /// <summary>A personal text as it is kept after erasure: blank stays blank, null stays null, anything else is the marker.</summary>
    public static string? RedactText(string? text) => string.IsNullOrWhiteSpace(text) ? text : Marker;

    // What every event has and is never personal: kept even in an event of an unknown type.
    private static readonly HashSet<string> Structural = new(["type", "at", "actorUserId"], StringComparer.OrdinalIgnoreCase);

    private static JsonNode? Redact(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Redact(p.Value?.DeepClone())))),
        JsonArray a => new JsonArray(a.Select(v => Redact(v?.DeepClone())).ToArray()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(RedactText(v.GetValue<string>())),
        _ => node.DeepClone(),
    };
}
