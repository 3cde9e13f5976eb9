using Pauta.Core.Protocols;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pauta.Data;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;
using Pauta.Tests.Shared;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Features.Shared;
using Pauta.Web.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Pauta.Browser.Tests.Text;
using static Pauta.Browser.Tests.Axe;

namespace Pauta.Browser.Tests;

/// <summary>
/// The real app on Kestrel with the demo organisation seeded (the shared <see cref="BrowserHost"/> starts empty), and the
/// shared Chromium. Its own SQLite file, removed afterwards. Without the demo's 2,500 past contacts: a journey makes the
/// contacts it looks at, and writing and projecting the past cost each journey class about ten seconds of both cores
/// (the pages over the real past are <see cref="RolePagesTests"/>' and <see cref="DemoHostWithPast"/>'s).
/// </summary>
public class DemoHost : IAsyncLifetime
{
    private readonly int _pastContacts;

    // xunit builds a class fixture through its only public constructor: no past. The one with the past is a subclass.
    public DemoHost() : this(pastContacts: 0)
    {
    }

    protected DemoHost(int pastContacts) => _pastContacts = pastContacts;

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "pauta-browser-demo-" + Guid.NewGuid().ToString("N"));
    private DemoApp? _app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The app's clock: a fixed working morning, then real time; a test may jump it (a quiz's waiting time).</summary>
    public RunningClock Clock { get; } = new();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        var port = BrowserHost.FreeLoopbackPort();
        _app = new DemoApp(Path.Combine(_dataDir, "pauta.db"), $"http://127.0.0.1:{port}", Clock, _pastContacts);
        _app.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        _app.StartServer();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single().TrimEnd('/');
        return Task.CompletedTask;
    }

    /// <summary>A demo person signed in through the form, in Spanish, in a browser context of the given width.</summary>
    public async Task<IPage> SignInAsync(IBrowser browser, string email, int width)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, Locale = "es-ES", ViewportSize = new ViewportSize { Width = width, Height = 1000 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = Es("SignIn.Submit"), Exact = true }).ClickAsync();
        await page.WaitForURLAsync(BaseUrl + "/");
        return page;
    }

    /// <summary>Reads the demo organisation's database directly, across organisations, for what a page does not show.</summary>
    public async Task<T> ReadAsync<T>(Func<PautaDbContext, Task<T>> read)
    {
        using var scope = _app!.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<PautaDbContext>());
    }

    public Task<Guid> MemberIdAsync(string email) =>
        ReadAsync(db => db.Members.IgnoreQueryFilters().Where(m => m.User.Email == email).Select(m => m.Id).SingleAsync());

    /// <summary>A person's open (neither completed nor removed) training assignments on one protocol.</summary>
    public Task<int> OpenAssignmentsAsync(Guid memberId, Guid protocolId) =>
        ReadAsync(db => db.TrainingAssignments.IgnoreQueryFilters()
            .CountAsync(a => a.MemberId == memberId && a.ProtocolId == protocolId && a.CompletedAt == null && a.RemovedAt == null));

    public Task<int> AssignmentCountAsync() => ReadAsync(db => db.TrainingAssignments.IgnoreQueryFilters().CountAsync());

    public Task<int> ContactsStartedByAsync(string email) => ReadAsync(async db =>
    {
        var user = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await db.Contacts.IgnoreQueryFilters().CountAsync(c => c.AgentUserId == user);
    });

    public async Task<Guid> ProtocolIdAsync(string title)
    {
        using var scope = _app!.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
        return await db.Protocols.IgnoreQueryFilters().Where(p => p.Title == title).Select(p => p.Id).SingleAsync();
    }

    /// <summary>
    /// A new published version of a demo protocol, made in-process through <see cref="ProtocolsService"/> the way the
    /// managers would: Lucía drafts <paramref name="edit"/> of the current version and submits it, Carmen approves it,
    /// Lucía publishes it. Returns the new version's number; fails if the service refuses any step.
    /// </summary>
    public async Task<int> PublishEditAsync(string title, Func<Pauta.Core.Protocols.Protocol, Pauta.Core.Protocols.Protocol> edit,
        string summary = "Cambio para las pruebas.", ChangeSize size = ChangeSize.Minor)
    {
        var id = await ProtocolIdAsync(title);
        return await _app!.Services.PublishEditAsync(id, edit, summary, size, "lucia@suarez.example", "carmen@suarez.example");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { /* a leftover temp folder is harmless */ }
    }

    private sealed class DemoApp(string databaseFile, string publicUrl, RunningClock clock, int pastContacts) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Pauta:PublicUrl", publicUrl);
            builder.UseEnvironment("Production");
            builder.UseSetting("Pauta:Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Pauta", $"Data Source={databaseFile}");
            builder.UseSetting("Pauta:Demo:Enabled", "true");
            builder.UseSetting("Pauta:Demo:Password", Password);
            builder.UseSetting("Pauta:Demo:PastContacts", pastContacts.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Pauta:SignInRateLimit:PermitsPerMinute", "1000");
            // A fixed working morning, then real time: never the machine's date.
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
        }
    }

    public const string Password = "Pauta-demo-1";
}

