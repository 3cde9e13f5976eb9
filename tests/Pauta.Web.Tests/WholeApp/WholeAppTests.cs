using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pauta.Data;
using Pauta.Tests.Shared;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;
using Xunit.Abstractions;
using static Pauta.Web.Tests.Protocols.Authoring;

namespace Pauta.Web.Tests.WholeApp;

/// <summary>
/// One Pauta for the whole test, as a shop would run it: the real background services and caches, the demo organisation,
/// and a clock that starts on a Tuesday morning in Madrid whatever day the suite runs.
/// </summary>
public abstract class WholeAppHost(DatabaseProvider provider) : PautaApp(provider)
{
    /// <summary>Tuesday 3 March 2026, 11:00 in Madrid: the demo shops are open.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 3, 10, 0, 0, TimeSpan.Zero);

    public ManualClock Clock { get; } = new(Start);

    protected override TimeProvider AppClock => Clock;

    /// <summary>The node's name (Pauta:NodeName): every answer carries it in X-Pauta-Node, and its lease connections say it.</summary>
    public const string Node = "whole-app";

    protected override string? NodeName => Node;

    /// <summary>Real use: the demo with its 2,500 past contacts, so every page and the insights run over a real history.</summary>
    protected override int PastContacts => 2500;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Thousands of requests, some of them refused on purpose: the assertion lists what matters.
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Critical));
    }
}

public sealed class SqliteWholeAppHost() : WholeAppHost(DatabaseProvider.Sqlite);

public sealed class PostgresWholeAppHost() : WholeAppHost(DatabaseProvider.Postgres);

/// <summary>
/// The guard that would have caught a whole day of 500s: every role of the demo organisation signs in to one running
/// Pauta, the real journeys run in order through forms (with their antiforgery tokens) and the API. After each one every
/// page and every GET of the OpenAPI document is requested with the ids that exist by then, by one signed-in role in
/// turn and the anonymous visitor; after the last one, by every role. Not one answer may be 500 or more.
/// </summary>
public abstract class WholeAppTests(WholeAppHost app, ITestOutputHelper output)
{
    private const string OtherManager = "marta@suarez.example";
    private const string ShoeReturn = "quiero devolver unos zapatos que me quedaron chicos";
    /// <summary>A supervisor of the demo whose role the admin takes away and gives back (nobody else in the test is him).</summary>
    private const string RoleChanged = "raul@suarez.example";

    [Fact]
    public async Task Every_journey_in_order_leaves_every_page_and_every_api_read_below_500_for_every_role()
    {
        var watch = Stopwatch.StartNew();
        var owner = await app.SignInAsync(Demo.Owner);
        var admin = await app.SignInAsync(Demo.Admin);
        var lucia = await app.SignInAsync(Demo.Manager);
        var marta = await app.SignInAsync(OtherManager);
        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var agent = await app.SignInAsync(Demo.Agent);
        var roles = new Dictionary<string, HttpClient>
        {
            ["owner"] = owner.Client, ["admin"] = admin.Client, ["manager"] = lucia.Client, ["other manager"] = marta.Client,
            ["supervisor"] = supervisor.Client, ["agent"] = agent.Client, ["anonymous"] = app.NewBrowser().Client,
        };
        var sweep = new Sweep(app);
        var timings = new List<string>();
        var signedIn = roles.Keys.Where(r => r != "anonymous").ToList();
        var sweepsSoFar = 0;

        // After each journey one signed-in role (taking turns, so each sees the app in one or two of its states) and the
        // anonymous visitor request everything they can reach; after the last journey every role does (ADR-013). Every
        // role after every journey was half of the suite's time for little more: a page that fails in one state fails
        // for the roles that see it, and the final sweep has every role over everything the journeys left behind.
        async Task SweepAfterAsync(string journey, bool everyone = false)
        {
            var before = watch.Elapsed;
            var requests = sweep.Requests;
            var turn = sweepsSoFar++;
            var who = everyone ? roles : roles.Where(r => r.Key == "anonymous" || r.Key == signedIn[turn % signedIn.Count]).ToDictionary();
            await sweep.RunAsync(journey, who);
            timings.Add($"{journey} ({string.Join(", ", who.Keys)}): {sweep.Requests - requests} requests in {(watch.Elapsed - before).TotalSeconds:F1} s");
            app.Clock.Advance(TimeSpan.FromMinutes(3));
        }

        await SweepAfterAsync("nothing yet");

        // 1. A manager writes a protocol, the other manager approves it, the author publishes v1 and starts v2.
        var protocol = await CreateAsync(lucia, "es/queja-reclamo", "Atención al cliente", "Quejas en la tienda online");
        sweep.Touched.Add(protocol.ToString());
        (await LifecycleAsync(lucia, protocol, "Submit")).ShouldRedirectTo(EditUrl(protocol));
        (await LifecycleAsync(marta, protocol, "Approve")).ShouldRedirectTo(EditUrl(protocol));
        (await LifecycleAsync(lucia, protocol, "Publish", ("changeSummary", "Primera versión."))).ShouldRedirectTo($"/protocols/{protocol}");
        (await LifecycleAsync(lucia, protocol, "StartDraft")).ShouldRedirectTo(EditUrl(protocol));
        await SaveAsync(lucia, protocol, Fields(await OpenAsync(lucia, protocol)).Set("Input.Steps[0].Instruction", "Saluda y preséntate."));
        (await LifecycleAsync(lucia, protocol, "Submit")).ShouldRedirectTo(EditUrl(protocol));
        await SweepAfterAsync("author, approve, publish v1, v2 in review");

        // 2. An agent starts a contact from a suggestion and runs it; a supervisor takes it over and closes it.
        var start = await agent.GetPageAsync($"/contacts/new?Input.Channel=Phone&Input.Reason={Uri.EscapeDataString(ShoeReturn)}");
        start.ShouldHaveStatus(HttpStatusCode.OK);
        start.Document.QuerySelector("#suggestion-0")!.TextContent.ShouldContain(ProtocolScenarios.DemoReturns);
        var started = await agent.PostFormAsync("/contacts/new", With(start.Document.QuerySelector("#start-contact")!, ("Input.CustomerName", "Marta Gómez")));
        started.ShouldHaveStatus(HttpStatusCode.Redirect);
        var contactUrl = Assertions.LocalPath(started.Location);
        var contact = contactUrl.Split('/').Last();
        sweep.Touched.Add(contact);
        var returns = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        sweep.Touched.Add(returns.ToString());
        sweep.Touched.Add((await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().Where(c => c.Id == Guid.Parse(contact)).Select(c => c.CustomerId).SingleAsync())).ToString()!);

