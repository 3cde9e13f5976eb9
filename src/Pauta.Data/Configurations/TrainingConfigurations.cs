using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pauta.Data.Entities;

namespace Pauta.Data.Configurations;

// Every training row hangs off a protocol of the same organisation, so deleting an organisation (or a protocol) takes
// its training with it; the organisation id leads every key and index.

internal static class TrainingKeys
{
    public static void BelongsToProtocol<T>(this EntityTypeBuilder<T> b, System.Linq.Expressions.Expression<Func<T, object?>> key) where T : class =>
        b.HasOne<ProtocolRecord>().WithMany().HasForeignKey(key).HasPrincipalKey(p => new { p.OrganisationId, p.Id }).OnDelete(DeleteBehavior.Cascade);
}

internal sealed class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> b)
    {
        b.HasKey(c => new { c.OrganisationId, c.Id });
        b.BelongsToProtocol(c => new { c.OrganisationId, c.ProtocolId });
        b.HasIndex(c => new { c.OrganisationId, c.ProtocolId }).IsUnique();
        b.Property(c => c.ContentHash).HasMaxLength(64);
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}

internal sealed class CourseRuleConfiguration : IEntityTypeConfiguration<CourseRule>
{
    public void Configure(EntityTypeBuilder<CourseRule> b)
    {
        b.HasKey(r => new { r.OrganisationId, r.Id });
        b.HasOne<Course>().WithMany().HasForeignKey(r => new { r.OrganisationId, r.CourseId })
            .HasPrincipalKey(c => new { c.OrganisationId, c.Id }).OnDelete(DeleteBehavior.Cascade);
        b.Property(r => r.TargetKey).HasMaxLength(64);
        b.HasIndex(r => new { r.OrganisationId, r.ProtocolId });
        b.HasIndex(r => new { r.OrganisationId, r.Target, r.TargetKey });
    }
}

internal sealed class TrainingAssignmentConfiguration : IEntityTypeConfiguration<TrainingAssignment>
{
    public void Configure(EntityTypeBuilder<TrainingAssignment> b)
    {
        b.HasKey(a => new { a.OrganisationId, a.Id });
        b.HasOne<Member>().WithMany().HasForeignKey(a => new { a.OrganisationId, a.MemberId })
            .HasPrincipalKey(m => new { m.OrganisationId, m.Id }).OnDelete(DeleteBehavior.Cascade);
        b.BelongsToProtocol(a => new { a.OrganisationId, a.ProtocolId });
        // A person's list and the matrix; the reminder worker asks for open ones by due date.
        b.HasIndex(a => new { a.OrganisationId, a.MemberId, a.ProtocolId });
        b.HasIndex(a => new { a.OrganisationId, a.ProtocolId, a.ForVersion });
        b.HasIndex(a => new { a.OrganisationId, a.DueAt });
        // The reminder worker's one query across organisations, like the breach worker's due columns.
        b.HasIndex(a => a.NextReminderAt).HasFilter("\"NextReminderAt\" IS NOT NULL");
        // The home page's badge: one indexed count of a person's open assignments.
        b.HasIndex(a => new { a.OrganisationId, a.MemberId, a.CompletedAt, a.RemovedAt });
        b.Property(a => a.Version).IsConcurrencyToken();
    }
}

internal sealed class LessonProgressConfiguration : IEntityTypeConfiguration<LessonProgress>
{
    public void Configure(EntityTypeBuilder<LessonProgress> b)
    {
        b.HasKey(p => new { p.OrganisationId, p.MemberId, p.ProtocolId, p.VersionNumber, p.LessonKey });
        b.HasOne<Member>().WithMany().HasForeignKey(p => new { p.OrganisationId, p.MemberId })
            .HasPrincipalKey(m => new { m.OrganisationId, m.Id }).OnDelete(DeleteBehavior.Cascade);
        b.BelongsToProtocol(p => new { p.OrganisationId, p.ProtocolId });
        b.Property(p => p.LessonKey).HasMaxLength(TrainingLimits.MaxLessonKeyLength);
    }
}

