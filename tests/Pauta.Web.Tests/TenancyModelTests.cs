using Microsoft.EntityFrameworkCore;
using Pauta.Data;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests;

/// <summary>
/// Tenancy is enforced once, in the DbContext: the model gives every tenant-owned entity the named
/// filter, the organisation id leads every key, and SaveChanges refuses to write across organisations.
/// These tests use the app's own DI container and database, so they prove the configured context.
/// </summary>
public abstract class TenancyModelTests(PautaApp app)
{
    private static readonly Type[] KnownTenantOwned =
        [typeof(Member), typeof(Department), typeof(Position), typeof(OpeningHours), typeof(Holiday), typeof(Invitation), typeof(AuditEntry),
         typeof(ProtocolRecord), typeof(ProtocolVersion), typeof(ProtocolSuggestion), typeof(ProtocolSearchEntry), typeof(ApiToken),
         typeof(Customer), typeof(Contact), typeof(ContactEvent), typeof(FollowUp), typeof(SurveyInvitation), typeof(MediaFile),
         typeof(Course), typeof(CourseRule), typeof(TrainingAssignment), typeof(LessonProgress), typeof(QuizAttempt), typeof(TrainingAcknowledgement),
         typeof(GateOverride), typeof(RefresherSchedule), typeof(AuditLogHead), typeof(AuditNode), typeof(AuditCheckpoint), typeof(AuditSigningKey),
         typeof(ContactFactRow), typeof(ContactFactTag), typeof(ContactStepFactRow), typeof(InsightCounter), typeof(InsightStepCounter),
         typeof(InsightAlertRule), typeof(InsightAlert), typeof(ServiceCalendar), typeof(Site), typeof(OrganisationPlaceholder)];

    private Task<T> WithModelAsync<T>(Func<PautaDbContext, T> read) => app.WithDbAsync(db => Task.FromResult(read(db)));

