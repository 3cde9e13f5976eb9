using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Organisations;
using Pauta.Web.Features.Contacts;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;

namespace Pauta.Web.Tests.Contacts;

public sealed record ContactStepDto(string Key, string? PlanKey, string Stage, string Title, bool Required, List<string> Checklist,
    List<bool> Ticked, string? Question, List<string> Answers, List<ContactScriptDto> Scripts);

public sealed record ContactScriptDto(string Text, bool IsGreeting, string Language);

public sealed record ContactClockDto(string Status, DateTimeOffset? DueAt, bool Paused);

public sealed record ContactTimelineDto(DateTimeOffset At, string Actor, string Kind, string? Step, string? Subject, string? Detail);

public sealed record ContactDto(Guid Id, int Version, Guid ProtocolId, int ProtocolVersion, string ProtocolTitle, Channels Channel,
    string Reason, string? Customer, string CustomerLanguage, string Agent, string Handler, bool Closed, string? Outcome, string Stage,
    ContactStepDto? Current, List<string> OpenPlans, bool FlowFinished, List<string> OpenRequiredSteps, bool Escalated,
    bool AwaitingSupervisor, bool WaitingOnCustomer, ContactClockDto? FirstResponse, ContactClockDto? Resolution,
    Dictionary<string, string> Note, List<ContactTimelineDto> Timeline);

public sealed record ContactSuggestionDto(Guid ProtocolId, string Title, string? PlanKey, bool CoversChannel);

public sealed record ContactSuggestionsDto(List<ContactSuggestionDto> Suggestions);

public sealed record StoredActionDto(int Sequence, Guid ActionId, string Type);

public sealed record SurveyLinkDto(string Token, string Language, string Path);

/// <summary>
/// A contact followed live through the API, on both databases: suggestion, the pinned version, scripts filled in for
/// this customer and agent, the flow, retries and stale tabs, the close gate, escalation and supervision, breaches
/// found by the background service, and that nobody outside the contact's people or organisation sees it.
/// </summary>
public abstract class GuidedContactTests(ClockedApp app)
{
    private const string ShoeReturn = "quiero devolver unos zapatos que me quedaron chicos";

