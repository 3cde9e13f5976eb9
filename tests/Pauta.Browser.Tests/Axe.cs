using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Pauta.Browser.Tests;

/// <summary>axe-core on the page as it is now, against WCAG 2.1 A and AA: the one way every browser test runs it.</summary>
public static class Axe
{
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    /// <summary>
    /// Runs axe. Only violations are collected with all their nodes: axe still evaluates every rule, but passes and
    /// inapplicable rules come back with one node each instead of every element they matched, which was most of the
    /// time axe took and of the result sent back from the browser on long pages.
    /// </summary>
    public static Task<AxeResult> RunWcagAsync(this IPage page) => page.RunAxe(new AxeRunOptions
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
        ResultTypes = [ResultType.Violations],
    });

    /// <summary>Every WCAG 2.1 A/AA rule axe checks holds on the page as it is now; the failure lists what broke and where.</summary>
    public static async Task AxeCleanAsync(IPage page)
    {
        var results = await page.RunWcagAsync();
        var found = results.Violations.Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}").ToList();
        found.ShouldBeEmpty($"axe on {page.Url}:\n{string.Join("\n", found)}");
    }
}
