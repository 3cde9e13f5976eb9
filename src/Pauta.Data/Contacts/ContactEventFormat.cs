using System.Text.Json;
using System.Text.Json.Serialization;
using Pauta.Core.Contacts;
using ContactEvent = Pauta.Core.Contacts.ContactEvent;

namespace Pauta.Data.Contacts;

/// <summary>
/// How a contact's events are stored: each action is one row whose data is the JSON array of the domain events it
/// recorded (see ADR on contact events). The discriminators of <see cref="ContactEvent"/> are the stored format.
/// </summary>
public static class ContactEventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write(IReadOnlyList<ContactEvent> events) => JsonSerializer.Serialize(events, Options);

    public static IReadOnlyList<ContactEvent> Read(string data) =>
        JsonSerializer.Deserialize<List<ContactEvent>>(data, Options) ?? [];

    /// <summary>The stored row's type: the event that the action asked for (its first), e.g. "stepCompleted".</summary>
    public static string TypeOf(IReadOnlyList<ContactEvent> events) => ContactEventTypes.NameOf(events[0]);
}

/// <summary>The projection columns of a contact, computed from its state and its clocks.</summary>
public static class ContactProjections
{
    public static ContactProjection Of(ContactState state, ContactClockStates clocks) => new(
        state.HandlerUserId,
        state.IsClosed ? Pauta.Data.Entities.ContactStatus.Closed : Pauta.Data.Entities.ContactStatus.Open,
        state.Outcome is { } o ? (Pauta.Data.Entities.ContactOutcome)(int)o : null,
        state.ClosedAt?.UtcDateTime,
        state.Escalations.Count > 0,
        clocks.All.Values.Any(IsBreached),
        clocks.FirstResponse?.BreachDueAt?.UtcDateTime,
        clocks.Resolution?.BreachDueAt?.UtcDateTime,
        state.IsClosed ? null : clocks.NextDueAt?.UtcDateTime);

    private static bool IsBreached(Pauta.Core.ServiceLevels.ServiceClockState? clock) =>
        clock is { BreachedAt: not null } || clock?.Status == Pauta.Core.ServiceLevels.ClockStatus.FulfilledLate;
}