        await ActAsync(agent, contactUrl, "Complete");
        await ActAsync(agent, contactUrl, "Tick");
        await ActAsync(agent, contactUrl, "EnterPlan");
        await ActAsync(agent, contactUrl, "Escalate", [("Input.Target", "Supervisor de tienda"), ("Input.Reason", "Pide hablar con un responsable")]);
        await ActAsync(supervisor, contactUrl, "TakeOver");
        await ActAsync(supervisor, contactUrl, "Close", [("Input.Outcome", "Resolved"), ("Input.OverrideReason", "Resuelto por el supervisor")]);
        var closed = await supervisor.GetPageAsync(contactUrl);
        var surveyForm = closed.Document.QuerySelector("#survey form") ?? throw new ShouldAssertException($"no survey form on the closed contact: {closed}");
        (await supervisor.PostFormAsync($"{contactUrl}?handler=Survey", Page.FieldsOf(surveyForm))).ShouldHaveStatus(HttpStatusCode.Redirect);
        var link = (await supervisor.GetPageAsync(contactUrl)).Document.QuerySelector("#survey-link")!.GetAttribute("value")!;
        var surveyPath = new Uri(link).PathAndQuery;
        sweep.SurveyTokens.Add(new Uri(link).AbsolutePath.Split('/').Last());
        await SweepAfterAsync("contact from a suggestion, plan, escalation, take-over, close");

