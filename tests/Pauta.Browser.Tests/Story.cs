using System.Text;
using Microsoft.Playwright;

namespace Pauta.Browser.Tests;

/// <summary>
/// Runs a browser test as numbered steps of a story. A failing step says which step it was, and
/// leaves a screenshot and the HTML of the page it was on in artifacts/screenshots.
/// </summary>
public sealed class Story(string name)
{
    private int _step;

    /// <summary>The page a failure screenshot is taken of; a story may move between people's browsers.</summary>
    public IPage? Page { get; set; }

    public async Task Step(string description, Func<Task> action)
    {
        _step++;
        try
        {
            await action();
        }
        catch (Exception e)
        {
            var evidence = await SaveEvidenceAsync(description);
            throw new StoryStepFailed($"{name}, step {_step} \"{description}\" failed{evidence}: {e.Message}", e);
        }
    }

    private async Task<string> SaveEvidenceAsync(string description)
    {
        if (Page is null || Page.IsClosed) return "";
        try
        {
            Directory.CreateDirectory(BrowserHost.ScreenshotsDir);
            var file = Path.Combine(BrowserHost.ScreenshotsDir, $"{Slug(name)}-{_step:00}-{Slug(description)}");
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file + ".png", FullPage = true });
            await File.WriteAllTextAsync(file + ".html", await Page.ContentAsync());
            return $" at {Page.Url} (screenshot: {file}.png)";
        }
        catch (PlaywrightException)
        {
            return $" at {Page.Url} (no screenshot could be taken)";
        }
    }

    private static string Slug(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        return sb.ToString().Trim('-') is { Length: > 60 } s ? s[..60] : sb.ToString().Trim('-');
    }
}

public sealed class StoryStepFailed(string message, Exception inner) : Exception(message, inner);

/// <summary>Console errors and uncaught exceptions of a page; CSP violations arrive as console errors.</summary>
public sealed class ConsoleWatch
{
    private readonly List<string> _errors = [];

    public ConsoleWatch(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (_errors) _errors.Add($"console error on {page.Url}: {message.Text} ({message.Location})");
        };
        page.PageError += (_, error) =>
        {
            lock (_errors) _errors.Add($"uncaught error on {page.Url}: {error}");
        };
    }

    public IReadOnlyList<string> Errors
    {
        get { lock (_errors) return _errors.ToList(); }
    }
}
