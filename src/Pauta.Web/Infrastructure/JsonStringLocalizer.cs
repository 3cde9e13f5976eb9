using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Pauta.Web.Infrastructure;

/// <summary>
/// UI text lives in Resources/strings.{es,en}.json, embedded in the assembly: one flat key → text
/// map per language, easy to review side by side. A test fails when a key exists in one and not
/// the other, or when a page uses a key neither has.
/// </summary>
public sealed class JsonStringLocalizerFactory : IStringLocalizerFactory
{
    public static readonly IReadOnlyList<string> Languages = ["es", "en"];
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> Tables = new(Load);

    public IStringLocalizer Create(Type resourceSource) => new JsonStringLocalizer(Tables.Value);
    public IStringLocalizer Create(string baseName, string location) => new JsonStringLocalizer(Tables.Value);

    public static IReadOnlyDictionary<string, string> Table(string language) => Tables.Value[language];

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Load()
    {
        var assembly = typeof(JsonStringLocalizerFactory).Assembly;
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var language in Languages)
        {
            var name = $"Pauta.Web.Resources.strings.{language}.json";
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Missing embedded resource {name}.");
            result[language] = JsonSerializer.Deserialize<Dictionary<string, string>>(stream)
                ?? throw new InvalidOperationException($"Empty resource {name}.");
        }
        return result;
    }
}

public sealed class JsonStringLocalizer(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> tables) : IStringLocalizer
{
    public LocalizedString this[string name]
    {
        get
        {
            var found = TryFind(name, out var value);
            return new LocalizedString(name, value, resourceNotFound: !found);
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var found = TryFind(name, out var format);
            string value;
            try { value = string.Format(CultureInfo.CurrentCulture, format, arguments); }
            catch (FormatException) { value = format; } // a text with fewer placeholders than arguments must never break a page
            return new LocalizedString(name, value, resourceNotFound: !found);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        Current().Select(kv => new LocalizedString(kv.Key, kv.Value));

    private IReadOnlyDictionary<string, string> Current()
    {
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        return tables.TryGetValue(language, out var table) ? table : tables["es"];
    }

    private bool TryFind(string name, out string value)
    {
        if (Current().TryGetValue(name, out var v)) { value = v; return true; }
        value = name;
        return false;
    }
}

/// <summary>Marker type for the shared UI strings (<c>IStringLocalizer&lt;SharedResource&gt;</c>).</summary>
public sealed class SharedResource;
