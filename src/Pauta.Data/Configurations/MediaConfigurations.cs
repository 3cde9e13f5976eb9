using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pauta.Data.Entities;

namespace Pauta.Data.Configurations;

internal sealed class MediaFileConfiguration : IEntityTypeConfiguration<MediaFile>
{
    public void Configure(EntityTypeBuilder<MediaFile> b)
    {
        b.ToTable("MediaFiles");
        b.HasKey(m => new { m.OrganisationId, m.Id });
        b.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(m => m.Sha256).HasMaxLength(64).IsFixedLength(false);
        b.Property(m => m.ContentType).HasMaxLength(32);
        // One row per distinct file in an organisation: a second upload of the same bytes finds the first.
        b.HasIndex(m => new { m.OrganisationId, m.Sha256 }).IsUnique();
    }
}
