using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pauta.Core.Audit;
using static Microsoft.Playwright.Assertions;
using static Pauta.Browser.Tests.Axe;

namespace Pauta.Browser.Tests;

/// <summary>
/// Issue 11's audit journey in Chromium on the demo organisation: the owner opens the audit log, has the database rows
/// verified against the last signed checkpoint, and downloads the bundle, which then verifies offline with no database
/// (the same verifier as <c>pauta audit verify</c>). The page passes axe at 1280 and 768 px and the result gets the focus.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditJourneyTests(BrowserHost host, DemoHostWithPast demo) : IClassFixture<DemoHostWithPast>
{
    [Theory]
    [InlineData(1280)]
    [InlineData(768)]
    public async Task The_owner_verifies_the_log_in_the_app_and_the_exported_bundle_verifies_offline(int width)
    {
        // The checkpoint worker signs the demo's log within seconds of start-up.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (await demo.ReadAsync(db => db.AuditCheckpoints.IgnoreQueryFilters().CountAsync()) == 0)
        {
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), "no checkpoint signed");
            await Task.Delay(250);
        }

        var carmen = await demo.SignInAsync(host.Browser, "carmen@suarez.example", width);
        await carmen.GotoAsync("/audit");
        await Expect(carmen.Locator("h1")).ToHaveTextAsync(Text.Es("Audit.Page.Title"));
        await Expect(carmen.Locator("#audit-entries tbody tr").First).ToBeVisibleAsync();
        await AxeCleanAsync(carmen);

        await carmen.Locator("#audit-verify button").ClickAsync();
        var result = carmen.Locator("#audit-verification");
        await Expect(result).ToHaveClassAsync("notice");
        await Expect(result).ToBeFocusedAsync();
        await AxeCleanAsync(carmen);

        var download = await carmen.RunAndWaitForDownloadAsync(() => carmen.Locator("#audit-export").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"pauta-audit-{Guid.NewGuid():N}.jsonl");
        try
        {
            await download.SaveAsAsync(file);
            await using var bundle = File.OpenRead(file);
            var verified = AuditBundleVerifier.Verify(bundle);
            verified.Ok.ShouldBeTrue(verified.Reason);
            verified.Entries.ShouldBeGreaterThan(1000, "the demo's log holds its past contacts' actions");
        }
        finally
        {
            File.Delete(file);
        }
        await carmen.Context.CloseAsync();
    }
}
