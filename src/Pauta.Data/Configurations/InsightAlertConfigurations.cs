using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pauta.Data.Entities;

namespace Pauta.Data.Configurations;

internal sealed class InsightAlertRuleConfiguration : IEntityTypeConfiguration<InsightAlertRule>
{
    public void Configure(EntityTypeBuilder<InsightAlertRule> b)
    {
        b.HasKey(r => new { r.OrganisationId, r.Id });
        b.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InsightAlertConfiguration : IEntityTypeConfiguration<InsightAlert>
{
    public void Configure(EntityTypeBuilder<InsightAlert> b)
    {
        b.HasKey(a => new { a.OrganisationId, a.Id });
        b.HasOne<InsightAlertRule>().WithMany()
            .HasForeignKey(a => new { a.OrganisationId, a.RuleId })
            .HasPrincipalKey(r => new { r.OrganisationId, r.Id })
            .OnDelete(DeleteBehavior.Cascade);
        b.Property(a => a.Subject).HasMaxLength(300);
        b.Property(a => a.SubjectTitle).HasMaxLength(300);
        // One alert per rule, subject and period, however many nodes evaluate it.
        b.HasIndex(a => new { a.OrganisationId, a.RuleId, a.Subject, a.WindowStart }).IsUnique();
        // The board and the home page: the alerts not yet acknowledged.
        b.HasIndex(a => new { a.OrganisationId, a.AcknowledgedAt, a.RaisedAt });
    }
}
