using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pauta.Core.Organisations;
using Pauta.Data.Entities;

namespace Pauta.Data.Configurations;

// The organisation id leads every tenant-owned key and index, so a distributed PostgreSQL (Citus)
// can shard by it and every lookup is already scoped to one organisation. Foreign keys between
// tenant-owned rows include the organisation id, so the database itself refuses a cross-tenant link.

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.HasKey(o => o.Id);
        b.Property(o => o.Name).HasMaxLength(OrganisationRules.MaxNameLength);
        b.Property(o => o.BrandName).HasMaxLength(OrganisationRules.MaxNameLength);
        b.Property(o => o.Language).HasMaxLength(8);
        b.Property(o => o.TimeZoneId).HasMaxLength(64);
        b.Property(o => o.NoteTemplate).HasMaxLength(NoteTemplates.MaxLength);
        b.Property(o => o.Currency).HasMaxLength(3);
        b.Property(o => o.Version).IsConcurrencyToken();
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(OrganisationRules.MaxPersonNameLength);
        b.Property(u => u.UiLanguage).HasMaxLength(8);
    }
}

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> b)
    {
        b.HasKey(m => new { m.OrganisationId, m.Id });
        b.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        // Sign-in finds the person's membership by user before the organisation is known. One organisation per person
        // holds because a membership is only ever created in the transaction that creates its user (sign-up, accepting an
        // invitation), and AspNetUsers' unique user name guards that. The index is not unique: a distributed PostgreSQL
        // (Citus) only enforces unique indexes that include the distribution column, OrganisationId (ADR-012 §7).
        b.HasIndex(m => m.UserId);
        b.HasIndex(m => new { m.OrganisationId, m.UserId }).IsUnique();
        b.HasOne(m => m.Department).WithMany()
            .HasForeignKey(m => new { m.OrganisationId, m.DepartmentId })
            .HasPrincipalKey(d => new { d.OrganisationId, d.Id })
            .OnDelete(DeleteBehavior.Restrict);
        b.HasOne(m => m.Position).WithMany()
            .HasForeignKey(m => new { m.OrganisationId, m.PositionId })
            .HasPrincipalKey(p => new { p.OrganisationId, p.Id })
            .OnDelete(DeleteBehavior.Restrict);
        b.HasOne(m => m.Site).WithMany()
            .HasForeignKey(m => new { m.OrganisationId, m.SiteId })
            .HasPrincipalKey(s => new { s.OrganisationId, s.Id })
            .OnDelete(DeleteBehavior.Restrict);
        b.Property(m => m.Version).IsConcurrencyToken();
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> b)
    {
        b.HasKey(d => new { d.OrganisationId, d.Id });
        b.HasOne<Organisation>().WithMany().HasForeignKey(d => d.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(d => d.Name).HasMaxLength(OrganisationRules.MaxNameLength);
        b.HasIndex(d => new { d.OrganisationId, d.Name }).IsUnique();
        b.Property(d => d.Version).IsConcurrencyToken();
    }
}

internal sealed class PositionConfiguration : IEntityTypeConfiguration<Position>
{
    public void Configure(EntityTypeBuilder<Position> b)
    {
        b.HasKey(p => new { p.OrganisationId, p.Id });
        b.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(p => p.Title).HasMaxLength(OrganisationRules.MaxNameLength);
        b.HasIndex(p => new { p.OrganisationId, p.Title }).IsUnique();
        b.HasOne(p => p.Department).WithMany()
            .HasForeignKey(p => new { p.OrganisationId, p.DepartmentId })
            .HasPrincipalKey(d => new { d.OrganisationId, d.Id })
            .OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.ReportsTo).WithMany()
            .HasForeignKey(p => new { p.OrganisationId, p.ReportsToId })
            .HasPrincipalKey(p => new { p.OrganisationId, p.Id })
            .OnDelete(DeleteBehavior.Restrict);
        b.Property(p => p.Version).IsConcurrencyToken();
    }
}

