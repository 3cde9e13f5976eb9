using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Pauta.Browser.Tests.Text;

namespace Pauta.Browser.Tests;

/// <summary>The browser host with the demo organisation "Tiendas Suárez" seeded, for pages as each of its roles sees them.</summary>
public sealed class DemoBrowserHost() : BrowserHost(demo: true);

/// <summary>
/// Every role of the demo organisation opens its main pages in Chromium: each page loads with no console error (a
/// CSP violation is one) and no uncaught script error. Each page is also checked by axe against WCAG 2.1 A and AA (once
/// per distinct structure of its main content: a role's page identical in markup to one checked for an earlier role is not checked again);
/// what it finds is written to the test output and to artifacts/accessibility.txt, and the rules listed in
/// <see cref="MustPass"/> (the ones fixed so far) must hold on every page.
/// </summary>
public sealed class RolePagesTests(DemoBrowserHost host, ITestOutputHelper output) : IClassFixture<DemoBrowserHost>
{
    private const string Password = "Pauta-demo-1";

    /// <summary>axe rules no page may break: the ones it found and that were fixed (links on the page background were
    /// 4.3:1, a select's label pointed at another id).</summary>
    private static readonly HashSet<string> MustPass = ["color-contrast", "select-name", "label", "button-name", "link-name", "image-alt", "html-has-lang", "document-title"];

    /// <summary>The main content structures axe has checked in this class, across its roles (they run one after another).</summary>
    private static readonly HashSet<string> CheckedStructures = [];

    /// <summary>
    /// The path and the structure of <c>main</c>: every element's tag, role, type, classes, ARIA label and whether it has
    /// text. Two roles seeing the same structure see the same markup and styles with other words in it (names, counts).
    /// </summary>
    private const string MainStructure = """
        () => location.pathname + '|' + Array.from(document.querySelectorAll('main, main *')).map(e =>
            [e.tagName, e.getAttribute('role'), e.getAttribute('type'), e.getAttribute('class'), e.getAttribute('aria-label'),
             e.textContent.trim() === '' ? 'empty' : 'text'].join(':')).join(',')
        """;

    public static TheoryData<string, string> Roles => new()
    {
        { "owner", "carmen@suarez.example" },
        { "admin", "jorge@suarez.example" },
        { "manager", "lucia@suarez.example" },
        { "supervisor", "andres@suarez.example" },
        { "agent", "sofia@suarez.example" },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task The_main_pages_of_each_role_load_without_console_errors(string role, string email)
    {
        var story = new Story($"main-pages-{role}");
        await using var context = await host.NewContextAsync();
        var page = await context.NewPageAsync();
        var console = new ConsoleWatch(page);
        story.Page = page;

        await story.Step($"the {role} signs in", async () =>
        {
            await page.GotoAsync("/account/signin");
            await page.Locator("[name='Input.Email']").FillAsync(email);
            await page.Locator("[name='Input.Password']").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = Es("SignIn.Submit"), Exact = true }).ClickAsync();
            await page.WaitForURLAsync(host.BaseUrl + "/");
        });

        // The main navigation of this role, plus a protocol's reading page and, for those who handle contacts, the start form.
        var urls = new List<string>();
        await story.Step("the main navigation lists the role's pages", async () =>
        {
            var nav = page.GetByRole(AriaRole.Navigation, new() { Name = Es("Nav.Main") });
            foreach (var link in await nav.GetByRole(AriaRole.Link).AllAsync())
                urls.Add((await link.GetAttributeAsync("href"))!);
            urls.ShouldNotBeEmpty();
            await page.GotoAsync("/protocols");
            var first = page.Locator("main a[href^='/protocols/']").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("\\w") });
            var protocol = await first.EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            var reading = protocol.FirstOrDefault(h => System.Text.RegularExpressions.Regex.IsMatch(h, "^/protocols/[0-9a-f-]{36}$"));
            reading.ShouldNotBeNull("the protocol list links to a reading page");
            urls.Add(reading);
            if (urls.Contains("/contacts")) urls.Add("/contacts/new");
        });

        var report = new StringBuilder();
        var broken = new List<string>();
        var timings = new List<string>();
        var firstPage = true;
        foreach (var url in urls.Distinct())
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await story.Step($"{url} loads without console errors", async () =>
            {
                var response = await page.GotoAsync(url);
                response!.Status.ShouldBe(200, url);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            });
            var loaded = clock.Elapsed;
            // Each role's first page is checked whole (its header and navigation are its own); after that, a page whose
            // main content has the same structure as one axe already checked for another role is not checked again.
            var structure = await page.EvaluateAsync<string>(MainStructure);
            if (!firstPage && !CheckedStructures.Add(structure))
            {
                timings.Add($"{url}: loaded in {loaded.TotalSeconds:F1} s, its structure already checked for another role");
                continue;
            }
            CheckedStructures.Add(structure);
            firstPage = false;
            var results = await page.RunWcagAsync();
            timings.Add($"{url}: loaded in {loaded.TotalSeconds:F1} s, axe {(clock.Elapsed - loaded).TotalSeconds:F1} s");
            foreach (var v in results.Violations)
            {
                var targets = string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()));
                report.AppendLine($"{role} {url}: {v.Id} ({v.Impact}) {v.Help}: {v.Nodes.Length} × e.g. {targets}");
                if (MustPass.Contains(v.Id)) broken.Add($"{url}: {v.Id} {targets}");
            }
        }

        output.WriteLine(string.Join('\n', timings));
        output.WriteLine(report.Length == 0 ? $"{role}: axe found nothing" : report.ToString());
        Directory.CreateDirectory(Path.GetDirectoryName(BrowserHost.ScreenshotsDir)!);
        await File.AppendAllTextAsync(Path.Combine(Path.GetDirectoryName(BrowserHost.ScreenshotsDir)!, "accessibility.txt"), report.ToString());
        console.Errors.ShouldBeEmpty($"{role}: {string.Join("\n", console.Errors)}");
        broken.ShouldBeEmpty($"{role}: WCAG rules that were fixed are broken again:\n{string.Join("\n", broken)}");
    }
}
