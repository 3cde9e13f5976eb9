using Microsoft.Extensions.Caching.Memory;
using Pauta.Core.Contacts;
using Pauta.Data.Entities;
using Pauta.Web.Features.Contacts;

namespace Pauta.Web.Features.Customers;

/// <summary>What one erasure changed; all zero (and <see cref="AlreadyErased"/>) when the customer was erased before.</summary>
public sealed record ErasureResult(Guid CustomerId, bool AlreadyErased, int Contacts, int Events, int Surveys, int FollowUps, int AuditEntries);

/// <summary>
/// Erases a customer's personal data on their request (habeas data, Ley 1581; GDPR article 17): in one transaction the
/// customer's name, e-mail, phone and language, their contacts' reasons, the personal text of those contacts' stored
/// events (<see cref="ContactRedaction"/>), survey comments and low-score reasons, follow-up notes, and the personal
/// text and salt of every audit entry about the customer. The audit log keeps every leaf as it was (only salted
/// commitments to personal text were hashed), so every checkpoint still verifies; one entry "customer.erased" with no
/// personal data records the erasure. See docs/audit.md, "Erasure", and ADR-010.
/// </summary>
/// <remarks>
/// Refused while one of the customer's contacts is open: a running contact would go on recording what the customer says.
/// Erasing again redacts whatever is left (say, a contact that a start racing the erasure attached) and otherwise
/// changes nothing. The contact event rows and audit entries are append-only; the updates here are the one sanctioned
/// exception, made in SQL (the SaveChanges guard refuses them on tracked rows) and only through the tenant filter.
/// </remarks>
public sealed class CustomerErasure(PautaDbContext db, CurrentMember current, IMemoryCache cache, Insights.InsightsProjector insights)
{
    public const string AuditAction = "customer.erased";

    /// <summary>A customer whose personal data was erased keeps an empty name (pages show "Erased customer").</summary>
    public static bool IsErased(string name) => name.Length == 0;

    public async Task<Outcome<ErasureResult>> EraseAsync(Guid customerId, CancellationToken ct)
    {
        if (!current.Can(Permission.EraseCustomers)) return Outcome<ErasureResult>.Forbidden();
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null) return Outcome<ErasureResult>.NotFound();

        var marker = ContactRedaction.Marker;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.CustomerId == customerId)
            .Select(c => new { c.Id, c.Status, c.LastSequence }).ToListAsync(ct);
        var open = contacts.Count(c => c.Status == ContactStatus.Open);
        if (open > 0) return Outcome<ErasureResult>.Invalid("", "Customers.EraseOpenContacts", open);
        var contactIds = contacts.Select(c => c.Id).ToList();

        var changedCustomer = !IsErased(customer.Name) || customer.Email is not null || customer.Phone is not null || customer.Language is not null;
        customer.Name = "";
        customer.Email = null;
        customer.Phone = null;
        customer.Language = null;

        var reasons = await db.Contacts.Where(c => c.CustomerId == customerId && c.Reason != "" && c.Reason != marker)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Reason, marker), ct);

        var events = 0;
        var rows = await db.ContactEvents.AsNoTracking().Where(e => contactIds.Contains(e.ContactId))
            .Select(e => new { e.ContactId, e.Sequence, e.Data }).ToListAsync(ct);
        foreach (var row in rows)
        {
            var redacted = ContactRedaction.RedactData(row.Data);
            if (redacted == row.Data) continue;
            events += await db.ContactEvents.Where(e => e.ContactId == row.ContactId && e.Sequence == row.Sequence)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Data, redacted), ct);
        }

        var surveys = await db.SurveyInvitations
            .Where(s => contactIds.Contains(s.ContactId) &&
                        ((s.Comment != null && s.Comment != marker) || (s.LowScoreReason != null && s.LowScoreReason != marker)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Comment, x => x.Comment == null ? null : marker)
                .SetProperty(x => x.LowScoreReason, x => x.LowScoreReason == null ? null : marker), ct);
        var followUps = await db.FollowUps.Where(f => contactIds.Contains(f.ContactId) && f.Note != "" && f.Note != marker)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Note, marker), ct);
        // The commitments stay: they are in the leaves. Without the salt a commitment cannot be tested against guesses.
        var audit = await db.AuditEntries.Where(a => a.SubjectId == customerId && (a.Personal != null || a.PersonalSalt != null))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Personal, (string?)null).SetProperty(a => a.PersonalSalt, (byte[]?)null), ct);

        var result = new ErasureResult(customerId, !changedCustomer && reasons + events + surveys + followUps + audit == 0,
            reasons, events, surveys, followUps, audit);
        if (!result.AlreadyErased)
            db.Audit(current.UserId, AuditAction, nameof(Customer), customerId,
                $"contacts {result.Contacts}, events {result.Events}, surveys {result.Surveys}, follow-ups {result.FollowUps}, audit entries {result.AuditEntries}");
        await db.SaveChangesAsync(ct);
        // The insights' facts keep reasons as they were typed (skip and escalation reasons): recompute them from the
        // redacted actions in this transaction, so no rollup row keeps what the erasure took out.
        await insights.RefreshWithinAsync(contactIds, ct);
        await tx.CommitAsync(ct);

        // This node's replayed states of those contacts hold the old text; other nodes' expire within minutes.
        foreach (var c in contacts)
            for (var sequence = 0; sequence <= c.LastSequence; sequence++)
                cache.Remove(ContactRunService.StateKey(current.OrganisationId, c.Id, sequence));
        return Outcome<ErasureResult>.Ok(result);
    }
}

/// <summary>How pages show what an erasure left: an empty customer name and the redaction marker, in the reader's language.</summary>
public static class ErasedText
{
    /// <summary>A customer's name, or "Erased customer" for an erased one.</summary>
    public static string Name(string name, IStringLocalizer l) => CustomerErasure.IsErased(name) ? l["Customers.Erased"] : name;

    /// <summary>A text as stored, or "(erased)" where an erasure redacted it.</summary>
    public static string? Text(string? text, IStringLocalizer l) => text == ContactRedaction.Marker ? l["Customers.ErasedText"] : text;
}
