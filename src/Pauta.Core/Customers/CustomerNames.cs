using System.Globalization;
using System.Text;

namespace Pauta.Core.Customers;

/// <summary>When two typed customer names are the same person's name: "Ana Pérez", "ana perez" and " ANA  PÉREZ " are.</summary>
public static class CustomerNames
{
    /// <summary>The name without case, accents or extra spaces: what two spellings of one name share.</summary>
    public static string Key(string? name)
    {
        var decomposed = (name ?? "").Normalize(NormalizationForm.FormD);
        var key = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsWhiteSpace(ch)) { space = key.Length > 0; continue; }
            if (space) { key.Append(' '); space = false; }
            key.Append(char.ToLowerInvariant(ch));
        }
        return key.ToString();
    }

    public static bool Same(string? a, string? b)
    {
        var key = Key(a);
        return key.Length > 0 && key == Key(b);
    }
}
