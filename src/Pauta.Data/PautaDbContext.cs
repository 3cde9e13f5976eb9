using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Pauta.Core.Audit;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;

namespace Pauta.Data;

/// <summary>
/// The one DbContext. Tenant isolation is enforced here, once: every <see cref="ITenantOwned"/>
/// entity gets the named filter <see cref="TenantFilter"/> from the model, and SaveChanges stamps
/// and checks the organisation id of every written row. Provider-specific subclasses exist only
/// so each provider keeps its own migrations.
/// </summary>
public abstract partial class PautaDbContext : IdentityUserContext<User, Guid>
{
    public const string TenantFilter = "Tenant";

    private readonly Tenant _tenant;
    private readonly TimeProvider _time;

    protected PautaDbContext(DbContextOptions options, Tenant tenant, TimeProvider time) : base(options)
    {
        _tenant = tenant;
        _time = time;
    }

    /// <summary>Read by the query filter on every query; the filter reads the instance, never a captured value, because the model is cached.</summary>
    public Guid? TenantId => _tenant.OrganisationId;

    public Tenant Tenant => _tenant;

    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Position> Positions => Set<Position>();
    public DbSet<OpeningHours> OpeningHours => Set<OpeningHours>();
    public DbSet<Holiday> Holidays => Set<Holiday>();
    public DbSet<ServiceCalendar> ServiceCalendars => Set<ServiceCalendar>();
    public DbSet<Site> Sites => Set<Site>();
    public DbSet<OrganisationPlaceholder> OrganisationPlaceholders => Set<OrganisationPlaceholder>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditLogHead> AuditLogHeads => Set<AuditLogHead>();
    public DbSet<AuditNode> AuditNodes => Set<AuditNode>();
    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();
    public DbSet<AuditSigningKey> AuditSigningKeys => Set<AuditSigningKey>();
    public DbSet<ProtocolRecord> Protocols => Set<ProtocolRecord>();
    public DbSet<ProtocolVersion> ProtocolVersions => Set<ProtocolVersion>();
    public DbSet<ProtocolSuggestion> ProtocolSuggestions => Set<ProtocolSuggestion>();
    public DbSet<ProtocolSearchEntry> ProtocolSearchEntries => Set<ProtocolSearchEntry>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<MediaFile> MediaFiles => Set<MediaFile>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<ContactEvent> ContactEvents => Set<ContactEvent>();
    public DbSet<FollowUp> FollowUps => Set<FollowUp>();
    public DbSet<SurveyInvitation> SurveyInvitations => Set<SurveyInvitation>();
    public DbSet<ContactFactRow> ContactFacts => Set<ContactFactRow>();
    public DbSet<ContactFactTag> ContactFactTags => Set<ContactFactTag>();
    public DbSet<ContactStepFactRow> ContactStepFacts => Set<ContactStepFactRow>();
    public DbSet<InsightCounter> InsightCounters => Set<InsightCounter>();
    public DbSet<InsightStepCounter> InsightStepCounters => Set<InsightStepCounter>();
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<CourseRule> CourseRules => Set<CourseRule>();
    public DbSet<TrainingAssignment> TrainingAssignments => Set<TrainingAssignment>();
    public DbSet<LessonProgress> LessonProgress => Set<LessonProgress>();
    public DbSet<QuizAttempt> QuizAttempts => Set<QuizAttempt>();
    public DbSet<TrainingAcknowledgement> TrainingAcknowledgements => Set<TrainingAcknowledgement>();
    public DbSet<GateOverride> GateOverrides => Set<GateOverride>();
    public DbSet<RefresherSchedule> RefresherSchedules => Set<RefresherSchedule>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SignInAttempt> SignInAttempts => Set<SignInAttempt>();
    public DbSet<SignInRateWindow> SignInRateWindows => Set<SignInRateWindow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC. SQLite hands DateTime back as Unspecified; this makes it UTC again.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<string>().HaveMaxLength(400);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PautaDbContext).Assembly);

        builder.Entity<Organisation>().HasQueryFilter(TenantFilter, o => o.Id == TenantId);
        foreach (var type in builder.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)))
        {
            var e = Expression.Parameter(type.ClrType, "e");
            var tenantId = Expression.Property(Expression.Constant(this), nameof(TenantId));
            var body = Expression.Equal(
                Expression.Convert(Expression.Property(e, nameof(ITenantOwned.OrganisationId)), typeof(Guid?)),
                tenantId);
            builder.Entity(type.ClrType).HasQueryFilter(TenantFilter, Expression.Lambda(body, e));
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAndStamp();
        return SaveNumbered(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardAndStamp();
        return SaveNumberedAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// The write side of tenant isolation: a new tenant-owned row gets the current organisation;
    /// a row of another organisation, or any tenant-owned write with no organisation, throws.
    /// Versioned rows get their version bumped so a concurrent stale save fails.
    /// </summary>
    private void GuardAndStamp()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;

            if (entry.Entity is ITenantOwned owned)
            {
                var tenant = TenantId ?? throw new TenantMismatchException(
                    $"Refusing to write {entry.Metadata.ClrType.Name} with no organisation in scope.");
                if (entry.State == EntityState.Added && owned.OrganisationId == Guid.Empty)
                    owned.OrganisationId = tenant;
                if (owned.OrganisationId != tenant ||
                    (entry.State != EntityState.Added && (Guid)entry.Property(nameof(ITenantOwned.OrganisationId)).OriginalValue! != tenant))
                    throw new TenantMismatchException(
                        $"Refusing to write {entry.Metadata.ClrType.Name} of another organisation.");
            }
            else if (entry.Entity is Organisation org && entry.State != EntityState.Added && org.Id != TenantId)
            {
                throw new TenantMismatchException("Refusing to change another organisation.");
            }

            if (entry.Entity is IAppendOnly && entry.State != EntityState.Added)
                throw new InvalidOperationException($"{entry.Metadata.ClrType.Name} rows are append-only.");

            if (entry.Entity is IVersioned versioned && entry.State == EntityState.Modified)
                versioned.Version++;
            if (entry.Entity is Organisation { CreatedAt.Ticks: 0 } o) o.CreatedAt = now;
        }
    }

    /// <summary>Appended to the details of every entry this unit of work adds, e.g. the API token a request came with.</summary>
    public string? AuditDetailsMark { get; set; }

    /// <summary>
    /// Adds an audit entry to this unit of work; it is saved, numbered and hashed into the organisation's log with the
    /// change it describes (ADR-010). Personal data of a customer goes in <paramref name="personal"/> with the customer
    /// as <paramref name="subjectId"/>, never in <paramref name="details"/>: only its salted commitment enters the log,
    /// so erasing the customer leaves the log verifiable.
    /// </summary>
    public void Audit(Guid? actorUserId, string action, string entityType, object entityId, string details = "",
        Guid? subjectId = null, string? personal = null)
    {
        if (AuditDetailsMark is { Length: > 0 } mark)
            details = (details.Length > 4000 - mark.Length ? details[..(4000 - mark.Length)] : details) + mark;
        var salt = personal is null ? null : AuditRecord.NewSalt();
        AuditEntries.Add(new AuditEntry
        {
            Id = Guid.CreateVersion7(_time.GetUtcNow()),
            At = AuditRecord.Truncate(_time.GetUtcNow()).UtcDateTime,
            ActorUserId = actorUserId,
            Action = action,
            EntityType = entityType,
            EntityId = entityId.ToString() ?? "",
            Details = details.Length > 4000 ? details[..4000] : details,
            SubjectId = subjectId,
            Personal = personal is { Length: > 4000 } ? personal[..4000] : personal,
            PersonalSalt = salt,
            PersonalCommitment = salt is null ? null : AuditRecord.Commit(salt, personal is { Length: > 4000 } ? personal[..4000] : personal!),
        });
    }

    public sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
