using Pauta.Core.Audit;
using Pauta.Core.Contacts;
using Pauta.Core.History;
using Pauta.Core.ServiceLevels;
using Pauta.Data.Contacts;
using Pauta.Data.Entities;
using Contact = Pauta.Data.Entities.Contact;
using ContactEvent = Pauta.Data.Entities.ContactEvent;

namespace Pauta.Data.History;

/// <summary>The rows of a batch of generated contacts, table by table, in the order foreign keys need.</summary>
public sealed class HistoryBatch
{
    public List<Contact> Contacts { get; } = [];
    public List<ContactEvent> Events { get; } = [];
    public List<SurveyInvitation> Surveys { get; } = [];
    public List<FollowUp> FollowUps { get; } = [];
    public List<AuditEntry> Audit { get; } = [];
}

/// <summary>
/// The exact rows the app writes for a contact it ran (see ContactRunService, SurveysService, FollowUpsService): the
/// <see cref="Contact"/> projection after the last action, one <see cref="ContactEvent"/> row per action with the run
/// service's JSON and type, the survey invitation, the follow-ups; and the audit entries of those changes.
/// </summary>
public static class HistoryRows
{
    /// <summary>How long after an action the group commit makes it durable, in the generated history.</summary>
    private static readonly TimeSpan CommitDelay = TimeSpan.FromMilliseconds(3);

    /// <summary>The contact's rows, with its audit entries numbered from <paramref name="firstLeaf"/> (see <see cref="AuditCount"/>).</summary>
    public static void Add(HistoryBatch batch, Guid organisationId, GeneratedContact c, BusinessCalendar calendar, long? firstLeaf)
    {
        var state = c.State;
        var closedAt = state.ClosedAt!.Value;
        var projection = ContactProjections.Of(state, ContactClocks.At(state, calendar, closedAt));
        var last = c.Actions[^1].Events[0].At.UtcDateTime;
        batch.Contacts.Add(new Contact
        {
            OrganisationId = organisationId, Id = c.Id, Channel = c.Channel, CustomerId = c.Customer?.Id, Reason = state.Reason,
            ProtocolId = c.ProtocolId, ProtocolVersion = c.ProtocolVersion, AgentUserId = c.AgentUserId, StartedAt = c.StartedAt.UtcDateTime,
            HandlerUserId = projection.HandlerUserId, Status = projection.Status, Outcome = projection.Outcome, ClosedAt = projection.ClosedAt,
            Escalated = projection.Escalated, Breached = projection.Breached, FirstResponseDueAt = projection.FirstResponseDueAt,
            ResolutionDueAt = projection.ResolutionDueAt, LastSequence = c.Actions.Count, UpdatedAt = last,
        });
        var leaf = firstLeaf;
        // Salts and entry ids come from the contact's id, so the same history gives the same log.
        var salt = new SeededRandom(BitConverter.ToUInt64(c.Id.ToByteArray(), 8));
        for (var i = 0; i < c.Actions.Count; i++)
        {
            var action = c.Actions[i];
            var first = action.Events[0];
            var row = new ContactEvent
            {
                OrganisationId = organisationId, ContactId = c.Id, Sequence = i + 1, Id = action.Id,
                Type = ContactEventJson.TypeOf(action.Events), At = first.At.UtcDateTime,
                ActorUserId = first.ActorUserId == ContactActors.System ? null : first.ActorUserId,
                Data = ContactEventJson.Write(action.Events), RecordedAt = first.At.UtcDateTime + CommitDelay,
            };
            batch.Events.Add(row);
            if (leaf is { } index)
            {
                batch.Audit.Add(ContactEntry(organisationId, index, row, c.Customer?.Id, salt));
                leaf = index + 1;
            }
        }
        if (c.Survey is { } s)
        {
            batch.Surveys.Add(new SurveyInvitation
            {
                OrganisationId = organisationId, Id = s.Id, ContactId = c.Id, TokenHash = s.TokenHash, Language = s.Language,
                CreatedAt = s.CreatedAt.UtcDateTime, ExpiresAt = s.ExpiresAt.UtcDateTime, AnsweredAt = s.AnsweredAt?.UtcDateTime,
                Score = s.Score, Comment = s.Comment, LowScoreReason = s.LowScoreReason,
            });
            if (s.AnsweredAt is { } answered && leaf is { } index)
            {
                batch.Audit.Add(Entry(organisationId, index, answered, null, "survey.answered", c.Id, $"CSAT {s.Score}", salt));
                leaf = index + 1;
            }
        }
        foreach (var f in c.FollowUps)
        {
            batch.FollowUps.Add(new FollowUp
            {
                OrganisationId = organisationId, Id = f.Id, ContactId = c.Id, AssignedUserId = f.AssignedUserId,
                Kind = f.ServiceRecovery ? FollowUpKind.ServiceRecovery : FollowUpKind.FollowUp, DueAt = f.DueAt.UtcDateTime, Note = f.Note,
                DoneAt = f.DoneAt?.UtcDateTime, Version = f.DoneAt is null ? 0 : 1,
            });
            if (leaf is { } index)
            {
                if (f.ServiceRecovery)
                {
                    batch.Audit.Add(Entry(organisationId, index, f.OpenedAt, null, "followup.recovery-opened", c.Id, $"CSAT {c.Survey?.Score}", salt));
                    leaf = ++index;
                }
                if (f.DoneAt is { } done)
                {
                    batch.Audit.Add(Entry(organisationId, index, done, f.AssignedUserId, "followup.done", c.Id,
                        (f.ServiceRecovery ? FollowUpKind.ServiceRecovery : FollowUpKind.FollowUp).ToString(), salt));
                    leaf = index + 1;
                }
            }
        }
    }