    private static object Act(ContactDto c, string kind, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["actionId"] = Guid.NewGuid(), ["version"] = c.Version, ["kind"] = kind };
        if (extra is not null)
            foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        return body;
    }

    private static async Task<ContactDto> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ContactDto>(Browser.Json))!;
    }

    private async Task<ContactDto> StartAsync(Browser agent, string reason, Channels channel, string protocolTitle, string? customer = null)
    {
        var protocolId = await app.ProtocolIdAsync(protocolTitle);
        return await OkAsync(await agent.PostJsonAsync("/api/v1/contacts",
            new { id = Guid.NewGuid(), channel, reason, protocolId, customerName = customer }), HttpStatusCode.Created);
    }

    private Task<ContactDto> DoAsync(Browser who, ContactDto c, string kind, object? extra = null) =>
        who.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, kind, extra)).ContinueWith(t => OkAsync(t.Result)).Unwrap();

    [Fact]
    public async Task The_reason_in_the_customers_words_suggests_the_returns_protocol_first()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var found = await agent.GetJsonAsync<ContactSuggestionsDto>($"/api/v1/contacts/suggestions?reason={Uri.EscapeDataString(ShoeReturn)}&channel=Phone");
        found.Suggestions.ShouldNotBeEmpty();
        found.Suggestions[0].Title.ShouldBe(ProtocolScenarios.DemoReturns);
        found.Suggestions[0].CoversChannel.ShouldBeTrue();

        var typo = await agent.GetJsonAsync<ContactSuggestionsDto>("/api/v1/contacts/suggestions?reason=devolucion%20sin%20tiket&channel=InPerson");
        typo.Suggestions.Take(3).Select(s => s.Title).ShouldContain(ProtocolScenarios.DemoReturns);
    }

    [Fact]
    public async Task A_phone_contact_greets_with_both_names_follows_the_flow_and_records_every_action_once()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var c = await StartAsync(agent, ShoeReturn, Channels.Phone, ProtocolScenarios.DemoReturns, customer: "Marta Gómez");
        c.Stage.ShouldBe("Opening");
        c.Current!.Key.ShouldBe("saludo");
        var greeting = c.Current.Scripts.Single(s => s.IsGreeting).Text;
        greeting.ShouldContain("Sofía Díaz");
        greeting.ShouldContain("Marta Gómez");
        greeting.ShouldNotContain("{");
        c.FirstResponse!.Status.ShouldBe("Running");

        c = await DoAsync(agent, c, "Complete", new { stepKey = "saludo" });
        c.FirstResponse!.Status.ShouldBeOneOf("Fulfilled", "FulfilledLate");
        c.Current!.Key.ShouldBe("ticket");
        c.Stage.ShouldBe("Analysis");

        c = await DoAsync(agent, c, "Tick", new { stepKey = "ticket", index = 0, ticked = true });
        c.Current!.Ticked[0].ShouldBeTrue();
        c = await DoAsync(agent, c, "Complete", new { stepKey = "ticket" });
        c.Current!.Question.ShouldNotBeNull();

        // A retry of the same action (same id) answers with the contact and records nothing twice.
        var answer = Act(c, "Answer", new { stepKey = "cumple", answerIndex = 0 });
        var first = await OkAsync(await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", answer));
        var retried = await OkAsync(await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", answer));
        retried.Version.ShouldBe(first.Version);
        first.Current!.Key.ShouldBe("cambio-o-devolucion");
        var actions = await agent.GetJsonAsync<List<StoredActionDto>>($"/api/v1/contacts/{c.Id}/actions");
        actions.Count.ShouldBe(first.Version);
        actions.Select(a => a.ActionId).Distinct().Count().ShouldBe(actions.Count);
        actions.Select(a => a.Sequence).ShouldBe(Enumerable.Range(1, actions.Count));

        // A second tab still on the earlier version is refused and writes nothing.
        var stale = await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, "Back", new { stepKey = "cumple" }));
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await stale.Content.ReadAsStringAsync()).ShouldNotContain("Exception");
        (await agent.GetJsonAsync<List<StoredActionDto>>($"/api/v1/contacts/{c.Id}/actions")).Count.ShouldBe(actions.Count);

        c = first;
        c = await DoAsync(agent, c, "Answer", new { stepKey = "cambio-o-devolucion", answerIndex = 0 });
        c.Current!.Key.ShouldBe("cambio");
        c.Stage.ShouldBe("Solution");
        c = await DoAsync(agent, c, "Back", new { stepKey = "cambio" });
        c.Current!.Key.ShouldBe("cambio-o-devolucion");
        c.Timeline.Select(t => t.Kind).ShouldContain("WentBack");
    }

    private static Task<HttpResponseMessage> PostMinimalAsync(Browser who, string url, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: Browser.Json) };
        request.Headers.TryAddWithoutValidation("Prefer", "respond-async, return=minimal; x=1");
        return who.Client.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage r, string name) =>
        r.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : null;

    [Fact]
    public async Task With_prefer_return_minimal_a_start_and_an_action_answer_only_the_new_version_in_the_etag()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var id = Guid.NewGuid();
        var start = new { id, channel = Channels.Phone, reason = ShoeReturn, protocolId };

        var started = await PostMinimalAsync(agent, "/api/v1/contacts", start);
        started.StatusCode.ShouldBe(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        (await started.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        started.Headers.Location!.ToString().ShouldBe($"/api/v1/contacts/{id}");
        started.Headers.ETag!.ToString().ShouldBe("\"1\"");
        started.Headers.ETag.IsWeak.ShouldBeFalse();
        Header(started, "Preference-Applied").ShouldBe("return=minimal");

        // A retried start answers the same way, with the contact's version as stored.
        var again = await PostMinimalAsync(agent, "/api/v1/contacts", start);
        again.StatusCode.ShouldBe(HttpStatusCode.Created);
        again.Headers.ETag!.Tag.ShouldBe("\"1\"");

        var action = new { actionId = Guid.NewGuid(), version = 1, kind = "Wait" };
        var acted = await PostMinimalAsync(agent, $"/api/v1/contacts/{id}/actions", action);
        acted.StatusCode.ShouldBe(HttpStatusCode.NoContent, await acted.Content.ReadAsStringAsync());
        (await acted.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        acted.Headers.ETag!.Tag.ShouldBe("\"2\"");
        Header(acted, "Preference-Applied").ShouldBe("return=minimal");

        // The action was stored once; its retry (the version it first saw) answers the version now, and stores nothing.
        (await PostMinimalAsync(agent, $"/api/v1/contacts/{id}/actions", action)).Headers.ETag!.Tag.ShouldBe("\"2\"");
        var c = await agent.GetJsonAsync<ContactDto>($"/api/v1/contacts/{id}");
        c.Version.ShouldBe(2);
        c.WaitingOnCustomer.ShouldBeTrue();
        (await agent.GetJsonAsync<List<StoredActionDto>>($"/api/v1/contacts/{id}/actions")).Select(a => a.ActionId)
            .ShouldBe([id, action.actionId]);

        // Refusals stay ProblemDetails: a stale version, and an action that does not apply.
        var stale = await PostMinimalAsync(agent, $"/api/v1/contacts/{id}/actions", new { actionId = Guid.NewGuid(), version = 1, kind = "Resume" });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        stale.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        Header(stale, "Preference-Applied").ShouldBeNull();
        var invalid = await PostMinimalAsync(agent, $"/api/v1/contacts/{id}/actions",
            new { actionId = Guid.NewGuid(), version = 2, kind = "Complete", stepKey = "no-such-step" });
        ((int)invalid.StatusCode).ShouldBeInRange(400, 499);
        invalid.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        // Without the preference: the whole contact, as before, and the same ETag.
        var full = await agent.PostJsonAsync($"/api/v1/contacts/{id}/actions", new { actionId = Guid.NewGuid(), version = 2, kind = "Resume" });
        var body = await OkAsync(full);
        body.Version.ShouldBe(3);
        body.WaitingOnCustomer.ShouldBeFalse();
        full.Headers.ETag!.Tag.ShouldBe("\"3\"");
        Header(full, "Preference-Applied").ShouldBeNull();
    }

    [Fact]
    public async Task A_running_contact_stays_on_its_version_when_a_new_one_is_published()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var c = await StartAsync(agent, "cambiar una camisa", Channels.InPerson, ProtocolScenarios.DemoReturns);
        var id = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var newVersion = await app.PublishEditAsync(id, p => p with
        {
            Steps = [p.Steps[0] with { Title = "Saludar con una sonrisa" }, .. p.Steps.Skip(1)],
        }, "Saludo más cálido");
        newVersion.ShouldBeGreaterThan(c.ProtocolVersion);

        var again = await agent.GetJsonAsync<ContactDto>($"/api/v1/contacts/{c.Id}");
        again.ProtocolVersion.ShouldBe(c.ProtocolVersion);
        again.Current!.Title.ShouldBe(c.Current!.Title);
        again.Current.Title.ShouldNotBe("Saludar con una sonrisa");

        var next = await StartAsync(agent, "cambiar una camisa", Channels.InPerson, ProtocolScenarios.DemoReturns);
        next.ProtocolVersion.ShouldBe(newVersion);
        next.Current!.Title.ShouldBe("Saludar con una sonrisa");
    }

    [Fact]
    public async Task The_close_gate_refuses_open_required_steps_unless_overridden_with_a_reason()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var c = await StartAsync(agent, ShoeReturn, Channels.InPerson, ProtocolScenarios.DemoReturns);

        var refused = await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, "Close", new { outcome = "Resolved" }));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await refused.Content.ReadFromJsonAsync<ProblemDto>();
        problem!.Errors!.Values.SelectMany(v => v).ShouldContain(m => m.Contains("Saludar"));

        var badSkip = await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, "Skip", new { stepKey = "saludo" }));
        badSkip.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badSkip.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.ShouldContain("reason");

        c = await DoAsync(agent, c, "Close", new { outcome = "NeedsFollowUp", overrideReason = "El cliente tuvo que irse", followUpDue = "2030-01-15" });
        c.Closed.ShouldBeTrue();
        c.Outcome.ShouldBe("NeedsFollowUp");
        c.FirstResponse!.Status.ShouldNotBe("Running");
        c.Resolution!.Status.ShouldNotBe("Running");
        c.Timeline.Last().Kind.ShouldBe("Closed");
        c.Timeline.Last().Detail.ShouldBe("El cliente tuvo que irse");

        // Closed means closed: nothing more is recorded.
        var after = await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, "Note", new { note = new Dictionary<string, string> { ["x"] = "y" } }));
        after.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var followUps = await app.WithDbAsync(db => db.FollowUps.IgnoreQueryFilters().Where(f => f.ContactId == c.Id).ToListAsync());
        followUps.Count.ShouldBe(1);
        followUps[0].DueAt.Year.ShouldBe(2030);
    }

    [Fact]
    public async Task The_survey_link_is_in_the_language_the_customer_spoke_and_only_for_a_closed_contact()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var c = await OkAsync(await agent.PostJsonAsync("/api/v1/contacts",
            new { id = Guid.NewGuid(), channel = Channels.InPerson, reason = "I want to return these shoes", protocolId, customerLanguage = "en" }),
            HttpStatusCode.Created);
        c.CustomerLanguage.ShouldBe("en");
        c = await DoAsync(agent, c, "Close", new { outcome = "Resolved", overrideReason = "Done at the till" });
        var link = await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/survey", new { });
        link.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await link.Content.ReadAsStringAsync()).ShouldContain("lang=en");
        var page = await app.NewBrowser().GetPageAsync((await link.Content.ReadFromJsonAsync<SurveyLinkDto>())!.Path);
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Document.DocumentElement.GetAttribute("lang").ShouldBe("en");
    }

    [Fact]
    public async Task An_escalated_contact_is_taken_over_and_returned_by_a_supervisor_only()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var c = await StartAsync(agent, ShoeReturn, Channels.Phone, ProtocolScenarios.DemoReturns);
        c = await DoAsync(agent, c, "Escalate", new { target = "Supervisor", reason = "Pide hablar con un responsable" });
        c.Escalated.ShouldBeTrue();
        c.AwaitingSupervisor.ShouldBeTrue();

        (await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, "TakeOver"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var otherAgent = await app.SignInAsync("diego@suarez.example");
        (await otherAgent.GetAsync($"/api/v1/contacts/{c.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var supervisor = await app.SignInAsync(Demo.Supervisor);
        c = await DoAsync(supervisor, c, "TakeOver");
        c.Handler.ShouldBe("Andrés Pérez");
        // The agent may no longer move the steps on; the supervisor may.
        (await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, "Complete", new { stepKey = "saludo" })))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        c = await DoAsync(supervisor, c, "Complete", new { stepKey = "saludo" });
        c = await DoAsync(supervisor, c, "Return", new { guidance = "Ofrécele un vale si no trae ticket" });
        c.Handler.ShouldBe("Sofía Díaz");
        c.Timeline.Select(t => t.Kind).ShouldContain("TakenOver");
        c.Timeline.ShouldContain(t => t.Kind == "ReturnedWithGuidance" && t.Detail == "Ofrécele un vale si no trae ticket");
    }

    [Fact]
    public async Task A_run_out_clock_is_recorded_as_breached_by_the_background_service_and_escalated_by_rule()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var c = await StartAsync(agent, "no me contestan el correo", Channels.Electronic, "Atención por chat, correo electrónico y redes sociales");
        c.FirstResponse!.Status.ShouldBe("Running");
        var due = c.FirstResponse.DueAt!.Value;

        app.Clock.Advance(due - app.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        // The worker runs every second on its own; this waits for it, bounded, rather than calling it.
        ContactDto? breached = null;
        for (var i = 0; i < 100 && breached is null; i++)
        {
            var now = await agent.GetJsonAsync<ContactDto>($"/api/v1/contacts/{c.Id}");
            if (now.FirstResponse!.Status == "Breached") breached = now;
            else await Task.Delay(100);
        }
        breached.ShouldNotBeNull("the breach worker records the breach");
        breached.Timeline.ShouldContain(t => t.Kind == "ClockBreached" && t.Actor == "Pauta");
        breached.Timeline.ShouldContain(t => t.Kind == "EscalatedAutomatically" && t.Subject == "Supervisor de tienda");
        var row = await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().SingleAsync(x => x.Id == c.Id));
        row.Breached.ShouldBeTrue();
        row.Escalated.ShouldBeTrue();
        row.FirstResponseDueAt.ShouldBeNull();

        // Found again by another tick (or another node): recorded once.
        await app.Services.GetRequiredService<BreachWorker>().TickAsync(default);
        var actions = await agent.GetJsonAsync<List<StoredActionDto>>($"/api/v1/contacts/{c.Id}/actions");
        actions.Count(a => a.Type == "clock").ShouldBe(1);
    }

    [Fact]
    public async Task Another_organisation_cannot_see_act_on_or_start_on_what_is_not_its_own()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var c = await StartAsync(agent, ShoeReturn, Channels.Phone, ProtocolScenarios.DemoReturns);
        var other = await app.SignUpAsync($"Otra {Guid.NewGuid():N}", Demo.NewEmail("owner"));

        (await other.GetAsync($"/api/v1/contacts/{c.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/v1/contacts/{c.Id}/actions")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, "Complete", new { stepKey = "saludo" })))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/contacts/{c.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Starting on another organisation's protocol, or reusing another organisation's contact id, is refused.
        var foreign = await other.PostJsonAsync("/api/v1/contacts",
            new { id = Guid.NewGuid(), channel = Channels.Phone, reason = "x", protocolId = c.ProtocolId });
        foreign.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var reused = await other.PostJsonAsync("/api/v1/contacts", new { id = c.Id, channel = Channels.Phone, reason = "x", protocolId = c.ProtocolId });
        reused.StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.Conflict);
        (await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().CountAsync(x => x.Id == c.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task Bad_input_gets_a_precise_answer_and_never_a_server_error()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var missing = await agent.PostJsonAsync("/api/v1/contacts", new { channel = Channels.Phone, reason = "" });
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.ShouldContain("protocolId");

        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var wrongChannel = await agent.PostJsonAsync("/api/v1/contacts", new { channel = Channels.Print, reason = "devolver", protocolId });
        wrongChannel.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrongChannel.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.ShouldContain("channel");

        var c = await StartAsync(agent, ShoeReturn, Channels.Phone, ProtocolScenarios.DemoReturns);
        var notCurrent = await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, "Complete", new { stepKey = "despedida" }));
        notCurrent.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var unknownPlan = await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, "EnterPlan", new { planKey = "no-existe" }));
        unknownPlan.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await agent.PostJsonAsync($"/api/v1/contacts/{Guid.NewGuid()}/actions", Act(c, "Complete", new { stepKey = "saludo" })))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var garbage = await agent.Client.PostAsync($"/api/v1/contacts/{c.Id}/actions",
            new StringContent("{\"kind\": 42", System.Text.Encoding.UTF8, "application/json"));
        garbage.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await agent.GetJsonAsync<List<StoredActionDto>>($"/api/v1/contacts/{c.Id}/actions")).Count.ShouldBe(1);
    }
}

public sealed class GuidedContactsOnSqlite(SqliteClockedApp app) : GuidedContactTests(app), IClassFixture<SqliteClockedApp>;

public sealed class GuidedContactsOnPostgres(PostgresClockedApp app) : GuidedContactTests(app), IClassFixture<PostgresClockedApp>;
