using Pauta.Web.Infrastructure;

namespace Pauta.Browser.Tests;

/// <summary>The app's own UI strings (Resources/strings.*.json), so the tests check what a person reads in each language.</summary>
public static class Text
{
    public static string Es(string key, params object[] args) => Format("es", key, args);
    public static string En(string key, params object[] args) => Format("en", key, args);

    private static string Format(string language, string key, object[] args)
    {
        var table = JsonStringLocalizerFactory.Table(language);
        if (!table.TryGetValue(key, out var text))
            throw new KeyNotFoundException($"strings.{language}.json has no key {key}.");
        return args.Length == 0 ? text : string.Format(new PluralFormat(System.Globalization.CultureInfo.InvariantCulture), text, args);
    }
}
