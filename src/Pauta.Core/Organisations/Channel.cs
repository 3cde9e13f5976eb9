namespace Pauta.Core.Organisations;

/// <summary>The four contact channels of a protocol. Stored as flags on the organisation.</summary>
[Flags]
public enum Channels
{
    None = 0,
    /// <summary>Presencial: reception, shop floor.</summary>
    InPerson = 1,
    /// <summary>Telefónico.</summary>
    Phone = 2,
    /// <summary>Electrónico: chat, e-mail, social messaging.</summary>
    Electronic = 4,
    /// <summary>Impreso: letters, invoices, leaflets.</summary>
    Print = 8,
    All = InPerson | Phone | Electronic | Print,
}

public static class ChannelList
{
    public static readonly IReadOnlyList<Channels> Each = [Channels.InPerson, Channels.Phone, Channels.Electronic, Channels.Print];
}