        // 3. The customer answers the survey with a low score: a service recovery opens.
        var customer = app.NewBrowser();
        (await customer.SubmitAsync(surveyPath, Browser.Form(("Input.Score", "2"), ("Input.Reason", "Me tuvieron esperando")))).Status
            .ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Redirect);
        await SweepAfterAsync("survey answered");

        // 4. Protocol files out and in: the new protocol's file, renamed, uploaded on the transfer page and through the API.
        var file = await (await lucia.GetAsync($"/protocols/{protocol}/export.md")).Content.ReadAsStringAsync();
        file.ShouldStartWith("---\ntitle: ");
        var uploaded = await UploadAsync(lucia, "subido.md", file.Replace("title: Quejas en la tienda online", "title: Quejas subidas"));
        uploaded.ShouldHaveStatus(HttpStatusCode.OK);
        var zip = await lucia.GetAsync("/protocols/export.zip");
        await zip.ShouldHaveStatusAsync(HttpStatusCode.OK);
        using (var import = new MultipartFormDataContent())
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(file.Replace("title: Quejas en la tienda online", "title: Quejas importadas")));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
            import.Add(content, "files", "importado.md");
            var imported = await lucia.Client.PostAsync("/api/v1/protocols/import", import);
            ((int)imported.StatusCode).ShouldBeLessThan(300, await imported.Content.ReadAsStringAsync());
        }
        foreach (var title in new[] { "Quejas subidas", "Quejas importadas" })
            sweep.Touched.Add((await app.ProtocolIdAsync(title)).ToString());
        await SweepAfterAsync("protocol files exported, uploaded and imported");

        // 5. Settings: business hours, the note template and an API token, which then reads as one more role.
        var hours = await admin.GetPageAsync("/settings/hours");
        var hourFields = Page.FieldsOf(FormWithField(hours, "Input.Saturday"));
        (await admin.PostFormAsync("/settings/hours", Browser.With(hourFields, "Input.Saturday", "10:00-13:30"))).ShouldRedirectTo("/settings/hours");
        var settings = await admin.GetPageAsync("/settings");
        (await admin.PostFormAsync("/settings?handler=NoteTemplate", Browser.With(settings.FormFields("#note-template-form"), "Fields", "Motivo\nSolución\nSiguiente paso")))
            .ShouldRedirectTo("/settings");
        var tokenPage = await owner.SubmitAsync("/settings/api-tokens", Browser.Form(("Name", "Repositorio"), ("Scopes", "Read")));
        var secret = tokenPage.Document.QuerySelector("#token-secret")?.GetAttribute("value") ?? throw new ShouldAssertException(tokenPage.ToString());
        roles["API token"] = app.WithToken(secret);
        await SweepAfterAsync("hours, note template and an API token changed");

        // 6. Training: a course of the new protocol assigned to every agent; the agent reads a lesson and takes the quiz; the
        // admin turns the gate to block; the agent is refused a contact she is not trained for until a supervisor allows one.
        var courses = await lucia.GetPageAsync("/training/courses");
        var create = courses.Document.QuerySelector($"#candidate-{protocol} form") ?? throw new ShouldAssertException($"no create form: {courses}");
        (await lucia.PostFormAsync(create.GetAttribute("action")!, Page.FieldsOf(create))).ShouldHaveStatus(HttpStatusCode.Redirect);
        var assign = await lucia.GetPageAsync($"/training/courses/{protocol}/assign");
        var agentRole = assign.Document.QuerySelector("#add-rule optgroup option")?.GetAttribute("value") ?? throw new ShouldAssertException(assign.ToString());
        (await lucia.PostFormAsync($"/training/courses/{protocol}/assign", Browser.With(Browser.With(Browser.With(assign.FormFields("#add-rule"),
            "Input.Target", "Role"), "Input.TargetId", agentRole), "Input.DueInDays", "7"))).ShouldHaveStatus(HttpStatusCode.Redirect);
        var lesson = await agent.GetPageAsync($"/training/courses/{protocol}/lessons/overview");
        lesson.ShouldHaveStatus(HttpStatusCode.OK);
        (await agent.PostFormAsync($"/training/courses/{protocol}/lessons/overview?handler=Done", lesson.FormFields("#lesson-done")))
            .ShouldHaveStatus(HttpStatusCode.Redirect);
        var quiz = await agent.GetPageAsync($"/training/courses/{protocol}/quiz");
        var startQuiz = quiz.Document.QuerySelectorAll("#quiz form").FirstOrDefault();
        if (startQuiz is not null)
        {
            (await agent.PostFormAsync($"/training/courses/{protocol}/quiz?handler=Start", Page.FieldsOf(startQuiz))).ShouldHaveStatus(HttpStatusCode.Redirect);
            var paper = await agent.GetPageAsync($"/training/courses/{protocol}/quiz");
            var answers = paper.Document.QuerySelector("#quiz-form") ?? throw new ShouldAssertException(paper.ToString());
            var picked = Page.FieldsOf(answers);
            foreach (var question in answers.QuerySelectorAll("fieldset"))
                if (question.QuerySelector("input[type=radio]") is { } first)
                    picked = Browser.With(picked, first.GetAttribute("name")!, first.GetAttribute("value")!);
            (await agent.PostFormAsync(answers.GetAttribute("action")!, picked)).Status.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Redirect);
        }
        var gate = await admin.GetPageAsync("/settings");
        (await admin.PostFormAsync(gate.Document.QuerySelector("#training-gate-form")!.GetAttribute("action") ?? "/settings",
            Browser.With(gate.FormFields("#training-gate-form"), "TrainingGate", "Block"))).ShouldHaveStatus(HttpStatusCode.Redirect);
        var blocked = await agent.GetPageAsync($"/contacts/new?Input.Channel=Phone&Input.Reason={Uri.EscapeDataString(ShoeReturn)}");
        var refused = await agent.PostFormAsync("/contacts/new", With(blocked.Document.QuerySelector("#start-contact")!, ("Input.ProtocolId", returns.ToString())));
        refused.ShouldHaveStatus(HttpStatusCode.Forbidden);
        var agentMember = await app.WithDbAsync(db => db.Members.IgnoreQueryFilters().Where(m => m.User.Email == Demo.Agent).Select(m => m.Id).SingleAsync());
        var allow = await supervisor.GetPageAsync($"/training/allow?agent={agentMember}");
        (await supervisor.PostFormAsync("/training/allow", Browser.With(Browser.With(allow.FormFields("#allow-form"), "protocol", returns.ToString()),
            "Reason", "Cola en la caja y nadie más formado"))).ShouldHaveStatus(HttpStatusCode.Redirect);
        var allowed = await agent.GetPageAsync($"/contacts/new?Input.Channel=Phone&Input.Reason={Uri.EscapeDataString(ShoeReturn)}");
        (await agent.PostFormAsync("/contacts/new", With(allowed.Document.QuerySelector("#start-contact")!, ("Input.ProtocolId", returns.ToString()))))
            .ShouldHaveStatus(HttpStatusCode.Redirect);
        await SweepAfterAsync("a course assigned, a lesson, a quiz, the gate on block, one contact allowed");

        // 7. Real operations (issue 12): the gate back off; a letter received yesterday at the Bogotá shop asks to erase
        // personal data; the agent fills its case number, which its script then says, and registers it; the legal answer
        // term counts business days on the Colombian legal calendar; once its "3 business days left" warning is reached the
        // worker records it and escalates, whichever node's worker gets there first.
        var gateOff = await admin.GetPageAsync("/settings");
        (await admin.PostFormAsync(gateOff.Document.QuerySelector("#training-gate-form")!.GetAttribute("action") ?? "/settings",
            Browser.With(gateOff.FormFields("#training-gate-form"), "TrainingGate", "Off"))).ShouldHaveStatus(HttpStatusCode.Redirect);
        var personalData = await app.WithDbAsync(db => db.Protocols.IgnoreQueryFilters()
            .Where(p => p.Title.StartsWith("Datos personales del cliente")).Select(p => p.Id).SingleAsync());
        var bogota = await app.WithDbAsync(db => db.Sites.IgnoreQueryFilters().Where(s => s.Name == "Tienda Bogotá Andino").Select(s => s.Id).SingleAsync());
        sweep.Touched.Add(personalData.ToString());
        sweep.Touched.Add(bogota.ToString());
        var letterId = Guid.NewGuid();
        var letterStart = await agent.PostJsonAsync("/api/v1/contacts", new
        {
            id = letterId, channel = "Print", reason = "Carta: pide que borren sus datos personales", protocolId = personalData,
            customerName = "Ana Ruiz", siteId = bogota, receivedAt = app.Clock.GetUtcNow().AddDays(-1), receivedReason = "Carta recibida ayer en la tienda",
        });
        letterStart.StatusCode.ShouldBe(HttpStatusCode.Created, await letterStart.Content.ReadAsStringAsync());
        sweep.Touched.Add(letterId.ToString());
        var letter = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<Pauta.Web.Features.Contacts.ContactsApi.ContactDto>(letterStart.Content, Browser.Json))!;
        letter.ReceivedAt.ShouldNotBeNull();
        var answer = letter.Clocks!.Single(c => c.Clock == "Answer");
        answer.Unit.ShouldBe("BusinessDays");
        answer.Calendar.ShouldBe("legal");
        answer.DaysLeft.ShouldNotBeNull();
        var filled = await agent.PostJsonAsync($"/api/v1/contacts/{letterId}/actions",
            new { actionId = Guid.NewGuid(), version = letter.Version, kind = "Fields", fields = new Dictionary<string, string> { ["radicado"] = "RAD-2026-0042" } });
        filled.StatusCode.ShouldBe(HttpStatusCode.OK, await filled.Content.ReadAsStringAsync());
        var afterFields = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<Pauta.Web.Features.Contacts.ContactsApi.ContactDto>(filled.Content, Browser.Json))!;
        (await agent.PostJsonAsync($"/api/v1/contacts/{letterId}/actions",
            new { actionId = Guid.NewGuid(), version = afterFields.Version, kind = "Complete", stepKey = "recibir" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var letterPage = await agent.GetPageAsync($"/contacts/{letterId}");
        letterPage.ShouldHaveStatus(HttpStatusCode.OK);
        letterPage.Text.ShouldContain("RAD-2026-0042");
        var board = await supervisor.GetPageAsync($"/board?site={bogota}");
        board.Document.QuerySelector($"#board-{letterId}").ShouldNotBeNull($"the Bogotá board lists the letter: {board}");
        var warningDue = answer.Warnings!.Single().DueAt ?? throw new ShouldAssertException("the answer term's warning has no due instant");
        app.Clock.Advance(warningDue - app.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        await app.Services.GetRequiredService<Pauta.Web.Features.Contacts.BreachWorker>().TickAsync(default);
        // A week and more went by: sessions expired, so everybody signs in again for the rest of the journey.
        (owner, admin, lucia, marta, supervisor, agent) = (await app.SignInAsync(Demo.Owner), await app.SignInAsync(Demo.Admin),
            await app.SignInAsync(Demo.Manager), await app.SignInAsync(OtherManager), await app.SignInAsync(Demo.Supervisor), await app.SignInAsync(Demo.Agent));
        (roles["owner"], roles["admin"], roles["manager"], roles["other manager"], roles["supervisor"], roles["agent"]) =
            (owner.Client, admin.Client, lucia.Client, marta.Client, supervisor.Client, agent.Client);
        var reread = await agent.GetAsync($"/api/v1/contacts/{letterId}");
        reread.StatusCode.ShouldBe(HttpStatusCode.OK, await reread.Content.ReadAsStringAsync());
        var warned = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<Pauta.Web.Features.Contacts.ContactsApi.ContactDto>(
            reread.Content, Browser.Json))!;
        warned.Clocks.ShouldNotBeNull(await reread.Content.ReadAsStringAsync());
        warned.Clocks!.Single(c => c.Clock == "Answer").Warnings!.Single().WarnedAt.ShouldNotBeNull("the worker recorded the warning");
        warned.Timeline.ShouldContain(t => t.Kind == Pauta.Core.Contacts.TimelineKind.EscalatedAutomatically, "the warning escalated by its rule");
        await SweepAfterAsync("a letter received yesterday at the Bogotá shop, its case number, the legal term warned and escalated");

        // 8. Issue 13 in the same running app: an agent starts a contact and acts on it through the API asking for minimal
        // answers, and a plain read shows what the empty answers said; the run page answers htmx with its fragment only;
        // a role changed by the admin counts on the person's very next request (the per-node cache is dropped, not served);
        // the reading page shows a newly published version at once although the old one was cached; every leased worker
        // holds its lease, under this node's name; and every answer says which node gave it.
        var minimalId = Guid.NewGuid();
        var minimalUrl = $"/api/v1/contacts/{minimalId}";
        var minimalStart = await PostMinimalAsync(agent, "/api/v1/contacts",
            new { id = minimalId, channel = "Phone", reason = ShoeReturn, protocolId = returns, customerName = "Elena Prieto" });
        minimalStart.StatusCode.ShouldBe(HttpStatusCode.Created, await minimalStart.Content.ReadAsStringAsync());
        sweep.Touched.Add(minimalId.ToString());
        (await minimalStart.Content.ReadAsByteArrayAsync()).ShouldBeEmpty("a minimal start has no body");
        Assertions.LocalPath(minimalStart.Headers.Location?.OriginalString).ShouldBe(minimalUrl);
        ShouldBeMinimal(minimalStart, 1);
        var asStarted = await agent.GetJsonAsync<Pauta.Web.Features.Contacts.ContactsApi.ContactDto>(minimalUrl);
        asStarted.Version.ShouldBe(1);
        var firstStep = asStarted.Current?.Key ?? throw new ShouldAssertException("the started contact has no current step");
        var completed = await PostMinimalAsync(agent, $"{minimalUrl}/actions",
            new { actionId = Guid.NewGuid(), version = 1, kind = "Complete", stepKey = firstStep });
        completed.StatusCode.ShouldBe(HttpStatusCode.NoContent, await completed.Content.ReadAsStringAsync());
        (await completed.Content.ReadAsByteArrayAsync()).ShouldBeEmpty("a minimal action has no body");
        ShouldBeMinimal(completed, 2);
        var waiting = await PostMinimalAsync(agent, $"{minimalUrl}/actions", new { actionId = Guid.NewGuid(), version = 2, kind = "Wait" });
        waiting.StatusCode.ShouldBe(HttpStatusCode.NoContent, await waiting.Content.ReadAsStringAsync());
        ShouldBeMinimal(waiting, 3);
        var asActed = await agent.GetJsonAsync<Pauta.Web.Features.Contacts.ContactsApi.ContactDto>(minimalUrl);
        asActed.Version.ShouldBe(3, "the version the last empty answer gave is the version stored");
        asActed.WaitingOnCustomer.ShouldBeTrue();
        (asActed.Current?.Key).ShouldNotBe(firstStep, "the completed step is behind the contact");
        asActed.Timeline.ShouldContain(t => t.Step == firstStep, "the completed step is on the timeline");
        // A stale version is refused alike with and without the preference, and changes nothing.
        var staleAction = new { actionId = Guid.NewGuid(), version = 2, kind = "Resume" };
        var staleMinimal = await PostMinimalAsync(agent, $"{minimalUrl}/actions", staleAction);
        var staleFull = await agent.PostJsonAsync($"{minimalUrl}/actions", staleAction with { actionId = Guid.NewGuid() });
        foreach (var stale in new[] { staleMinimal, staleFull })
        {
            stale.StatusCode.ShouldBe(HttpStatusCode.Conflict, await stale.Content.ReadAsStringAsync());
            stale.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
            stale.Headers.Contains("Preference-Applied").ShouldBeFalse("a refusal applies no preference");
        }
        var staleProblems = await Task.WhenAll(new[] { staleMinimal, staleFull }.Select(async r =>
            System.Text.Json.JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement));
        staleProblems[0].GetProperty("title").GetString().ShouldBe(staleProblems[1].GetProperty("title").GetString());
        staleProblems[0].GetProperty("status").GetInt32().ShouldBe(staleProblems[1].GetProperty("status").GetInt32());
        (await agent.GetJsonAsync<Pauta.Web.Features.Contacts.ContactsApi.ContactDto>(minimalUrl)).Version.ShouldBe(3, "a refusal stores nothing");

        // The run page: the whole page for a plain request, the #run fragment alone for htmx, both at the stored version.
        var runUrl = $"/contacts/{minimalId}";
        var wholeRun = await agent.GetPageAsync(runUrl);
        wholeRun.ShouldHaveStatus(HttpStatusCode.OK);
        wholeRun.Document.QuerySelector("nav.mainnav").ShouldNotBeNull("a plain request gets the whole page");
        wholeRun.Document.QuerySelector("#run")!.GetAttribute("data-version").ShouldBe("3");
        using var asksFragment = new HttpRequestMessage(HttpMethod.Get, runUrl);
        asksFragment.Headers.Add("HX-Request", "true");
        var fragment = await Page.ReadAsync(await agent.Client.SendAsync(asksFragment));
        fragment.ShouldHaveStatus(HttpStatusCode.OK);
        fragment.Html.ShouldNotContain("<html");
        fragment.Html.ShouldNotContain("</head>");
        fragment.Document.QuerySelector("nav.mainnav").ShouldBeNull("htmx gets the run without the layout");
        fragment.Document.QuerySelector("#run")!.GetAttribute("data-version").ShouldBe("3");
        fragment.Document.QuerySelector("#run #step-title")!.TextContent.ShouldBe(wholeRun.Document.QuerySelector("#run #step-title")!.TextContent);

        // A role taken away and given back by the admin counts on the person's next request, in this app, at once.
        var channel = app.Services.GetRequiredService<Pauta.Web.Infrastructure.Cluster.ClusterChannel>();
        channel.IsConnected.ShouldBeTrue("the membership cache is in use (else every request reads the database)");
        var raul = await app.SignInAsync(RoleChanged);
        (await raul.GetAsync("/board")).StatusCode.ShouldBe(HttpStatusCode.OK, "a supervisor sees the board");
        (await raul.GetAsync("/board")).StatusCode.ShouldBe(HttpStatusCode.OK, "read again, now from the node's cache");
        app.Services.GetRequiredService<Pauta.Web.Infrastructure.Cluster.Memberships>().Count.ShouldBeGreaterThan(0);
        var raulId = (await admin.GetJsonAsync<List<PersonDto>>("/api/v1/people")).Single(p => p.Email == RoleChanged).Id;
        // A role change ends the person's sessions (a new security stamp): a cached membership would still let this one in.
        await ChangeRoleAsync(admin, raulId, "Agent");
        ShouldBeSignedOut(await raul.GetAsync("/board"), "the session of the role removed ends on its very next request");
        raul = await app.SignInAsync(RoleChanged);
        (await raul.GetAsync("/board")).StatusCode.ShouldNotBe(HttpStatusCode.OK, "an agent does not see the board");
        (await raul.GetAsync("/contacts/new")).StatusCode.ShouldBe(HttpStatusCode.OK, "an agent starts contacts");
        await ChangeRoleAsync(admin, raulId, "Supervisor");
        ShouldBeSignedOut(await raul.GetAsync("/contacts/new"), "the session of the role given back ends on its very next request too");
        raul = await app.SignInAsync(RoleChanged);
        (await raul.GetAsync("/board")).StatusCode.ShouldBe(HttpStatusCode.OK, "the supervisor sees the board again");

        // The reading page: v1 read (and kept) by the agent; v2, in review since step 1, approved and published; read again.
        var readingUrl = $"/protocols/{protocol}";
        var readV1 = await agent.GetPageAsync(readingUrl);
        readV1.ShouldHaveStatus(HttpStatusCode.OK);
        readV1.Document.QuerySelector("#version-info")!.TextContent.ShouldContain("v1");
        readV1.Text.ShouldNotContain("Saluda y preséntate.");
        (await agent.GetPageAsync(readingUrl)).Document.QuerySelector("#version-info")!.TextContent.ShouldContain("v1");
        (await LifecycleAsync(marta, protocol, "Approve")).ShouldRedirectTo(EditUrl(protocol));
        (await LifecycleAsync(lucia, protocol, "Publish", ("changeSummary", "Saludo al empezar."), ("changeSize", "Minor"))).ShouldRedirectTo($"/protocols/{protocol}");
        var readV2 = await agent.GetPageAsync(readingUrl);
        readV2.Document.QuerySelector("#version-info")!.TextContent.ShouldContain("v2");
        readV2.Text.ShouldContain("Saluda y preséntate.");
        (await agent.GetPageAsync($"{readingUrl}/v/1")).Text.ShouldNotContain("Saluda y preséntate.");

        // Every leased worker holds its lease once the app serves: at once on SQLite; on PostgreSQL (one node, nobody
        // else asking) on its first ask, which comes after ApplicationStarted, polled here for a bounded time.
        var workers = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Pauta.Web.Infrastructure.LeasedWorker>().ToList();
        workers.Select(w => w.Lease).ShouldBe(Pauta.Web.Infrastructure.WorkerLease.All, ignoreOrder: true);
        var leaseWait = Stopwatch.StartNew();
        while (workers.Any(w => !w.HoldsLease) && leaseWait.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
        workers.Where(w => !w.HoldsLease).Select(w => w.Lease.Name).ShouldBeEmpty("every worker holds its lease on the only node");
        workers.ShouldAllBe(w => w.TimesTaken >= 1);
        if (app.Provider == DatabaseProvider.Postgres)
            (await LeaseHoldersInPostgresAsync()).ShouldBe(
                Pauta.Web.Infrastructure.WorkerLease.All.Select(l => (l.Id, $"pauta/{WholeAppHost.Node}/lease")).ToList(), ignoreOrder: true);

        // The node's name on every kind of answer: a minimal one, a refusal, a page, a fragment, a status page, anonymous.
        var anonymousPage = await app.NewBrowser().Client.GetAsync("/account/signin");
        var missing = await agent.GetAsync($"/contacts/{Guid.NewGuid()}");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreach (var (what, reply) in new[] { ("minimal start", minimalStart), ("minimal action", completed), ("stale action", staleMinimal),
                     ("run page", wholeRun.Response), ("run fragment", fragment.Response), ("not found", missing), ("sign-in page", anonymousPage) })
            Header(reply, Pauta.Web.Infrastructure.NodeIdentity.Header).ShouldBe(WholeAppHost.Node, what);
        await SweepAfterAsync("issue 13: minimal contact answers, the run fragment, a role changed and given back, v2 read, leases held", everyone: true);

        output.WriteLine(string.Join('\n', timings));
        output.WriteLine($"{sweep.Requests} requests in {watch.Elapsed.TotalSeconds:F1} s; the costliest URL shapes:");
        foreach (var (shape, cost) in sweep.Cost.OrderByDescending(c => c.Value.Milliseconds).Take(15))
            output.WriteLine($"  {cost.Milliseconds / 1000:F1} s for {cost.Count} × {shape}");
        var failures = sweep.Failures.Distinct().Order(StringComparer.Ordinal).ToList();
        failures.ShouldBeEmpty($"{failures.Count} answers of 500 or more:\n{string.Join('\n', failures)}\n");
    }

    /// <summary>Posts <paramref name="body"/> as JSON with <c>Prefer: return=minimal</c> among other preferences.</summary>
    private static Task<HttpResponseMessage> PostMinimalAsync(Browser who, string url, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = System.Net.Http.Json.JsonContent.Create(body, options: Browser.Json),
        };
        request.Headers.TryAddWithoutValidation("Prefer", "handling=strict, return=minimal");
        return who.Client.SendAsync(request);
    }

    /// <summary>A minimal answer: the version in a strong ETag, the preference said applied, and Prefer among what it varies by.</summary>
    private static void ShouldBeMinimal(HttpResponseMessage answer, int version)
    {
        answer.Headers.ETag.ShouldNotBeNull("the new version is in ETag");
        answer.Headers.ETag.Tag.ShouldBe($"\"{version}\"");
        answer.Headers.ETag.IsWeak.ShouldBeFalse();
        Header(answer, "Preference-Applied").ShouldBe("return=minimal");
        answer.Headers.Vary.ShouldContain("Prefer");
    }

    /// <summary>A page request of a session that no longer holds: sent to sign in.</summary>
    private static void ShouldBeSignedOut(HttpResponseMessage answer, string why)
    {
        answer.StatusCode.ShouldBe(HttpStatusCode.Redirect, why);
        Assertions.LocalPath(answer.Headers.Location?.OriginalString).ShouldStartWith("/account/signin", Case.Insensitive, why);
    }

    private static string? Header(HttpResponseMessage answer, string name) =>
        answer.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    /// <summary>The admin sets a person's role on the person's page, as a browser would.</summary>
    private static async Task ChangeRoleAsync(Browser admin, Guid person, string role)
    {
        var page = await admin.GetPageAsync($"/people/{person}");
        page.ShouldHaveStatus(HttpStatusCode.OK);
        (await admin.PostFormAsync($"/people/{person}", Browser.With(Page.FieldsOf(FormWithField(page, "Input.Role")), "Input.Role", role)))
            .ShouldRedirectTo("/people");
    }

    /// <summary>Each granted lease of this app's database as PostgreSQL sees it: (lease id, application_name of the holder).</summary>
    private async Task<List<(int Lease, string Holder)>> LeaseHoldersInPostgresAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT l.objid::int, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = @class AND l.objsubid = 2
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, connection);
        command.Parameters.AddWithValue("class", (long)(uint)Pauta.Web.Infrastructure.WorkerLease.Class);
        var found = new List<(int, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found.Add((reader.GetInt32(0), reader.GetString(1)));
        return found;
    }

    /// <summary>Posts the form of <paramref name="kind"/> on the contact page as it is shown now, with some fields set.</summary>
    private static async Task ActAsync(Browser who, string url, string kind, (string Name, string Value)[]? set = null)
    {
        var page = await who.GetPageAsync(url);
        page.ShouldHaveStatus(HttpStatusCode.OK);
        var form = page.Document.QuerySelectorAll("form").FirstOrDefault(f => f.QuerySelector($"input[name='Input.Kind'][value='{kind}']") is not null)
            ?? throw new ShouldAssertException($"the contact page has no {kind} form: {page}");
        var done = await who.PostFormAsync(url, With(form, set ?? []));
        done.ShouldHaveStatus(HttpStatusCode.Redirect, kind);
    }

    private static IElement FormWithField(Page page, string name) =>
        page.Document.QuerySelectorAll("form").FirstOrDefault(f => f.QuerySelector($"[name='{name}']") is not null)
        ?? throw new ShouldAssertException($"no form with {name}: {page}");

    private static List<KeyValuePair<string, string>> With(IElement form, params (string Name, string Value)[] set)
    {
        var fields = Page.FieldsOf(form);
        foreach (var (name, value) in set) fields = Browser.With(fields, name, value);
        return fields;
    }

    private static async Task<Page> UploadAsync(Browser browser, string name, string text)
    {
        var token = await browser.GetAntiforgeryTokenAsync("/protocols/transfer");
        using var form = new MultipartFormDataContent { { new StringContent(token), Browser.AntiforgeryField } };
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        form.Add(content, "files", name);
        return await Page.ReadAsync(await browser.Client.PostAsync("/protocols/transfer", form));
    }
}

public sealed class WholeAppOnSqlite(SqliteWholeAppHost app, ITestOutputHelper output) : WholeAppTests(app, output), IClassFixture<SqliteWholeAppHost>;

public sealed class WholeAppOnPostgres(PostgresWholeAppHost app, ITestOutputHelper output) : WholeAppTests(app, output), IClassFixture<PostgresWholeAppHost>;

