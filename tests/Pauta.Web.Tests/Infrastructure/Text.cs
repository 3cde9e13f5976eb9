using System.Globalization;
using Pauta.Web.Infrastructure;

namespace Pauta.Web.Tests.Infrastructure;

/// <summary>The UI text a person sees, read from the app's own resource tables so tests do not copy strings.</summary>
public static class Text
{
    public static string En(string key, params object[] args) => Format("en", key, args);
    public static string Es(string key, params object[] args) => Format("es", key, args);

    public static string Format(string language, string key, params object[] args)
    {
        var table = JsonStringLocalizerFactory.Table(language);
        table.ContainsKey(key).ShouldBeTrue($"resource key {key} is missing in {language}");
        return args.Length == 0 ? table[key] : string.Format(new PluralFormat(CultureInfo.GetCultureInfo(language)), table[key], args);
    }
}
