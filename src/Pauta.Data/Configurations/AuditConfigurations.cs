using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pauta.Data.Entities;

namespace Pauta.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasKey(a => new { a.OrganisationId, a.Id });
        b.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(a => a.Action).HasMaxLength(64);
        b.Property(a => a.EntityType).HasMaxLength(64);
        b.Property(a => a.EntityId).HasMaxLength(64);
        b.Property(a => a.Details).HasMaxLength(4000);
        b.Property(a => a.Personal).HasMaxLength(4000);
        b.Property(a => a.LeafHash).HasMaxLength(32);
        b.Property(a => a.PersonalSalt).HasMaxLength(16);
        b.Property(a => a.PersonalCommitment).HasMaxLength(32);
        b.HasIndex(a => new { a.OrganisationId, a.LeafIndex }).IsUnique();
        // Only the entries still waiting for a number (none, once numbered): AuditLegacy looks for them at every start,
        // and with this partial index that look is a read of an empty index instead of a scan of the whole log.
        b.HasIndex(a => a.OrganisationId, "IX_AuditEntries_Unnumbered").HasFilter("\"LeafIndex\" IS NULL");
        b.HasIndex(a => new { a.OrganisationId, a.SubjectId });
    }
}

internal sealed class AuditLogHeadConfiguration : IEntityTypeConfiguration<AuditLogHead>
{
    public void Configure(EntityTypeBuilder<AuditLogHead> b)
    {
        b.HasKey(h => h.OrganisationId);
        b.HasOne<Organisation>().WithMany().HasForeignKey(h => h.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditNodeConfiguration : IEntityTypeConfiguration<AuditNode>
{
    public void Configure(EntityTypeBuilder<AuditNode> b)
    {
        b.HasKey(n => new { n.OrganisationId, n.Level, n.Index });
        b.HasOne<Organisation>().WithMany().HasForeignKey(n => n.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(n => n.Hash).HasMaxLength(32);
    }
}

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> b)
    {
        b.HasKey(c => new { c.OrganisationId, c.Size });
        b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.Root).HasMaxLength(32);
        b.Property(c => c.KeyId).HasMaxLength(16);
        b.Property(c => c.Signature).HasMaxLength(64);
        b.HasIndex(c => new { c.OrganisationId, c.At });
    }
}

internal sealed class AuditSigningKeyConfiguration : IEntityTypeConfiguration<AuditSigningKey>
{
    public void Configure(EntityTypeBuilder<AuditSigningKey> b)
    {
        b.HasKey(k => new { k.OrganisationId, k.KeyId });
        b.HasOne<Organisation>().WithMany().HasForeignKey(k => k.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(k => k.KeyId).HasMaxLength(16);
        b.Property(k => k.PublicKey).HasMaxLength(128);
        b.Property(k => k.ProtectedPrivateKey).HasMaxLength(2000);
    }
}
