using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pauta.Data.Entities;

namespace Pauta.Data.Configurations;

// Contacts are written far more often than anything else: events by the thousand per second at peak.
// An update PostgreSQL can make in place (HOT) touches no index, which needs every indexed column unchanged. The
// insights worker's (OrganisationId, UpdatedAt) index and the due-instant indexes cover columns events change, so
// most contact updates are not HOT and write an entry in every index of Contacts: measured in issue 13's third
// session, dropping the UpdatedAt index alone made 86 % of the bench's updates HOT and saved roughly 10-25 µs of
// server CPU per event (BENCHMARKS.md). Kept until the insights worker finds changed contacts another way.

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.HasKey(c => new { c.OrganisationId, c.Id });
        b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Email).HasMaxLength(Pauta.Core.Organisations.OrganisationRules.MaxEmailLength);
        b.Property(c => c.Phone).HasMaxLength(40);
        b.Property(c => c.Language).HasMaxLength(8);
        b.Property(c => c.Segment).HasMaxLength(40);
        b.HasIndex(c => new { c.OrganisationId, c.Name });
        b.HasIndex(c => new { c.OrganisationId, c.Email });
        b.HasIndex(c => new { c.OrganisationId, c.Phone });
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> b)
    {
        b.HasKey(c => new { c.OrganisationId, c.Id });
        b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customer>().WithMany()
            .HasForeignKey(c => new { c.OrganisationId, c.CustomerId })
            .HasPrincipalKey(c => new { c.OrganisationId, c.Id })
            .OnDelete(DeleteBehavior.Restrict);
        // Pinned to one published version, which is immutable and never deleted while contacts use it.
        b.HasOne<ProtocolVersion>().WithMany()
            .HasForeignKey(c => new { c.OrganisationId, c.ProtocolId, c.ProtocolVersion })
            .HasPrincipalKey(v => new { v.OrganisationId, v.ProtocolId, v.Number })
            .OnDelete(DeleteBehavior.Restrict);
        b.Property(c => c.Reason).HasMaxLength(ContactLimits.MaxReasonLength);

        // The live board: the open contacts of one organisation.
        b.HasIndex(c => new { c.OrganisationId, c.Status, c.StartedAt });
        // History filters, newest first within an organisation.
        b.HasIndex(c => new { c.OrganisationId, c.StartedAt });
        b.HasIndex(c => new { c.OrganisationId, c.AgentUserId, c.StartedAt });
        b.HasIndex(c => new { c.OrganisationId, c.ProtocolId, c.ProtocolVersion, c.StartedAt });
        b.HasIndex(c => new { c.OrganisationId, c.Outcome, c.StartedAt });
        b.HasIndex(c => new { c.OrganisationId, c.CustomerId, c.StartedAt });
        // The insights worker: contacts changed since it last looked.
        b.HasIndex(c => new { c.OrganisationId, c.UpdatedAt });
        // The breach worker asks across organisations for clocks that have run out, every second; only
        // running clocks have a due instant, so these indexes hold just the open contacts' clocks.
        b.HasIndex(c => c.FirstResponseDueAt).HasFilter("\"FirstResponseDueAt\" IS NOT NULL");
        b.HasIndex(c => c.ResolutionDueAt).HasFilter("\"ResolutionDueAt\" IS NOT NULL");
        b.HasIndex(c => c.NextClockDueAt).HasFilter("\"NextClockDueAt\" IS NOT NULL");
        // The board of one site.
        b.HasIndex(c => new { c.OrganisationId, c.SiteId, c.Status });
    }
}

internal sealed class ContactEventConfiguration : IEntityTypeConfiguration<ContactEvent>
{
    public void Configure(EntityTypeBuilder<ContactEvent> b)
    {
        // Keyed by position in the contact: two events can never take the same place, whoever writes them.
        b.HasKey(e => new { e.OrganisationId, e.ContactId, e.Sequence });
        b.HasOne<Contact>().WithMany()
            .HasForeignKey(e => new { e.OrganisationId, e.ContactId })
            .HasPrincipalKey(c => new { c.OrganisationId, c.Id })
            .OnDelete(DeleteBehavior.Cascade);
        // The idempotency key: a retried request finds its first result by it.
        b.HasIndex(e => new { e.OrganisationId, e.Id }).IsUnique();
        b.Property(e => e.Type).HasMaxLength(ContactLimits.MaxEventTypeLength);
        b.Property(e => e.Data).HasMaxLength(ContactLimits.MaxEventDataLength);
    }
}

internal sealed class FollowUpConfiguration : IEntityTypeConfiguration<FollowUp>
{
    public void Configure(EntityTypeBuilder<FollowUp> b)
    {
        b.HasKey(f => new { f.OrganisationId, f.Id });
        b.HasOne<Contact>().WithMany()
            .HasForeignKey(f => new { f.OrganisationId, f.ContactId })
            .HasPrincipalKey(c => new { c.OrganisationId, c.Id })
            .OnDelete(DeleteBehavior.Cascade);
        b.Property(f => f.Note).HasMaxLength(ContactLimits.MaxNoteLength);
        // A person's home: their follow-ups still to do, soonest first.
        b.HasIndex(f => new { f.OrganisationId, f.AssignedUserId, f.DoneAt, f.DueAt });
        b.HasIndex(f => new { f.OrganisationId, f.ContactId });
        // The insights worker: recoveries done since it last looked.
        b.HasIndex(f => new { f.OrganisationId, f.DoneAt });
        b.Property(f => f.Version).IsConcurrencyToken();
    }
}

internal sealed class SurveyInvitationConfiguration : IEntityTypeConfiguration<SurveyInvitation>
{
    public void Configure(EntityTypeBuilder<SurveyInvitation> b)
    {
        b.HasKey(s => new { s.OrganisationId, s.Id });
        b.HasOne<Contact>().WithMany()
            .HasForeignKey(s => new { s.OrganisationId, s.ContactId })
            .HasPrincipalKey(c => new { c.OrganisationId, c.Id })
            .OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.TokenHash).HasMaxLength(64);
        b.Property(s => s.Language).HasMaxLength(8);
        b.Property(s => s.Comment).HasMaxLength(ContactLimits.MaxCommentLength);
        b.Property(s => s.LowScoreReason).HasMaxLength(ContactLimits.MaxCommentLength);
        // Looked up by the token in the customer's link, before the organisation is known. Not unique: the hash of 32
        // random bytes does not collide, and Citus only enforces unique indexes that include OrganisationId (ADR-012 §7).
        b.HasIndex(s => s.TokenHash);
        // Within an organisation a token is unique, which Citus can enforce (the index includes OrganisationId).
        b.HasIndex(s => new { s.OrganisationId, s.TokenHash }).IsUnique();
        b.HasIndex(s => new { s.OrganisationId, s.ContactId });
        // The insights worker: surveys answered since it last looked.
        b.HasIndex(s => new { s.OrganisationId, s.AnsweredAt });
    }
}
