using System.Globalization;
using System.Text.Json;
using Pauta.Core.Protocols;

namespace Pauta.Cli;

/// <summary>
/// The linter's sentences in one language, read from the server's own text files (Pauta.Web/Resources/strings.*.json,
/// embedded in this tool at build time), so `pauta lint` and the server say the same thing in the same words.
/// </summary>
public sealed class LintTexts
{
    public static readonly IReadOnlyList<string> Languages = ["en", "es"];

    private readonly IReadOnlyDictionary<string, string> _table;
    private readonly CultureInfo _culture;

    private LintTexts(IReadOnlyDictionary<string, string> table, CultureInfo culture)
    {
        _table = table;
        _culture = culture;
    }

    public static LintTexts For(string language)
    {
        var name = $"Pauta.Cli.Resources.strings.{language}.json";
        using var stream = typeof(LintTexts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Missing embedded resource {name}.");
        var table = JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? throw new InvalidOperationException($"Empty resource {name}.");
        return new LintTexts(table, CultureInfo.GetCultureInfo(language));
    }

    public bool Has(string code) => _table.ContainsKey(code);

    /// <summary>The sentence for a finding, as the server's editor and API show it.</summary>
    public string Message(LintFinding finding) => LintMessage.Format(finding, Text, _culture);

    /// <summary>A code's text with its blanks shown as "…", for --explain.</summary>
    public string Template(string code) => Text(code, Enumerable.Repeat((object)"…", 10).ToArray());

    /// <summary>Any text of the table by key, formatted in the language's culture (other commands' sentences, e.g. `pauta audit verify`).</summary>
    public string Say(string key, params object[] args) => Text(key, args);

    private string Text(string key, object[] args)
    {
        if (!_table.TryGetValue(key, out var format)) return key;
        try { return string.Format(_culture, format, args); }
        catch (FormatException) { return format; }
    }
}
