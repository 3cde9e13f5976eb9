using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Organisations;
using Pauta.Core.Training;
using Pauta.Web.Features.Training;
using Pauta.Web.Tests.Contacts;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;

namespace Pauta.Web.Tests.Training;

/// <summary>
/// The training gate on live work, through the pages and the API on both databases: a blocked start writes nothing, warn
/// starts with a badge, an override is used by exactly one contact (also under two concurrent starts), take-over is gated
/// like a start, the suggestion list says why and how, the settings, the allow page, and another organisation's agents,
/// protocols and overrides stay out of reach. Each test sets the gate it needs and uses its own person or protocol.
/// </summary>
public abstract class TrainingGateTests(ClockedApp app)
{
    private static object Start(Guid protocolId, string? customer = null, Channels channel = Channels.Phone) =>
        new { id = Guid.NewGuid(), channel, reason = "quiero devolver unos zapatos", protocolId, customerName = customer };

    [Fact]
    public async Task A_blocked_start_is_refused_in_the_api_with_its_code_and_writes_nothing()
    {
        await app.SetOrganisationGateAsync(GateMode.Block);
        var protocol = await app.ProtocolIdAsync(ProtocolScenarios.DemoComplaints);
        var major = await app.CurrentMajorAsync(protocol);
        var agent = await app.SignInAsync("valentina@suarez.example");
        var before = await app.CountAsync();

        var problem = await (await agent.PostJsonAsync("/api/v1/contacts", Start(protocol, customer: "Cliente Nuevo"))).ProblemAsync(HttpStatusCode.Forbidden);
        problem.Code.ShouldBe(TrainingGate.BlockedCode);
        problem.Detail!.ShouldContain($"v{major}");
        (await app.CountAsync()).ShouldBe(before);

        // A start that is not valid anyway (a channel the protocol does not cover) gets its own answer, not the gate's.
        var written = await app.ProtocolIdAsync(ProtocolScenarios.DemoWritten);
        var wrongChannel = await agent.PostJsonAsync("/api/v1/contacts", Start(written));
        wrongChannel.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await wrongChannel.Content.ReadAsStringAsync());
        (await wrongChannel.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.ShouldContain("channel");
        (await app.CountAsync()).ShouldBe(before);

        // Trained on the current major version: the same start goes through.
        await app.AcknowledgeAsync("valentina@suarez.example", protocol, major);
        (await agent.PostJsonAsync("/api/v1/contacts", Start(protocol))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_blocked_start_on_the_page_says_why_beside_the_protocol_and_writes_nothing()
    {
        await app.SetOrganisationGateAsync(GateMode.Block);
        var protocol = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var major = await app.CurrentMajorAsync(protocol);
        var agent = await app.SignInAsync("paula@suarez.example");
        var page = await agent.GetPageAsync($"/contacts/new?Input.Channel=Phone&Input.Reason={Uri.EscapeDataString("quiero devolver unos zapatos")}");
        page.Status.ShouldBe(HttpStatusCode.OK);
        // The suggestion list shows why and how.
        var first = page.Document.QuerySelector("#suggestion-0")!;
        first.QuerySelector(".gate-blocked")!.TextContent.ShouldContain($"v{major}");
        first.QuerySelector($"a[href='/training/courses/{protocol}']").ShouldNotBeNull();
        first.QuerySelector("a[href^='/training/allow']").ShouldBeNull("an agent cannot allow herself");

        var before = await app.CountAsync();
        var fields = Page.FieldsOf(page.Document.QuerySelector("#start-contact")!);
        fields.RemoveAll(f => f.Key is "Input.ProtocolId" or "Input.CustomerName" or "Input.SameNameIsAnother");
        fields.Add(new("Input.ProtocolId", protocol.ToString()));
        fields.Add(new("Input.CustomerName", "Alguien Nuevo"));
        fields.Add(new("Input.SameNameIsAnother", "true"));
        var refused = await agent.PostFormAsync("/contacts/new", fields);
        refused.Status.ShouldBe(HttpStatusCode.Forbidden);
        refused.Document.QuerySelector("[data-valmsg-for='Input.ProtocolId']")!.TextContent.ShouldContain($"v{major}");
        (await app.CountAsync()).ShouldBe(before);

        // A supervisor sees the way to allow one contact in the same list.
        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var seen = await supervisor.GetPageAsync($"/contacts/new?Input.Channel=Phone&Input.Reason={Uri.EscapeDataString("quiero devolver unos zapatos")}");
        seen.Document.QuerySelector("#suggestion-0 a[href^='/training/allow']").ShouldNotBeNull();
    }

    [Fact]
    public async Task Warn_starts_the_contact_and_the_run_page_and_board_show_the_missing_version()
    {
        await app.SetOrganisationGateAsync(GateMode.Warn);
        var protocol = await app.ProtocolIdAsync(ProtocolScenarios.DemoBilling);
        var major = await app.CurrentMajorAsync(protocol);
        var agent = await app.SignInAsync("tomas@suarez.example");
        var response = await agent.PostJsonAsync("/api/v1/contacts", Start(protocol));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var contact = (await response.Content.ReadFromJsonAsync<ContactDto>(Browser.Json))!;

        var run = await agent.GetPageAsync($"/contacts/{contact.Id}");
        run.Document.QuerySelector("#not-trained")!.TextContent.ShouldContain($"v{major}");
        var board = await (await app.SignInAsync(Demo.Supervisor)).GetPageAsync("/board");
        board.Document.QuerySelector($"a[href='/contacts/{contact.Id}']")!.Closest("tr")!.QuerySelector(".not-trained")!.TextContent.ShouldContain($"v{major}");

        // Off: no badge.
        await app.SetOrganisationGateAsync(GateMode.Off);
        (await agent.GetPageAsync($"/contacts/{contact.Id}")).Document.QuerySelector("#not-trained").ShouldBeNull();
    }

    [Fact]
    public async Task The_course_gate_wins_over_the_organisations()
    {
        await app.SetOrganisationGateAsync(GateMode.Off);
        var protocol = await app.ProtocolIdAsync(ProtocolScenarios.DemoPhone);
        var agent = await app.SignInAsync("diego@suarez.example");
        await app.SetCourseGateAsync(protocol, GateMode.Block);
        (await (await agent.PostJsonAsync("/api/v1/contacts", Start(protocol))).ProblemAsync(HttpStatusCode.Forbidden)).Code.ShouldBe(TrainingGate.BlockedCode);
        await app.SetCourseGateAsync(protocol, null);
        (await agent.PostJsonAsync("/api/v1/contacts", Start(protocol))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_override_lets_exactly_one_of_two_concurrent_starts_through()
    {
        await app.SetOrganisationGateAsync(GateMode.Block);
        var protocol = await app.ProtocolIdAsync(ProtocolScenarios.DemoSalonCancellation);
        var (_, sofia, _) = await app.MemberAsync(Demo.Agent);
        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var granted = await supervisor.GrantAsync(sofia, protocol);
        granted.UsedByContactId.ShouldBeNull();
        granted.Count.ShouldBeGreaterThanOrEqualTo(1);

        var agent = await app.SignInAsync(Demo.Agent);
        var other = await app.SignInAsync(Demo.Agent);
        var before = await app.CountAsync();
        var answers = await Task.WhenAll(agent.PostJsonAsync("/api/v1/contacts", Start(protocol)), other.PostJsonAsync("/api/v1/contacts", Start(protocol)));
        answers.Select(a => a.StatusCode).OrderBy(s => s).ShouldBe([HttpStatusCode.Created, HttpStatusCode.Forbidden]);
        var started = (await answers.Single(a => a.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<ContactDto>(Browser.Json))!;
        var after = await app.CountAsync();
        after.Contacts.ShouldBe(before.Contacts + 1);

        var list = await supervisor.GetJsonAsync<List<GateOverrideDto>>($"/api/v1/training/gate-overrides?agentMemberId={sofia}&protocolId={protocol}");
        list.Single(o => o.Id == granted.Id).UsedByContactId.ShouldBe(started.Id);
        // Used: the next start is refused again.
        (await agent.PostJsonAsync("/api/v1/contacts", Start(protocol))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_expired_override_lets_nobody_through()
    {
        await app.SetOrganisationGateAsync(GateMode.Block);
        var protocol = await app.ProtocolIdAsync(ProtocolScenarios.DemoPhone);
        var (_, paula, _) = await app.MemberAsync("paula@suarez.example");
        var granted = await (await app.SignInAsync(Demo.Manager)).GrantAsync(paula, protocol);
        granted.ExpiresAt.ShouldBeGreaterThan(app.UtcNow);
        app.Clock.Advance(granted.ExpiresAt - app.UtcNow + TimeSpan.FromSeconds(1));
        var agent = await app.SignInAsync("paula@suarez.example");
        (await agent.PostJsonAsync("/api/v1/contacts", Start(protocol))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Taking_over_is_gated_like_starting_and_can_use_an_override()
    {
        await app.SetOrganisationGateAsync(GateMode.Off);
        var protocol = await app.ProtocolIdAsync(ProtocolScenarios.DemoReception);
        var agent = await app.SignInAsync(Demo.Agent);
        var response = await agent.PostJsonAsync("/api/v1/contacts", Start(protocol, channel: Channels.InPerson));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var contact = (await response.Content.ReadFromJsonAsync<ContactDto>(Browser.Json))!;

        await app.SetOrganisationGateAsync(GateMode.Block);
        var supervisor = await app.SignInAsync("raul@suarez.example");
        var before = await app.CountAsync();
        var takeOver = new { actionId = Guid.NewGuid(), version = contact.Version, kind = "TakeOver" };
        var problem = await (await supervisor.PostJsonAsync($"/api/v1/contacts/{contact.Id}/actions", takeOver)).ProblemAsync(HttpStatusCode.Forbidden);
        problem.Code.ShouldBe(TrainingGate.BlockedCode);
        (await app.CountAsync()).ShouldBe(before);

        // The page says so at the top of the run.
        var run = await supervisor.GetPageAsync($"/contacts/{contact.Id}");
        var form = run.Document.QuerySelectorAll("form").First(f => f.QuerySelector("input[name='Input.Kind'][value='TakeOver']") is not null);
        var refused = await supervisor.PostFormAsync($"/contacts/{contact.Id}", Page.FieldsOf(form));
        refused.Status.ShouldBe(HttpStatusCode.Forbidden);
        refused.Document.QuerySelector(".errors")!.TextContent.ShouldContain("v");
        (await app.CountAsync()).ShouldBe(before);

        var (_, raul, _) = await app.MemberAsync("raul@suarez.example");
        var granted = await (await app.SignInAsync(Demo.Manager)).GrantAsync(raul, protocol, "Agente de baja, lo cubre el supervisor");
        var taken = await supervisor.PostJsonAsync($"/api/v1/contacts/{contact.Id}/actions", takeOver);
        taken.StatusCode.ShouldBe(HttpStatusCode.OK, await taken.Content.ReadAsStringAsync());
        // A retry of the same take-over is answered as before, though the override is spent.
        (await supervisor.PostJsonAsync($"/api/v1/contacts/{contact.Id}/actions", takeOver)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var list = await supervisor.GetJsonAsync<List<GateOverrideDto>>($"/api/v1/training/gate-overrides?agentMemberId={raul}");
        list.Single(o => o.Id == granted.Id).UsedByContactId.ShouldBe(contact.Id);
    }

    [Fact]
    public async Task Granting_checks_the_reason_the_permission_and_that_the_gate_blocks()
    {
        await app.SetOrganisationGateAsync(GateMode.Block);
        var protocol = await app.ProtocolIdAsync(ProtocolScenarios.DemoComplaints);
        var (_, tomas, _) = await app.MemberAsync("tomas@suarez.example");
        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var before = await app.CountAsync();

        var empty = await supervisor.PostJsonAsync("/api/v1/training/gate-overrides", new { agentMemberId = tomas, protocolId = protocol, reason = "  " });
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await empty.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.ShouldContain("reason");
        var tooLong = await supervisor.PostJsonAsync("/api/v1/training/gate-overrides", new { agentMemberId = tomas, protocolId = protocol, reason = new string('x', 501) });
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var agent = await app.SignInAsync("tomas@suarez.example");
        (await agent.PostJsonAsync("/api/v1/training/gate-overrides", new { agentMemberId = tomas, protocolId = protocol, reason = "yo mismo" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await app.SetOrganisationGateAsync(GateMode.Warn);
        var notBlocked = await supervisor.PostJsonAsync("/api/v1/training/gate-overrides", new { agentMemberId = tomas, protocolId = protocol, reason = "por si acaso" });
        notBlocked.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await notBlocked.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.ShouldContain("protocolId");
        (await app.CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task The_allow_page_lists_what_is_blocked_records_the_reason_and_counts()
    {
        await app.SetOrganisationGateAsync(GateMode.Block);
        var protocol = await app.ProtocolIdAsync(ProtocolScenarios.DemoBilling);
        var (_, diego, _) = await app.MemberAsync("diego@suarez.example");
        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var page = await supervisor.GetPageAsync($"/training/allow?agent={diego}");
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Document.QuerySelectorAll("#allow-form select[name='protocol'] option").Select(o => o.GetAttribute("value")).ShouldContain(protocol.ToString());

        var empty = await supervisor.SubmitAsync($"/training/allow?agent={diego}", Browser.Form(("agent", diego.ToString()), ("protocol", protocol.ToString()), ("Reason", "")));
        empty.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        empty.Document.QuerySelector("[data-valmsg-for='Reason']")!.TextContent.ShouldNotBeNullOrWhiteSpace();

        for (var i = 1; i <= 2; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            var done = await supervisor.SubmitAsync($"/training/allow?agent={diego}",
                Browser.Form(("agent", diego.ToString()), ("protocol", protocol.ToString()), ("Reason", $"Refuerzo de tarde {i}")));
            done.Status.ShouldBe(HttpStatusCode.Redirect);
        }
        var list = await supervisor.GetPageAsync("/training/allow");
        var rows = list.Document.QuerySelectorAll("#overrides tbody tr").Where(r => r.TextContent.Contains("Refuerzo de tarde")).ToList();
        rows.Count.ShouldBe(2);
        rows[0].TextContent.ShouldContain("Refuerzo de tarde 2");
        rows.ShouldAllBe(r => r.QuerySelectorAll("td").Last().TextContent.Trim() == "2");
        var audit = await app.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == "training.gate-override.granted"));
        audit.ShouldBeGreaterThanOrEqualTo(2);

        (await (await app.SignInAsync(Demo.Agent)).GetAsync("/training/allow")).StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task The_settings_page_sets_the_gate_and_the_retrain_days_within_1_to_365()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var page = await admin.GetPageAsync("/settings");
        var version = page.Document.QuerySelector("#training-gate-form input[name='TrainingVersion']")!.GetAttribute("value")!;
        var saved = await admin.SubmitAsync("/settings", Browser.Form(("TrainingGate", "Warn"), ("RetrainDueDays", "30"), ("TrainingVersion", version)),
            "/settings?handler=Training");
        saved.Status.ShouldBe(HttpStatusCode.Redirect);
        var (organisation, _, _) = await app.MemberAsync(Demo.Admin);
        var stored = await app.WithDbAsync(db => db.Organisations.IgnoreQueryFilters().Where(o => o.Id == organisation)
            .Select(o => new { o.TrainingGate, o.RetrainDueDays, o.Version }).SingleAsync());
        stored.TrainingGate.ShouldBe(GateMode.Warn);
        stored.RetrainDueDays.ShouldBe(30);

        foreach (var days in new[] { "0", "366", "" })
        {
            var bad = await admin.SubmitAsync("/settings", Browser.Form(("TrainingGate", "Block"), ("RetrainDueDays", days), ("TrainingVersion", stored.Version.ToString())),
                "/settings?handler=Training");
            bad.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, $"{days} days");
            bad.Document.QuerySelector("[data-valmsg-for='RetrainDueDays']")!.TextContent.ShouldNotBeNullOrWhiteSpace();
        }
        var stale = await admin.SubmitAsync("/settings", Browser.Form(("TrainingGate", "Block"), ("RetrainDueDays", "10"), ("TrainingVersion", version)),
            "/settings?handler=Training");
        stale.Status.ShouldBe(HttpStatusCode.Conflict);
        (await app.WithDbAsync(db => db.Organisations.IgnoreQueryFilters().Where(o => o.Id == organisation).Select(o => o.TrainingGate).SingleAsync()))
            .ShouldBe(GateMode.Warn);

        var manager = await app.SignInAsync(Demo.Manager);
        (await manager.GetAsync("/settings")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Another_organisations_agents_protocols_and_overrides_are_out_of_reach()
    {
        await app.SetOrganisationGateAsync(GateMode.Block);
        var protocol = await app.ProtocolIdAsync(ProtocolScenarios.DemoComplaints);
        var (_, sofia, _) = await app.MemberAsync(Demo.Agent);
        var demo = await app.SignInAsync(Demo.Supervisor);
        var granted = await demo.GrantAsync(sofia, protocol, "Para la prueba de otra organización");

        var email = Demo.NewEmail("owner");
        var other = await app.SignUpAsync($"Otra {Guid.NewGuid():N}"[..20], email);
        var (_, otherOwner, _) = await app.MemberAsync(email);
        var before = await app.CountAsync();

        (await other.PostJsonAsync("/api/v1/training/gate-overrides", new { agentMemberId = sofia, protocolId = protocol, reason = "colarse" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await demo.PostJsonAsync("/api/v1/training/gate-overrides", new { agentMemberId = otherOwner, protocolId = protocol, reason = "colarse" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetJsonAsync<List<GateOverrideDto>>("/api/v1/training/gate-overrides")).ShouldBeEmpty();
        (await other.GetJsonAsync<List<GateOverrideDto>>($"/api/v1/training/gate-overrides?agentMemberId={sofia}")).ShouldBeEmpty();
        var page = await other.GetPageAsync($"/training/allow?agent={sofia}");
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Html.ShouldNotContain("Para la prueba de otra organización");
        page.Document.QuerySelector("#allow-form").ShouldBeNull();
        // Another organisation's protocol cannot be started, whatever the override of this one says.
        (await other.PostJsonAsync("/api/v1/contacts", Start(protocol))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.CountAsync()).ShouldBe(before);
        (await demo.GetJsonAsync<List<GateOverrideDto>>($"/api/v1/training/gate-overrides?agentMemberId={sofia}"))
            .Single(o => o.Id == granted.Id).UsedByContactId.ShouldBeNull();
    }
}

public sealed class TrainingGateOnSqlite(SqliteClockedApp app) : TrainingGateTests(app), IClassFixture<SqliteClockedApp>;

public sealed class TrainingGateOnPostgres(PostgresClockedApp app) : TrainingGateTests(app), IClassFixture<PostgresClockedApp>;
