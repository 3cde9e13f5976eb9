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
            try { value = string.Format(new PluralFormat(CultureInfo.CurrentCulture), format, arguments); }
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

/// <summary>
/// Plurals inside a text: <c>{0:plural:# sección cambiada|# secciones cambiadas}</c> writes the first form when the number
/// is exactly 1 and the second otherwise (the rule Spanish and English share), with <c>#</c> replaced by the number.
/// Every other placeholder formats as usual in the culture.
/// </summary>
public sealed class PluralFormat(CultureInfo culture) : IFormatProvider, ICustomFormatter
{
    private const string Prefix = "plural:";

    public object? GetFormat(Type? formatType) => formatType == typeof(ICustomFormatter) ? this : culture.GetFormat(formatType);

    public string Format(string? format, object? arg, IFormatProvider? formatProvider)
    {
        if (format is not null && format.StartsWith(Prefix, StringComparison.Ordinal) && arg is IFormattable number && IsNumber(arg))
        {
            var forms = format[Prefix.Length..].Split('|');
            var one = Convert.ToDecimal(arg, CultureInfo.InvariantCulture) == 1m;
            return (one ? forms[0] : forms[^1]).Replace("#", number.ToString(null, culture), StringComparison.Ordinal);
        }
        if (format is not null && format.StartsWith(Prefix, StringComparison.Ordinal))
            return Convert.ToString(arg, culture) ?? "";
        return arg is IFormattable formattable ? formattable.ToString(format, culture) : Convert.ToString(arg, culture) ?? "";
    }

    private static bool IsNumber(object arg) => arg is byte or sbyte or short or ushort or int or uint or long or ulong or decimal or double or float;
}

/// <summary>Marker type for the shared UI strings (<c>IStringLocalizer&lt;SharedResource&gt;</c>).</summary>
public sealed class SharedResource;
