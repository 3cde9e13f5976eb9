using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pauta.Data.Entities;

namespace Pauta.Data.Configurations;

// Protocol texts have no practical length limit; everything else keeps the model's default cap.

internal sealed class ProtocolRecordConfiguration : IEntityTypeConfiguration<ProtocolRecord>
{
    public void Configure(EntityTypeBuilder<ProtocolRecord> b)
    {
        b.ToTable("Protocols");
        b.HasKey(p => new { p.OrganisationId, p.Id });
        b.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(p => p.DraftText).HasMaxLength(ProtocolLimits.MaxTextLength);
        b.Property(p => p.Title).HasMaxLength(ProtocolLimits.MaxTitleLength);
        b.Property(p => p.DepartmentName).HasMaxLength(ProtocolLimits.MaxTitleLength);
        b.HasIndex(p => new { p.OrganisationId, p.Title });
        b.HasIndex(p => new { p.OrganisationId, p.ReviewDueAt });
        b.Property(p => p.Version).IsConcurrencyToken();
    }
}

internal sealed class ProtocolVersionConfiguration : IEntityTypeConfiguration<ProtocolVersion>
{
    public void Configure(EntityTypeBuilder<ProtocolVersion> b)
    {
        b.HasKey(v => new { v.OrganisationId, v.ProtocolId, v.Number });
        b.HasOne<ProtocolRecord>().WithMany()
            .HasForeignKey(v => new { v.OrganisationId, v.ProtocolId })
            .HasPrincipalKey(p => new { p.OrganisationId, p.Id })
            .OnDelete(DeleteBehavior.Cascade);
        b.Property(v => v.Text).HasMaxLength(ProtocolLimits.MaxTextLength);
        b.Property(v => v.Title).HasMaxLength(ProtocolLimits.MaxTitleLength);
        b.Property(v => v.DepartmentName).HasMaxLength(ProtocolLimits.MaxTitleLength);
        b.Property(v => v.ChangeSummary).HasMaxLength(ProtocolLimits.MaxChangeSummaryLength);
    }
}

internal sealed class ProtocolSuggestionConfiguration : IEntityTypeConfiguration<ProtocolSuggestion>
{
    public void Configure(EntityTypeBuilder<ProtocolSuggestion> b)
    {
        b.HasKey(s => new { s.OrganisationId, s.Id });
        b.HasOne<ProtocolRecord>().WithMany()
            .HasForeignKey(s => new { s.OrganisationId, s.ProtocolId })
            .HasPrincipalKey(p => new { p.OrganisationId, p.Id })
            .OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.Text).HasMaxLength(ProtocolLimits.MaxSuggestionLength);
        b.Property(s => s.DecisionReason).HasMaxLength(ProtocolLimits.MaxSuggestionLength);
        b.Property(s => s.StepKey).HasMaxLength(100);
        b.HasIndex(s => new { s.OrganisationId, s.ProtocolId, s.Status });
        b.HasIndex(s => new { s.OrganisationId, s.SuggestedByUserId });
        b.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class ProtocolSearchEntryConfiguration : IEntityTypeConfiguration<ProtocolSearchEntry>
{
    public void Configure(EntityTypeBuilder<ProtocolSearchEntry> b)
    {
        b.HasKey(s => new { s.OrganisationId, s.ProtocolId });
        b.HasOne<ProtocolRecord>().WithMany()
            .HasForeignKey(s => new { s.OrganisationId, s.ProtocolId })
            .HasPrincipalKey(p => new { p.OrganisationId, p.Id })
            .OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.Language).HasMaxLength(8);
        b.Property(s => s.Title).HasMaxLength(ProtocolLimits.MaxTitleLength);
        b.Property(s => s.Body).HasMaxLength(ProtocolLimits.MaxTextLength);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.HasKey(t => new { t.OrganisationId, t.Id });
        b.HasOne<Organisation>().WithMany().HasForeignKey(t => t.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(t => t.Name).HasMaxLength(100);
        b.Property(t => t.Prefix).HasMaxLength(16);
        b.Property(t => t.TokenHash).HasMaxLength(64);
        // Looked up by the presented secret before the organisation is known.
        // Not unique: the hash of 32 random bytes does not collide, and Citus only enforces unique indexes that include
        // OrganisationId (ADR-012 §7).
        b.HasIndex(t => t.TokenHash);
        // Within an organisation a token is unique, which Citus can enforce (the index includes OrganisationId).
        b.HasIndex(t => new { t.OrganisationId, t.TokenHash }).IsUnique();
    }
}

/// <summary>Size limits of protocol data, shared by the configuration and the validation that reports them.</summary>
public static class ProtocolLimits
{
    public const int MaxTitleLength = 200;
    /// <summary>About 250 pages of text: far beyond any real protocol, small enough to refuse abuse.</summary>
    public const int MaxTextLength = 1_000_000;
    public const int MaxChangeSummaryLength = Pauta.Core.Protocols.ProtocolLifecycle.MaxChangeSummaryLength;
    public const int MaxSuggestionLength = 4000;
}