internal sealed class OpeningHoursConfiguration : IEntityTypeConfiguration<OpeningHours>
{
    public void Configure(EntityTypeBuilder<OpeningHours> b)
    {
        b.HasKey(h => new { h.OrganisationId, h.Id });
        b.HasOne<Organisation>().WithMany().HasForeignKey(h => h.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(h => new { h.OrganisationId, h.CalendarId, h.Day, h.StartMinute });
    }
}

internal sealed class HolidayConfiguration : IEntityTypeConfiguration<Holiday>
{
    public void Configure(EntityTypeBuilder<Holiday> b)
    {
        b.HasKey(h => new { h.OrganisationId, h.Id });
        b.HasOne<Organisation>().WithMany().HasForeignKey(h => h.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(h => h.Name).HasMaxLength(OrganisationRules.MaxHolidayNameLength);
        b.HasIndex(h => new { h.OrganisationId, h.CalendarId, h.Date }).IsUnique();
    }
}

internal sealed class ServiceCalendarConfiguration : IEntityTypeConfiguration<ServiceCalendar>
{
    public void Configure(EntityTypeBuilder<ServiceCalendar> b)
    {
        b.HasKey(c => new { c.OrganisationId, c.Id });
        b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.Key).HasMaxLength(Pauta.Core.Protocols.CalendarRefs.MaxKeyLength);
        b.Property(c => c.Name).HasMaxLength(OrganisationRules.MaxNameLength);
        b.Property(c => c.TimeZoneId).HasMaxLength(64);
        b.Property(c => c.HolidayCountry).HasMaxLength(2);
        b.HasIndex(c => new { c.OrganisationId, c.Key }).IsUnique();
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}

internal sealed class SiteConfiguration : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> b)
    {
        b.HasKey(s => new { s.OrganisationId, s.Id });
        b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.Name).HasMaxLength(OrganisationRules.MaxNameLength);
        b.Property(s => s.Address).HasMaxLength(300);
        b.Property(s => s.Phone).HasMaxLength(40);
        b.HasIndex(s => new { s.OrganisationId, s.Name }).IsUnique();
        b.HasOne(s => s.Calendar).WithMany()
            .HasForeignKey(s => new { s.OrganisationId, s.CalendarId })
            .HasPrincipalKey(c => new { c.OrganisationId, c.Id })
            .OnDelete(DeleteBehavior.Restrict);
        b.HasOne(s => s.LegalCalendar).WithMany()
            .HasForeignKey(s => new { s.OrganisationId, s.LegalCalendarId })
            .HasPrincipalKey(c => new { c.OrganisationId, c.Id })
            .OnDelete(DeleteBehavior.Restrict);
        b.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class OrganisationPlaceholderConfiguration : IEntityTypeConfiguration<OrganisationPlaceholder>
{
    public void Configure(EntityTypeBuilder<OrganisationPlaceholder> b)
    {
        b.HasKey(p => new { p.OrganisationId, p.Id });
        b.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(p => p.Name).HasMaxLength(40);
        b.Property(p => p.Value).HasMaxLength(500);
        b.HasIndex(p => new { p.OrganisationId, p.Name }).IsUnique();
        b.Property(p => p.Version).IsConcurrencyToken();
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.HasKey(i => new { i.OrganisationId, i.Id });
        b.HasOne<Organisation>().WithMany().HasForeignKey(i => i.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(i => i.Email).HasMaxLength(OrganisationRules.MaxEmailLength);
        b.Property(i => i.NormalizedEmail).HasMaxLength(OrganisationRules.MaxEmailLength);
        b.Property(i => i.TokenHash).HasMaxLength(64);
        // Looked up by token before the organisation is known (the invitee is not signed in).
        // Not unique: the hash of 32 random bytes does not collide, and Citus only enforces unique indexes that include
        // OrganisationId (ADR-012 §7).
        b.HasIndex(i => i.TokenHash);
        // Within an organisation a token is unique, which Citus can enforce (the index includes OrganisationId).
        b.HasIndex(i => new { i.OrganisationId, i.TokenHash }).IsUnique();
        b.HasIndex(i => new { i.OrganisationId, i.NormalizedEmail });
    }
}

internal sealed class SignInAttemptConfiguration : IEntityTypeConfiguration<SignInAttempt>
{
    public void Configure(EntityTypeBuilder<SignInAttempt> b)
    {
        b.HasKey(a => a.Key);
        b.Property(a => a.Key).HasMaxLength(64);
    }
}

internal sealed class SignInRateWindowConfiguration : IEntityTypeConfiguration<SignInRateWindow>
{
    public void Configure(EntityTypeBuilder<SignInRateWindow> b)
    {
        // The upsert's conflict target; the purge reads the windows alone.
        b.HasKey(w => new { w.Source, w.Window });
        b.Property(w => w.Source).HasMaxLength(64);
        b.HasIndex(w => w.Window);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> b)
    {
        b.HasKey(k => k.Id);
        b.Property(k => k.FriendlyName).HasMaxLength(200);
        b.Property(k => k.Xml).HasMaxLength(8000);
    }
}