internal sealed class QuizAttemptConfiguration : IEntityTypeConfiguration<QuizAttempt>
{
    public void Configure(EntityTypeBuilder<QuizAttempt> b)
    {
        b.HasKey(a => new { a.OrganisationId, a.Id });
        b.HasOne<Member>().WithMany().HasForeignKey(a => new { a.OrganisationId, a.MemberId })
            .HasPrincipalKey(m => new { m.OrganisationId, m.Id }).OnDelete(DeleteBehavior.Cascade);
        b.BelongsToProtocol(a => new { a.OrganisationId, a.ProtocolId });
        b.HasIndex(a => new { a.OrganisationId, a.MemberId, a.ProtocolId, a.VersionNumber });
        b.Property(a => a.Paper).HasMaxLength(TrainingLimits.MaxPaperLength);
        b.Property(a => a.Answers).HasMaxLength(TrainingLimits.MaxPaperLength);
        b.Property(a => a.Version).IsConcurrencyToken();
    }
}

internal sealed class TrainingAcknowledgementConfiguration : IEntityTypeConfiguration<TrainingAcknowledgement>
{
    public void Configure(EntityTypeBuilder<TrainingAcknowledgement> b)
    {
        b.HasKey(a => new { a.OrganisationId, a.Id });
        b.HasOne<Member>().WithMany().HasForeignKey(a => new { a.OrganisationId, a.MemberId })
            .HasPrincipalKey(m => new { m.OrganisationId, m.Id }).OnDelete(DeleteBehavior.Cascade);
        b.BelongsToProtocol(a => new { a.OrganisationId, a.ProtocolId });
        // One acknowledgement per person and version: a second click changes nothing.
        b.HasIndex(a => new { a.OrganisationId, a.MemberId, a.ProtocolId, a.VersionNumber }).IsUnique();
        b.Property(a => a.ContentHash).HasMaxLength(64);
    }
}

internal sealed class GateOverrideConfiguration : IEntityTypeConfiguration<GateOverride>
{
    public void Configure(EntityTypeBuilder<GateOverride> b)
    {
        b.HasKey(o => new { o.OrganisationId, o.Id });
        b.HasOne<Member>().WithMany().HasForeignKey(o => new { o.OrganisationId, o.AgentMemberId })
            .HasPrincipalKey(m => new { m.OrganisationId, m.Id }).OnDelete(DeleteBehavior.Cascade);
        b.BelongsToProtocol(o => new { o.OrganisationId, o.ProtocolId });
        b.HasIndex(o => new { o.OrganisationId, o.AgentMemberId, o.ProtocolId });
        b.HasIndex(o => new { o.OrganisationId, o.GrantedAt });
        b.Property(o => o.Reason).HasMaxLength(TrainingLimits.MaxReasonLength);
        b.Property(o => o.Version).IsConcurrencyToken();
    }
}

internal sealed class RefresherScheduleConfiguration : IEntityTypeConfiguration<RefresherSchedule>
{
    public void Configure(EntityTypeBuilder<RefresherSchedule> b)
    {
        b.HasKey(r => new { r.OrganisationId, r.MemberId, r.ProtocolId });
        b.HasOne<Member>().WithMany().HasForeignKey(r => new { r.OrganisationId, r.MemberId })
            .HasPrincipalKey(m => new { m.OrganisationId, m.Id }).OnDelete(DeleteBehavior.Cascade);
        b.BelongsToProtocol(r => new { r.OrganisationId, r.ProtocolId });
        b.HasIndex(r => new { r.OrganisationId, r.DueAt });
        b.Property(r => r.BroughtForwardBy).HasMaxLength(200);
        b.Property(r => r.Version).IsConcurrencyToken();
    }
}
