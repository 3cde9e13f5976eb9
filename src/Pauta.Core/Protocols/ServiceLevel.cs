using Pauta.Core.Organisations;

namespace Pauta.Core.Protocols;

/// <summary>Which clock a service level counts on.</summary>
public enum ServiceClock
{
    /// <summary>Only the organisation's business hours count.</summary>
    Business = 0,
    /// <summary>Every second counts, open or closed.</summary>
    Calendar = 1,
}

/// <summary>
/// How fast one channel must answer and resolve a contact, in seconds: a phone line is answered
/// within 20 seconds, an e-mail within 4 business hours (14,400 s). Stored as integers because
/// SQLite cannot order TimeSpan.
/// </summary>
public sealed record ServiceLevel(Channels Channel, int FirstResponseSeconds, int ResolutionSeconds, ServiceClock Clock);