    /// <summary>How many audit entries <see cref="Add"/> writes for the contact: one per action, survey answer, recovery opened and follow-up done.</summary>
    public static int AuditCount(GeneratedContact c) =>
        c.Actions.Count + (c.Survey?.AnsweredAt is null ? 0 : 1) + c.FollowUps.Count(f => f.ServiceRecovery) + c.FollowUps.Count(f => f.DoneAt is not null);

    // ---------------------------------------------------------------- audit entries (ADR-010)

    /// <summary>A stored contact action's entry, shaped by <see cref="ContactAudit"/> as the app's writer shapes it.</summary>
    private static AuditEntry ContactEntry(Guid organisationId, long index, ContactEvent row, Guid? customerId, Random saltSource)
    {
        var salt = new byte[16];
        saltSource.NextBytes(salt);
        var record = ContactAudit.Entry(index, row.ContactId, row.Sequence, row.Type, new DateTimeOffset(row.RecordedAt, TimeSpan.Zero),
            row.ActorUserId, customerId, salt, row.Data);
        return new AuditEntry
        {
            OrganisationId = organisationId, Id = AuditId(record.At, saltSource), At = record.At.UtcDateTime, ActorUserId = record.ActorUserId,
            Action = record.Action, EntityType = record.EntityType, EntityId = record.EntityId, Details = record.Details,
            LeafIndex = index, LeafHash = record.LeafHash(), SubjectId = record.SubjectId, PersonalSalt = salt,
            PersonalCommitment = record.PersonalCommitment,
        };
    }

    /// <summary>An entry as <c>PautaDbContext.Audit</c> adds it (no personal part), numbered and hashed.</summary>
    private static AuditEntry Entry(Guid organisationId, long index, DateTimeOffset at, Guid? actor, string action, Guid contactId, string details,
        Random idSource)
    {
        var record = new AuditRecord(index, AuditRecord.Truncate(at), actor, action, "Contact", contactId.ToString(), null, details, null);
        return new AuditEntry
        {
            OrganisationId = organisationId, Id = AuditId(record.At, idSource), At = record.At.UtcDateTime, ActorUserId = actor, Action = action,
            EntityType = record.EntityType, EntityId = record.EntityId, Details = details, LeafIndex = index, LeafHash = record.LeafHash(),
        };
    }

    private static Guid AuditId(DateTimeOffset at, Random rng)
    {
        Span<byte> b = stackalloc byte[16];
        rng.NextBytes(b);
        var ms = at.ToUnixTimeMilliseconds();
        for (var k = 0; k < 6; k++) b[k] = (byte)(ms >> (8 * (5 - k)));
        b[6] = (byte)(0x70 | (b[6] & 0x0F));
        b[8] = (byte)(0x80 | (b[8] & 0x3F));
        return new Guid(b, bigEndian: true);
    }
}
