using Pauta.Data.Protocols;
using Protocol = Pauta.Core.Protocols.Protocol;

namespace Pauta.Web.Features.Protocols;

/// <summary>
/// A protocol shipped with Pauta to start from. <see cref="Id"/> is "language/name" ("es/atencion-telefonica").
/// Templates leave the department empty: the person creating the protocol picks one of their organisation's.
/// </summary>
public sealed record ProtocolTemplate(string Id, string Language, string Text, Protocol Protocol);

/// <summary>The templates in Templates/{es,en}/*.md, embedded in the app, parsed once and listed in file-name order.</summary>
public static class ProtocolTemplates
{
    private const string Prefix = "Pauta.Web.Protocols.Templates.";

    private static readonly Lazy<IReadOnlyList<ProtocolTemplate>> Loaded = new(Load);

    public static IReadOnlyList<ProtocolTemplate> All => Loaded.Value;

    public static IEnumerable<ProtocolTemplate> In(string language) => All.Where(t => t.Language == language);

    public static ProtocolTemplate? Find(string? id) => All.FirstOrDefault(t => t.Id == id);

    private static IReadOnlyList<ProtocolTemplate> Load()
    {
        var assembly = typeof(ProtocolTemplates).Assembly;
        var result = new List<ProtocolTemplate>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            // "es.02-atencion-telefonica.md" → language "es", name "atencion-telefonica" (the number only orders the list).
            var rest = resource[Prefix.Length..];
            var language = rest[..rest.IndexOf('.')];
            var file = Path.GetFileNameWithoutExtension(rest[(language.Length + 1)..]);
            var dash = file.IndexOf('-');
            var name = dash > 0 && file[..dash].All(char.IsAsciiDigit) ? file[(dash + 1)..] : file;
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            var text = reader.ReadToEnd();
            var parsed = ProtocolFile.Parse(file + ".md", text);
            // Shipped files are checked by tests; a broken one is a build defect, not a user error.
            var protocol = parsed.Protocol ?? throw new InvalidOperationException(
                $"Template {resource} does not parse: {string.Join("; ", parsed.Problems)}");
            result.Add(new ProtocolTemplate($"{language}/{name}", language, text, protocol));
        }
        return result;
    }
}
