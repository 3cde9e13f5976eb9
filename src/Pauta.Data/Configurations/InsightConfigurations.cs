using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pauta.Data.Entities;

namespace Pauta.Data.Configurations;

/// <summary>Sizes of the insights' rows.</summary>
public static class InsightLimits
{
    /// <summary>A counts text: histograms of a few hundred buckets and the distinct skip reasons of a row.</summary>
    public const int MaxCountsLength = 1_000_000;

    public const int MaxStepLength = 201;

    public const int MaxTagLength = 201;
}

internal sealed class ContactFactRowConfiguration : IEntityTypeConfiguration<ContactFactRow>
{
    public void Configure(EntityTypeBuilder<ContactFactRow> b)
    {
        b.ToTable("ContactFacts");
        b.HasKey(f => new { f.OrganisationId, f.ContactId });
        b.HasOne<Organisation>().WithMany().HasForeignKey(f => f.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Contact>().WithMany().HasForeignKey(f => new { f.OrganisationId, f.ContactId })
            .HasPrincipalKey(c => new { c.OrganisationId, c.Id }).OnDelete(DeleteBehavior.Cascade);
        b.Property(f => f.Counts).HasMaxLength(InsightLimits.MaxCountsLength);
        // Drill-down: the contacts of a range, newest first, narrowed by protocol version or agent.
        b.HasIndex(f => new { f.OrganisationId, f.Day, f.StartedAt });
        b.HasIndex(f => new { f.OrganisationId, f.ProtocolId, f.ProtocolVersion, f.Day });
        b.HasIndex(f => new { f.OrganisationId, f.AgentUserId, f.Day });
    }
}

internal sealed class ContactFactTagConfiguration : IEntityTypeConfiguration<ContactFactTag>
{
    public void Configure(EntityTypeBuilder<ContactFactTag> b)
    {
        b.ToTable("ContactFactTags");
        b.HasKey(t => new { t.OrganisationId, t.ContactId, t.Kind, t.Key });
        b.HasOne<Organisation>().WithMany().HasForeignKey(t => t.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ContactFactRow>().WithMany().HasForeignKey(t => new { t.OrganisationId, t.ContactId }).OnDelete(DeleteBehavior.Cascade);
        b.Property(t => t.Key).HasMaxLength(InsightLimits.MaxTagLength);
        b.HasIndex(t => new { t.OrganisationId, t.Kind, t.Key, t.ContactId });
    }
}

internal sealed class ContactStepFactRowConfiguration : IEntityTypeConfiguration<ContactStepFactRow>
{
    public void Configure(EntityTypeBuilder<ContactStepFactRow> b)
    {
        b.ToTable("ContactStepFacts");
        b.HasKey(s => new { s.OrganisationId, s.ContactId, s.Step });
        b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ContactFactRow>().WithMany().HasForeignKey(s => new { s.OrganisationId, s.ContactId }).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.Step).HasMaxLength(InsightLimits.MaxStepLength);
        b.Property(s => s.SkipReason).HasMaxLength(Pauta.Core.Contacts.RunLimits.MaxReasonLength);
        b.Property(s => s.Counts).HasMaxLength(InsightLimits.MaxCountsLength);
        b.HasIndex(s => new { s.OrganisationId, s.ProtocolId, s.ProtocolVersion, s.Step, s.ContactId });
    }
}

internal sealed class InsightCounterConfiguration : IEntityTypeConfiguration<InsightCounter>
{
    public void Configure(EntityTypeBuilder<InsightCounter> b)
    {
        b.HasKey(c => new { c.OrganisationId, c.Day, c.ProtocolId, c.ProtocolVersion, c.Channel, c.AgentUserId, c.DepartmentId });
        b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.Counts).HasMaxLength(InsightLimits.MaxCountsLength);
        b.HasIndex(c => new { c.OrganisationId, c.ProtocolId, c.ProtocolVersion, c.Day });
        b.HasIndex(c => new { c.OrganisationId, c.AgentUserId, c.Day });
    }
}

internal sealed class InsightStepCounterConfiguration : IEntityTypeConfiguration<InsightStepCounter>
{
    public void Configure(EntityTypeBuilder<InsightStepCounter> b)
    {
        b.HasKey(c => new { c.OrganisationId, c.ProtocolId, c.ProtocolVersion, c.Step, c.Day, c.Channel, c.AgentUserId, c.DepartmentId });
        b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.Step).HasMaxLength(InsightLimits.MaxStepLength);
        b.Property(c => c.Counts).HasMaxLength(InsightLimits.MaxCountsLength);
        b.HasIndex(c => new { c.OrganisationId, c.ProtocolId, c.ProtocolVersion, c.Day });
    }
}