    [Fact]
    public async Task Every_tenant_owned_entity_and_the_organisation_carry_the_named_tenant_filter()
    {
        var missing = await WithModelAsync(db => db.Model.GetEntityTypes()
            .Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType) || t.ClrType == typeof(Organisation))
            .Where(t => t.FindDeclaredQueryFilter(PautaDbContext.TenantFilter) is null)
            .Select(t => t.ClrType.Name).ToList());
        missing.ShouldBeEmpty();

        var filtered = await WithModelAsync(db => db.Model.GetEntityTypes()
            .Where(t => t.GetDeclaredQueryFilters().Any(f => f.Key == PautaDbContext.TenantFilter))
            .Select(t => t.ClrType).ToList());
        filtered.ShouldBe(KnownTenantOwned.Append(typeof(Organisation)), ignoreOrder: true,
            "a new tenant-owned entity must implement ITenantOwned; an entity that is not tenant-owned must not be filtered");
    }

    [Fact]
    public async Task Every_entity_with_an_organisation_id_is_tenant_owned_and_its_key_starts_with_the_organisation_id()
    {
        var problems = await WithModelAsync(db =>
        {
            var found = new List<string>();
            foreach (var type in db.Model.GetEntityTypes())
            {
                var hasOrganisationId = type.FindProperty(nameof(ITenantOwned.OrganisationId)) is not null;
                var tenantOwned = typeof(ITenantOwned).IsAssignableFrom(type.ClrType);
                if (hasOrganisationId && !tenantOwned) found.Add($"{type.ClrType.Name} has OrganisationId but is not ITenantOwned");
                if (!tenantOwned) continue;
                var key = type.FindPrimaryKey();
                if (key?.Properties[0].Name != nameof(ITenantOwned.OrganisationId))
                    found.Add($"{type.ClrType.Name}'s key is ({string.Join(", ", key?.Properties.Select(p => p.Name) ?? [])})");
            }
            return found;
        });
        problems.ShouldBeEmpty();
        (await WithModelAsync(db => db.Model.GetEntityTypes().Count(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType))))
            .ShouldBe(KnownTenantOwned.Length);
    }

    /// <summary>
    /// Citus-ready by construction (ADR-012 §7), on this provider's EF model: every tenant table leads its key with the
    /// organisation id, has it in every unique index and ties it in every foreign key to another tenant table; a
    /// non-unique index skips it only for a listed cross-organisation lookup; global tables are listed with a reason.
    /// </summary>
    [Fact]
    public async Task The_model_keeps_the_organisation_id_in_every_key_unique_index_and_foreign_key()
    {
        var (tables, problems) = await WithModelAsync(db =>
        {
            var shape = TenancySchema.FromModel(db);
            return (shape, TenancySchema.Problems(shape, db.Model));
        });
        problems.ShouldBeEmpty();
        tables.Count(t => TenancySchema.DistributionColumn(t) is not null).ShouldBe(KnownTenantOwned.Length + 1, "the tenant tables and Organisations");
    }

    /// <summary>
    /// The same rules on the real migrated database (pg_index and pg_constraint on PostgreSQL, pragmas on SQLite), so a
    /// migration that forgets the organisation id fails here even when the model is right.
    /// </summary>
    [Fact]
    public async Task The_migrated_database_keeps_the_organisation_id_in_every_key_unique_index_and_foreign_key()
    {
        var (tables, problems) = await app.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            try
            {
                var shape = connection switch
                {
                    Npgsql.NpgsqlConnection pg => await TenancySchema.FromPostgresAsync(pg),
                    Microsoft.Data.Sqlite.SqliteConnection sqlite => await TenancySchema.FromSqliteAsync(sqlite),
                    _ => throw new InvalidOperationException(connection.GetType().Name),
                };
                return (shape, TenancySchema.Problems(shape, db.Model));
            }
            finally { await db.Database.CloseConnectionAsync(); }
        });
        problems.ShouldBeEmpty();
        // The reading itself works: every tenant table is there, with its keys and foreign keys.
        var model = await WithModelAsync(TenancySchema.FromModel);
        tables.Where(t => TenancySchema.DistributionColumn(t) is not null).Select(t => t.Name)
            .ShouldBe(model.Where(t => TenancySchema.DistributionColumn(t) is not null).Select(t => t.Name), ignoreOrder: true);
        tables.Sum(t => t.ForeignKeys.Count).ShouldBe(model.Sum(t => t.ForeignKeys.Count));
        tables.Single(t => t.Name == "ContactEvents").PrimaryKey.ShouldBe(["OrganisationId", "ContactId", "Sequence"]);
    }

    /// <summary>The rules themselves catch what they are for: a sample of broken shapes is refused, each for its reason.</summary>
    [Fact]
    public async Task The_schema_rules_refuse_a_key_index_or_foreign_key_without_the_organisation_id()
    {
        var problems = await WithModelAsync(db => TenancySchema.Problems(
        [
            new("Organisations", ["Id"], ["Id"], [], []),
            new("Widgets", ["OrganisationId", "Id", "Code", "GadgetId", "UserId"], ["Id", "OrganisationId"],
                [new("IX_Widgets_Code", ["Code"], Unique: true), new("IX_Widgets_UserId", ["UserId"], Unique: false)],
                [new("FK_Widgets_Gadgets", ["GadgetId"], "Gadgets", ["Id"]), new("FK_Widgets_Log", ["OrganisationId"], "SignInAttempts", ["Key"])]),
            new("Gadgets", ["OrganisationId", "Id"], ["OrganisationId", "Id"], [], []),
            new("Loose", ["Id"], ["Id"], [], [new("FK_Loose_Gadgets", ["Id"], "Gadgets", ["Id"])]),
            new("SignInAttempts", ["Key"], ["Key"], [], []),
        ], db.Model));
        problems.ShouldContain(p => p.StartsWith("Widgets's primary key"));
        problems.ShouldContain(p => p.StartsWith("Widgets unique index IX_Widgets_Code"));
        problems.ShouldContain(p => p.StartsWith("Widgets index IX_Widgets_UserId"));
        problems.ShouldContain(p => p.StartsWith("Widgets foreign key FK_Widgets_Gadgets"));
        problems.ShouldContain(p => p.StartsWith("Widgets foreign key FK_Widgets_Log"));
        problems.ShouldContain(p => p.StartsWith("Loose has no OrganisationId"));
        problems.ShouldContain(p => p.StartsWith("Loose (global) has foreign key"));
        problems.ShouldContain(p => p.StartsWith("the listed cross-organisation lookup"));
        problems.ShouldNotContain(p => p.StartsWith("Gadgets") || p.StartsWith("Organisations") || p.StartsWith("SignInAttempts"));
    }

    [Fact]
    public async Task A_context_acting_for_one_organisation_reads_only_that_organisations_rows()
    {
        var a = await OrganisationIdAsync(Demo.OrganisationName);
        var b = await SignUpAsync();

        var seenByA = await app.WithDbAsync(async db => (
            Departments: await db.Departments.Select(d => d.OrganisationId).Distinct().ToListAsync(),
            Members: await db.Members.Select(m => m.OrganisationId).Distinct().ToListAsync(),
            Organisations: await db.Organisations.Select(o => o.Id).ToListAsync()), tenant: a);
        seenByA.Departments.ShouldBe([a]);
        seenByA.Members.ShouldBe([a]);
        seenByA.Organisations.ShouldBe([a]);

        var seenByB = await app.WithDbAsync(async db => (
            Departments: await db.Departments.CountAsync(),
            Holidays: await db.Holidays.CountAsync(),
            Members: await db.Members.Select(m => m.OrganisationId).Distinct().ToListAsync()), tenant: b);
        seenByB.Departments.ShouldBe(0);
        seenByB.Holidays.ShouldBe(0);
        seenByB.Members.ShouldBe([b]);

        // No tenant at all: the filter matches nothing.
        (await app.WithDbAsync(db => db.Members.CountAsync())).ShouldBe(0);
        (await app.WithDbAsync(db => db.Organisations.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task Saving_a_row_of_another_organisation_throws_and_changes_nothing()
    {
        var a = await OrganisationIdAsync(Demo.OrganisationName);
        var b = await SignUpAsync();
        var bDepartment = await app.WithDbAsync(async db =>
        {
            var d = new Department { Id = Guid.CreateVersion7(), Name = "Solo de B" };
            db.Departments.Add(d);
            await db.SaveChangesAsync();
            return d.Id;
        }, tenant: b);

        // Acting for A, modify B's department.
        await Should.ThrowAsync<TenantMismatchException>(() => app.WithDbAsync(async db =>
        {
            var d = await db.Departments.IgnoreQueryFilters().SingleAsync(x => x.Id == bDepartment);
            d.Name = "Cambiado por A";
            await db.SaveChangesAsync();
        }, tenant: a));

        // Acting for A, delete B's department.
        await Should.ThrowAsync<TenantMismatchException>(() => app.WithDbAsync(async db =>
        {
            db.Departments.Remove(await db.Departments.IgnoreQueryFilters().SingleAsync(x => x.Id == bDepartment));
            await db.SaveChangesAsync();
        }, tenant: a));

        // Acting for A, insert a row stamped with B's id.
        await Should.ThrowAsync<TenantMismatchException>(() => app.WithDbAsync(async db =>
        {
            db.Departments.Add(new Department { Id = Guid.CreateVersion7(), OrganisationId = b, Name = "Colado por A" });
            await db.SaveChangesAsync();
        }, tenant: a));

        // Acting for A, rename organisation B.
        await Should.ThrowAsync<TenantMismatchException>(() => app.WithDbAsync(async db =>
        {
            var org = await db.Organisations.IgnoreQueryFilters().SingleAsync(o => o.Id == b);
            org.Name = "Renombrada por A";
            await db.SaveChangesAsync();
        }, tenant: a));

        var after = await app.WithDbAsync(async db => (
            Departments: await db.Departments.Select(d => d.Name).ToListAsync(),
            Organisation: await db.Organisations.Select(o => o.Name).SingleAsync()), tenant: b);
        after.Departments.ShouldBe(["Solo de B"]);
        after.Organisation.ShouldStartWith("Guard test");
        (await app.WithDbAsync(db => db.Departments.IgnoreQueryFilters().CountAsync(d => d.Name.Contains("por A")))).ShouldBe(0);
    }

    [Fact]
    public async Task Saving_a_tenant_owned_row_with_no_organisation_in_scope_throws()
    {
        var a = await OrganisationIdAsync(Demo.OrganisationName);
        var before = await app.WithDbAsync(db => db.Departments.IgnoreQueryFilters().CountAsync());

        await Should.ThrowAsync<TenantMismatchException>(() => app.WithDbAsync(async db =>
        {
            db.Departments.Add(new Department { Id = Guid.CreateVersion7(), Name = "Sin organización" });
            await db.SaveChangesAsync();
        }));
        await Should.ThrowAsync<TenantMismatchException>(() => app.WithDbAsync(async db =>
        {
            db.Departments.Add(new Department { Id = Guid.CreateVersion7(), OrganisationId = a, Name = "Con id pero sin ámbito" });
            await db.SaveChangesAsync();
        }));
        await Should.ThrowAsync<TenantMismatchException>(() => app.WithDbAsync(async db =>
        {
            var d = await db.Departments.IgnoreQueryFilters().FirstAsync(x => x.OrganisationId == a);
            d.Name = "Renombrado sin ámbito";
            await db.SaveChangesAsync();
        }));

        (await app.WithDbAsync(db => db.Departments.IgnoreQueryFilters().CountAsync())).ShouldBe(before);
        (await app.WithDbAsync(db => db.Departments.IgnoreQueryFilters().CountAsync(d => d.Name.Contains("ámbito") || d.Name == "Sin organización"))).ShouldBe(0);
    }

    [Fact]
    public async Task A_unit_of_work_cannot_switch_to_another_organisation()
    {
        var a = await OrganisationIdAsync(Demo.OrganisationName);
        var tenant = Tenant.For(a);
        Should.Throw<TenantMismatchException>(() => tenant.Set(Guid.NewGuid()));
        tenant.Set(a);
        tenant.OrganisationId.ShouldBe(a);
    }

    private Task<Guid> OrganisationIdAsync(string name) =>
        app.WithDbAsync(db => db.Organisations.IgnoreQueryFilters().Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    private async Task<Guid> SignUpAsync()
    {
        var name = $"Guard test {Guid.NewGuid():N}"[..30];
        using var owner = await app.SignUpAsync(name, Demo.NewEmail("guard"));
        return await OrganisationIdAsync(name);
    }
}

public sealed class TenancyModelOnSqlite(SqliteApp app) : TenancyModelTests(app), IClassFixture<SqliteApp>;

public sealed class TenancyModelOnPostgres(PostgresApp app) : TenancyModelTests(app), IClassFixture<PostgresApp>;
