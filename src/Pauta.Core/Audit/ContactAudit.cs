namespace Pauta.Core.Audit;

/// <summary>
/// How a contact action enters the audit log: one entry per stored action (one contact event row), about the contact,
/// with the contact's customer as subject. The action's data may hold what the customer said, so only its salted
/// commitment is hashed (<see cref="AuditRecord.Commit"/> over the stored data text); the data stays in the event row.
/// Every path that stores contact actions (the group-commit writer, the demo history generator) shapes entries here.
/// </summary>
public static class ContactAudit
{
    public const string EntityType = "contact";

    /// <summary>The entry's action: "contact." followed by the stored event type, e.g. "contact.step".</summary>
    public static string ActionFor(string eventType) => "contact." + eventType;

    /// <summary>The entry's details: the event's sequence number in its contact, e.g. "#3".</summary>
    public static string DetailsFor(int sequence) => "#" + sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The entry at <paramref name="index"/> of the log for one stored contact action.</summary>
    public static AuditRecord Entry(long index, Guid contactId, int sequence, string eventType, DateTimeOffset at, Guid? actorUserId,
        Guid? customerId, ReadOnlySpan<byte> salt, string data) =>
        new(index, AuditRecord.Truncate(at), actorUserId, ActionFor(eventType), EntityType, contactId.ToString("D"), customerId,
            DetailsFor(sequence), AuditRecord.Commit(salt, data));
}
