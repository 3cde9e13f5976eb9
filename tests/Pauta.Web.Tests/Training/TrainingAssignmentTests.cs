using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.Training;
using Pauta.Data.Entities;
using Pauta.Web.Features.Training;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests.Training;

/// <summary>
/// Assignment rules follow the org chart: a rule reaches the people of a role, department, position or one person;
/// newcomers get their curriculum when they accept the invitation, moving out removes what is pending, a minor version
/// assigns nothing and a major one re-assigns exactly the people reached who have not acknowledged it.
/// </summary>
public abstract class TrainingAssignmentTests(PautaApp app)
{
    private const string Reception = "Recepcionista del salón";

    /// <summary>A course for a demo protocol, written straight into the database (creating courses is the learner pages' job).</summary>
    /// <summary>A course of a protocol of the test's own (a new copy of a demo protocol), free of the demo's seeded training.</summary>
    internal static async Task<(Guid Id, string Title)> OwnCourseAsync(PautaApp app, string what)
    {
        var title = $"{what} {Guid.NewGuid():N}"[..30];
        await app.NewPublishedProtocolAsync(title);
        return (await CourseAsync(app, title), title);
    }

    internal static async Task<Guid> CourseAsync(PautaApp app, string title)
    {
        var organisation = await app.OrganisationOfAsync(Demo.Owner);
        var id = await app.ProtocolIdAsync(title);
        await app.WithDbAsync(async db =>
        {
            if (await db.Courses.AnyAsync(c => c.ProtocolId == id)) return;
            var version = await db.Protocols.Where(p => p.Id == id).Select(p => p.PublishedVersion).SingleAsync();
            db.Courses.Add(new Course
            {
                Id = Guid.NewGuid(), ProtocolId = id, VersionNumber = version, ContentHash = new string('0', 64),
                CreatedByUserId = Guid.NewGuid(), CreatedAt = app.UtcNow, UpdatedAt = app.UtcNow,
            });
            await db.SaveChangesAsync();
        }, organisation);
        return id;
    }

    internal static Task<Guid> MemberIdAsync(PautaApp app, string email) =>
        app.WithDbAsync(db => db.Members.IgnoreQueryFilters().Where(m => m.User.Email == email).Select(m => m.Id).SingleAsync());

    private Task<Guid> PositionIdAsync(string title) =>
        app.WithDbAsync(db => db.Positions.IgnoreQueryFilters().Where(p => p.Title == title).Select(p => p.Id).SingleAsync());

    private Task<List<TrainingAssignment>> AssignmentsAsync(Guid protocolId) =>
        app.WithDbAsync(db => db.TrainingAssignments.IgnoreQueryFilters().AsNoTracking().Where(a => a.ProtocolId == protocolId).ToListAsync());

    private Task<List<Guid>> MembersAsync(Func<Member, bool> which) =>
        app.WithDbAsync(async db => (await db.Members.IgnoreQueryFilters().AsNoTracking().ToListAsync()).Where(which).Select(m => m.Id).ToList());

