namespace Pauta.Core.Protocols;

/// <summary>The kind of value a contact field holds. Values are stored: never renumber.</summary>
public enum ContactFieldType
{
    Text = 0,
    Number = 1,
    /// <summary>Stored as yyyy-MM-dd.</summary>
    Date = 2,
    /// <summary>Stored as HH:mm.</summary>
    Time = 3,
    /// <summary>A local date and time in the site's zone, stored as yyyy-MM-ddTHH:mm (an appointment).</summary>
    DateTime = 4,
    /// <summary>A decimal with the field's <see cref="ContactField.Currency"/>, stored invariant (1234.50).</summary>
    Amount = 5,
    /// <summary>One of <see cref="ContactField.Options"/>.</summary>
    Choice = 6,
}

/// <summary>
/// A fact about what the contact is about (the appointment, the order number, the case number) that the agent fills
/// during the run and scripts use as the placeholder <c>{Key}</c>. Declared by the protocol, so the linter knows
/// every name a script may use.
/// </summary>
public sealed record ContactField
{
    /// <summary>The placeholder name: lower-case letters, digits and hyphens ("cita", "radicado", "order-number").</summary>
    public required string Key { get; init; }

    /// <summary>What the agent sees next to the input ("Fecha y hora de la cita").</summary>
    public string Label { get; init; } = "";

    public ContactFieldType Type { get; init; }

    /// <summary>Whether the contact cannot be closed without it.</summary>
    public bool Required { get; init; }

    /// <summary>The choices of a <see cref="ContactFieldType.Choice"/> field.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>ISO 4217 code of an <see cref="ContactFieldType.Amount"/> field; null uses the organisation's currency.</summary>
    public string? Currency { get; init; }

    /// <summary>An example value previews show, marked as an example; null lets the preview make one up from the type.</summary>
    public string? Sample { get; init; }
}