/// <summary>The demo with its real past (2,500 contacts over 90 days), for the journeys that read it: the audit log, the insights.</summary>
public sealed class DemoHostWithPast() : DemoHost(pastContacts: 2500);

[Collection(BrowserCollection.Name)]
public sealed class ProtocolFlowchartTests(BrowserHost host, DemoHost demo) : IClassFixture<DemoHost>
{
    private const string Protocol = "Quejas y reclamaciones";

    private static string Squash(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    [Fact]
    public async Task An_agent_sees_the_flowchart_drawn_with_every_step_and_answer_without_console_or_csp_errors()
    {
        var story = new Story("protocol-flowchart");
        var id = await demo.ProtocolIdAsync(Protocol);
        await using var context = await host.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = demo.BaseUrl, Locale = "es-ES", ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var console = new ConsoleWatch(page);
        story.Page = page;

        await story.Step("the agent signs in", async () =>
        {
            await page.GotoAsync("/account/signin");
            await AxeCleanAsync(page);
            await page.Locator("[name='Input.Email']").FillAsync("sofia@suarez.example");
            await page.Locator("[name='Input.Password']").FillAsync(DemoHost.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = Es("SignIn.Submit"), Exact = true }).ClickAsync();
            await page.WaitForURLAsync(demo.BaseUrl + "/");
            await AxeCleanAsync(page);
        });

        await story.Step("the protocol page draws its flowchart as an SVG", async () =>
        {
            await page.GotoAsync($"/protocols/{id}");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Protocol, Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator("pre.mermaid svg")).ToBeVisibleAsync();
            await AxeCleanAsync(page);
        });

        await story.Step("every step is a node with its title (questions show the question) and answers label the arrows", async () =>
        {
            var svg = Squash(await page.Locator("pre.mermaid svg").TextContentAsync() ?? "");
            foreach (var label in new[]
                     {
                         "Recibir al cliente", "Recoger los datos", "Dar el número de caso", "¿Qué quiere hacer el cliente?",
                         "Solucionar en el momento", "Entregar la hoja de reclamaciones", "Responder por escrito", "Agradecer y cerrar",
                         "Que se lo solucionemos ahora", "Rellenar la hoja de reclamaciones", "Solo quiere dejar constancia",
                         "Apertura", "Análisis y comprensión", "Solución", "Fin",
                     })
                svg.ShouldContain(Squash(label));
            // Eight steps and the end: one drawn node each.
            (await page.Locator("pre.mermaid svg g.node").CountAsync()).ShouldBe(9);
            // The question is the only diamond.
            (await page.Locator("pre.mermaid svg g.node polygon").CountAsync()).ShouldBe(1);
        });

        await story.Step("no console error, uncaught exception or CSP violation happened while drawing", () =>
        {
            console.Errors.ShouldBeEmpty();
            return Task.CompletedTask;
        });

        await story.Step("printed, the page leaves out the navigation, the tools and the suggestion form", async () =>
        {
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            await Expect(page.Locator(".topbar")).ToBeHiddenAsync();
            await Expect(page.Locator(".protocol-tools")).ToBeHiddenAsync();
            await Expect(page.Locator("#suggest")).ToBeHiddenAsync();
            await Expect(page.Locator("#stage-solution")).ToBeVisibleAsync();
            var breakBefore = await page.Locator("#stage-analysis").EvaluateAsync<string>("e => getComputedStyle(e).breakBefore");
            breakBefore.ShouldBe("page");
        });

        await story.Step("without JavaScript the diagram's text stays readable in place", async () =>
        {
            await using var noScript = await host.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = demo.BaseUrl, Locale = "es-ES", JavaScriptEnabled = false,
                StorageState = await context.StorageStateAsync(),
            });
            var plain = await noScript.NewPageAsync();
            story.Page = plain;
            await plain.GotoAsync($"/protocols/{id}");
            var pre = plain.Locator("pre.mermaid");
            await Expect(pre).ToBeVisibleAsync();
            await Expect(pre).ToContainTextAsync("flowchart TD");
            await Expect(pre).ToContainTextAsync("Entregar la hoja de reclamaciones");
            (await plain.Locator("pre.mermaid svg").CountAsync()).ShouldBe(0);
        });
    }
}