    private static async Task<RuleView> AddRuleAsync(Browser manager, Guid protocolId, object body)
    {
        var response = await manager.PostJsonAsync($"/api/v1/training/courses/{protocolId}/rules", body);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<RuleView>(Json))!;
    }

    [Fact]
    public async Task A_rule_to_a_position_assigns_its_people_a_newcomer_invited_into_it_on_accept_and_moving_out_removes_the_pending_one()
    {
        var (protocol, _) = await OwnCourseAsync(app, "Recepción");
        var position = await PositionIdAsync(Reception);
        var holders = await MembersAsync(m => m.PositionId == position);
        holders.ShouldNotBeEmpty();
        var manager = await app.SignInAsync(Demo.Manager);

        var rule = await AddRuleAsync(manager, protocol, new { target = "Position", targetId = position, dueInDays = 10 });
        rule.Reaches.ShouldBe(holders.Count);
        var assigned = await AssignmentsAsync(protocol);
        assigned.Select(a => a.MemberId).ShouldBe(holders, ignoreOrder: true);
        assigned.ShouldAllBe(a => a.DueAt == a.AssignedAt.AddDays(10) && a.RuleId == rule.Id && a.CompletedAt == null && a.RemovedAt == null);

        // A newcomer invited into the position finds the course on her home page once she accepts.
        var owner = await app.SignInAsync(Demo.Owner);
        var email = Demo.NewEmail("recepcion");
        var invited = await owner.PostJsonAsync("/api/v1/invitations", new { email, role = "Agent", positionId = position });
        await invited.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var link = new Uri((await invited.Content.ReadFromJsonAsync<CreatedInvitationDto>(Json))!.Link).PathAndQuery;
        var newcomer = app.NewBrowser();
        (await newcomer.SubmitAsync(link, Form(("Input.DisplayName", "Rosa Recepción"), ("Input.Password", Demo.StrongPassword)), link)).ShouldRedirectTo("/");
        var rosa = await MemberIdAsync(app, email);
        (await AssignmentsAsync(protocol)).Where(a => a.MemberId == rosa).ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            a => a.RemovedAt.ShouldBeNull(), a => a.RuleId.ShouldBe(rule.Id), a => a.DueAt.ShouldBe(a.AssignedAt.AddDays(10)));

        var home = await (await app.SignInAsync(email, Demo.StrongPassword)).GetPageAsync("/");
        var section = home.Document.QuerySelector("#my-training-due").ShouldNotBeNull();
        section.QuerySelector($"a[href='/training/courses/{protocol}']").ShouldNotBeNull();
        // The badge counts every open assignment she has: this course's, and the demo salon course its receptionists get.
        var open = await app.WithDbAsync(db => db.TrainingAssignments.IgnoreQueryFilters().CountAsync(a => a.MemberId == rosa && a.CompletedAt == null && a.RemovedAt == null));
        open.ShouldBeGreaterThan(1);
        home.Document.QuerySelector("#training-badge .sr-only")!.TextContent.ShouldBe(Text.Es("Training.Assign.Badge", open));

        // Moving her out of the position removes the pending assignment (and nothing else).
        var person = await owner.GetJsonAsync<PersonDto>($"/api/v1/people/{rosa}");
        await (await owner.PutJsonAsync($"/api/v1/people/{rosa}", new { role = "Agent", departmentId = person.DepartmentId, positionId = (Guid?)null, version = person.Version }))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);
        var after = await AssignmentsAsync(protocol);
        after.Single(a => a.MemberId == rosa).RemovedAt.ShouldNotBeNull();
        after.Where(a => a.RemovedAt == null).Select(a => a.MemberId).ShouldBe(holders, ignoreOrder: true);
        (await (await app.SignInAsync(email, Demo.StrongPassword)).GetPageAsync("/")).Document.QuerySelector("#my-training-due").ShouldBeNull();
    }

    [Fact]
    public async Task A_minor_version_adds_no_rows_and_a_major_one_assigns_exactly_the_reached_untrained_people_due_the_retrain_days_after()
    {
        var protocol = await CourseAsync(app, ProtocolScenarios.DemoBilling);
        var organisation = await app.OrganisationOfAsync(Demo.Owner);
        var agents = await MembersAsync(m => m.OrganisationId == organisation && m.Role == Role.Agent);
        var sofia = await MemberIdAsync(app, Demo.Agent);
        var current = await app.WithDbAsync(db => db.Protocols.Where(p => p.Id == protocol).Select(p => p.PublishedVersion).SingleAsync(), organisation);
        // Sofía acknowledged the current version before the course was assigned: she is trained and gets nothing now.
        await app.WithDbAsync(async db =>
        {
            db.TrainingAcknowledgements.Add(new TrainingAcknowledgement
            {
                Id = Guid.NewGuid(), MemberId = sofia, ProtocolId = protocol, VersionNumber = current, ContentHash = new string('0', 64), At = app.UtcNow,
            });
            await db.SaveChangesAsync();
        }, organisation);
        var manager = await app.SignInAsync(Demo.Manager);
        var rule = await AddRuleAsync(manager, protocol, new { target = "Role", targetId = "Agent", dueInDays = 30 });
        rule.Reaches.ShouldBe(agents.Count);
        (await AssignmentsAsync(protocol)).Select(a => a.MemberId).ShouldBe(agents.Where(a => a != sofia), ignoreOrder: true);

        var rowsBefore = (await AssignmentsAsync(protocol)).Count;
        var allRowsBefore = await app.WithDbAsync(db => db.TrainingAssignments.IgnoreQueryFilters().CountAsync());
        await app.PublishEditAsync(protocol, p => p with { Purpose = p.Purpose + " Revisado." }, "Redacción.", ChangeSize.Minor);
        (await AssignmentsAsync(protocol)).Count.ShouldBe(rowsBefore, "a minor version assigns nobody");
        (await app.WithDbAsync(db => db.TrainingAssignments.IgnoreQueryFilters().CountAsync())).ShouldBe(allRowsBefore);

        var major = await app.PublishEditAsync(protocol, p => p with { Purpose = p.Purpose + " Nuevo proceso." }, "Nuevo proceso.", ChangeSize.Major);
        var open = (await AssignmentsAsync(protocol)).Where(a => a.CompletedAt == null && a.RemovedAt == null).ToList();
        open.Select(a => a.MemberId).ShouldBe(agents, ignoreOrder: true);
        open.ShouldAllBe(a => a.ForVersion == major && a.DueAt == a.AssignedAt.AddDays(14));
        open.Single(a => a.MemberId == sofia).PreviousVersion.ShouldBe(current);
        // The older open ones were replaced, not left beside the new ones.
        (await AssignmentsAsync(protocol)).Where(a => a.ForVersion < major).ShouldAllBe(a => a.RemovedAt != null);
    }

    [Fact]
    public async Task A_role_change_brings_the_new_roles_course_and_removes_the_old_ones_and_removal_takes_the_rest()
    {
        var (forAgents, _) = await OwnCourseAsync(app, "Para agentes");
        var (forSupervisors, _) = await OwnCourseAsync(app, "Para supervisores");
        var manager = await app.SignInAsync(Demo.Manager);
        await AddRuleAsync(manager, forSupervisors, new { target = "Role", targetId = "Supervisor", dueInDays = 12 });
        var owner = await app.SignInAsync(Demo.Owner);
        var email = Demo.NewEmail("rol");
        var invited = await owner.PostJsonAsync("/api/v1/invitations", new { email, role = "Agent" });
        var link = new Uri((await invited.Content.ReadFromJsonAsync<CreatedInvitationDto>(Json))!.Link).PathAndQuery;
        (await app.NewBrowser().SubmitAsync(link, Form(("Input.DisplayName", "Rita Rol"), ("Input.Password", Demo.StrongPassword)), link)).ShouldRedirectTo("/");
        var rita = await MemberIdAsync(app, email);
        await AddRuleAsync(manager, forAgents, new { target = "Person", targetId = rita, dueInDays = 8 });
        var ritaRows = async () => (await AssignmentsAsync(forAgents)).Concat(await AssignmentsAsync(forSupervisors)).Where(a => a.MemberId == rita).ToList();
        (await ritaRows()).Where(a => a.RemovedAt == null).Select(a => a.ProtocolId).ShouldBe([forAgents]);

        var person = await owner.GetJsonAsync<PersonDto>($"/api/v1/people/{rita}");
        await (await owner.PutJsonAsync($"/api/v1/people/{rita}", new { role = "Supervisor", departmentId = person.DepartmentId, positionId = person.PositionId, version = person.Version }))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await ritaRows()).Where(a => a.RemovedAt == null).Select(a => a.ProtocolId).ShouldBe([forAgents, forSupervisors], ignoreOrder: true,
            "the person rule still reaches her, and now the supervisors' rule too");

        await (await owner.DeleteAsync($"/api/v1/people/{rita}")).ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        (await ritaRows()).ShouldBeEmpty("her training rows leave with her membership");
    }

    [Fact]
    public async Task Removing_a_rule_removes_the_pending_assignments_it_alone_made()
    {
        var protocol = await CourseAsync(app, ProtocolScenarios.DemoWritten);
        var manager = await app.SignInAsync(Demo.Manager);
        var sofia = await MemberIdAsync(app, Demo.Agent);
        var valentina = await MemberIdAsync(app, "valentina@suarez.example");
        var byRole = await AddRuleAsync(manager, protocol, new { target = "Role", targetId = "Agent", dueInDays = 20 });
        var byPerson = await AddRuleAsync(manager, protocol, new { target = "Person", targetId = sofia, dueInDays = 5 });
        (await AssignmentsAsync(protocol)).Count(a => a.MemberId == sofia).ShouldBe(1, "one assignment even when two rules reach her");

        await (await manager.DeleteAsync($"/api/v1/training/rules/{byRole.Id}")).ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        var left = await AssignmentsAsync(protocol);
        left.Where(a => a.RemovedAt == null).Select(a => a.MemberId).ShouldBe([sofia], "the person rule still reaches Sofía");
        left.Single(a => a.MemberId == valentina).RemovedAt.ShouldNotBeNull();
        (await manager.GetJsonAsync<List<RuleView>>($"/api/v1/training/courses/{protocol}/rules")).Select(r => r.Id).ShouldBe([byPerson.Id]);
        await (await manager.DeleteAsync($"/api/v1/training/rules/{byRole.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_rules_get_field_errors_and_write_nothing()
    {
        var protocol = await CourseAsync(app, ProtocolScenarios.DemoPhone);
        var manager = await app.SignInAsync(Demo.Manager);
        var rulesBefore = await app.WithDbAsync(db => db.CourseRules.IgnoreQueryFilters().CountAsync());
        await (await manager.PostJsonAsync($"/api/v1/training/courses/{protocol}/rules", new { target = "Position", targetId = "nope", dueInDays = 0 }))
            .ShouldBeValidationProblemAsync("targetId", "dueInDays");
        await (await manager.PostJsonAsync($"/api/v1/training/courses/{protocol}/rules", new { target = "Role", targetId = "Emperor", dueInDays = 366 }))
            .ShouldBeValidationProblemAsync("targetId", "dueInDays");
        await (await manager.PostJsonAsync($"/api/v1/training/courses/{protocol}/rules", new { targetId = "Agent", dueInDays = 3 }))
            .ShouldBeValidationProblemAsync("target");
        await (await manager.PostJsonAsync($"/api/v1/training/courses/{Guid.NewGuid()}/rules", new { target = "Role", targetId = "Agent", dueInDays = 3 }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await app.WithDbAsync(db => db.CourseRules.IgnoreQueryFilters().CountAsync())).ShouldBe(rulesBefore);

        // The same through the page: field errors beside the inputs, 422, nothing written.
        var page = await manager.GetPageAsync($"/training/courses/{protocol}/assign");
        page.ShouldHaveStatus(HttpStatusCode.OK);
        var fields = With(With(page.FormFields("#add-rule"), "Input.TargetId", ""), "Input.DueInDays", "0");
        var refused = await manager.PostFormAsync($"/training/courses/{protocol}/assign", fields);
        refused.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        refused.FieldError("Input.TargetId").ShouldBe(Text.Es("Field.Required"));
        refused.FieldError("Input.DueInDays").ShouldBe(Text.Es("Training.Assign.DueRange", 1, 365));
        (await app.WithDbAsync(db => db.CourseRules.IgnoreQueryFilters().CountAsync())).ShouldBe(rulesBefore);
    }

    [Fact]
    public async Task The_rules_page_adds_and_lists_a_rule_with_its_reach_and_says_when_there_is_no_course()
    {
        var protocol = await CourseAsync(app, ProtocolScenarios.DemoComplaints);
        var manager = await app.SignInAsync(Demo.Manager);
        var page = await manager.GetPageAsync($"/training/courses/{protocol}/assign");
        page.Title.ShouldBe(Text.Es("Training.Assign.Title", ProtocolScenarios.DemoComplaints));
        var stylist = await PositionIdAsync("Estilista");
        var fields = With(With(With(page.FormFields("#add-rule"), "Input.Target", "Position"), "Input.TargetId", stylist.ToString()), "Input.DueInDays", "7");
        (await manager.PostFormAsync($"/training/courses/{protocol}/assign", fields)).ShouldRedirectTo($"/training/courses/{protocol}/assign");
        var listed = await manager.GetPageAsync($"/training/courses/{protocol}/assign");
        var row = listed.Document.QuerySelector("#rules tbody tr").ShouldNotBeNull();
        row.TextContent.ShouldContain("Estilista");
        row.TextContent.ShouldContain(Text.Es("Training.Assign.DueDays", 7));
        var stylists = (await MembersAsync(m => m.PositionId == stylist)).Count;
        row.TextContent.ShouldContain(Text.Es("Training.Assign.People", stylists));

        var organisation = await app.OrganisationOfAsync(Demo.Owner);
        var withoutCourse = await app.WithDbAsync(db => db.Protocols.Where(p => p.PublishedVersion > 0 && !db.Courses.Any(c => c.ProtocolId == p.Id))
            .OrderBy(p => p.Title).Select(p => p.Id).FirstAsync(), organisation);
        var noCourse = await manager.GetPageAsync($"/training/courses/{withoutCourse}/assign");
        noCourse.ShouldHaveStatus(HttpStatusCode.OK);
        noCourse.Document.QuerySelector("#no-course a[href='/training/courses']").ShouldNotBeNull();
        noCourse.Document.QuerySelector("#add-rule").ShouldBeNull();

        (await (await app.SignInAsync(Demo.Agent)).GetAsync($"/training/courses/{protocol}/assign")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_person_reads_their_own_assignments_and_only_managers_and_record_viewers_read_others()
    {
        var protocol = await CourseAsync(app, ProtocolScenarios.DemoReception);
        var manager = await app.SignInAsync(Demo.Manager);
        var tomas = await MemberIdAsync(app, "tomas@suarez.example");
        await AddRuleAsync(manager, protocol, new { target = "Person", targetId = tomas, dueInDays = 9 });

        var own = await (await app.SignInAsync("tomas@suarez.example")).GetJsonAsync<List<AssignmentView>>("/api/v1/training/assignments");
        own.ShouldContain(a => a.ProtocolId == protocol && a.ForVersion >= 1 && a.ProtocolTitle == ProtocolScenarios.DemoReception);
        (await manager.GetJsonAsync<List<AssignmentView>>($"/api/v1/training/assignments?memberId={tomas}")).ShouldContain(a => a.ProtocolId == protocol);
        (await (await app.SignInAsync(Demo.Supervisor)).GetJsonAsync<List<AssignmentView>>($"/api/v1/training/assignments?memberId={tomas}"))
            .ShouldContain(a => a.ProtocolId == protocol);
        await (await (await app.SignInAsync(Demo.Agent)).GetAsync($"/api/v1/training/assignments?memberId={tomas}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Another_organisation_can_neither_target_nor_read_nor_remove_this_ones_rules_and_assignments()
    {
        var protocol = await CourseAsync(app, ProtocolScenarios.DemoReturns);
        var manager = await app.SignInAsync(Demo.Manager);
        var rule = await AddRuleAsync(manager, protocol, new { target = "Role", targetId = "Supervisor", dueInDays = 4 });
        var andres = await MemberIdAsync(app, Demo.Supervisor);

        var other = await app.SignUpAsync("Peluquería Norte", Demo.NewEmail("norte"));
        var theirs = await other.PostJsonAsync("/api/v1/positions", new { title = "Recepción Norte" });
        await theirs.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var theirPosition = (await theirs.Content.ReadFromJsonAsync<PositionDto>(Json))!.Id;
        var rules = await app.WithDbAsync(db => db.CourseRules.IgnoreQueryFilters().CountAsync());
        var rows = await app.WithDbAsync(db => db.TrainingAssignments.IgnoreQueryFilters().CountAsync());

        // A rule aimed at the other organisation's position (or person) is refused as unknown.
        await (await manager.PostJsonAsync($"/api/v1/training/courses/{protocol}/rules", new { target = "Position", targetId = theirPosition, dueInDays = 5 }))
            .ShouldBeValidationProblemAsync("targetId");
        var theirOwner = await app.WithDbAsync(db => db.Members.IgnoreQueryFilters().Where(m => m.Role == Role.Owner && m.User.DisplayName == "Test Owner")
            .OrderByDescending(m => m.JoinedAt).Select(m => m.Id).FirstAsync());
        await (await manager.PostJsonAsync($"/api/v1/training/courses/{protocol}/rules", new { target = "Person", targetId = theirOwner, dueInDays = 5 }))
            .ShouldBeValidationProblemAsync("targetId");

        // The other organisation cannot see or touch this one's course, rules or assignments.
        await (await other.GetAsync($"/api/v1/training/courses/{protocol}/rules")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.PostJsonAsync($"/api/v1/training/courses/{protocol}/rules", new { target = "Role", targetId = "Owner", dueInDays = 5 }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.DeleteAsync($"/api/v1/training/rules/{rule.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/training/assignments?memberId={andres}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await other.GetAsync($"/training/courses/{protocol}/assign")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await app.WithDbAsync(db => db.CourseRules.IgnoreQueryFilters().CountAsync())).ShouldBe(rules);
        (await app.WithDbAsync(db => db.TrainingAssignments.IgnoreQueryFilters().CountAsync())).ShouldBe(rows);
        (await app.WithDbAsync(db => db.CourseRules.IgnoreQueryFilters().SingleAsync(r => r.Id == rule.Id))).RemovedAt.ShouldBeNull();
    }
}

public sealed class TrainingAssignmentOnSqlite(SqliteApp app) : TrainingAssignmentTests(app), IClassFixture<SqliteApp>;

public sealed class TrainingAssignmentOnPostgres(PostgresApp app) : TrainingAssignmentTests(app), IClassFixture<PostgresApp>;
