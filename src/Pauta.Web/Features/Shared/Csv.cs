using System.Text;

namespace Pauta.Web.Features.Shared;

/// <summary>
/// The one CSV writer of the app (training matrix, insights tables): UTF-8 with a byte-order mark (so spreadsheet
/// programs read the accents), RFC 4180 quoting, CRLF line ends. A text cell that starts with = + - @ (or a tab or
/// carriage return) is prefixed with ' so a spreadsheet shows it instead of running it as a formula.
/// </summary>
public static class Csv
{
    /// <summary>A whole file: the header line, then one line per row.</summary>
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        Line(text, header);
        foreach (var row in rows) Line(text, row);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>One field: defused against formula injection, then quoted when it holds a comma, a quote or a line break.</summary>
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void Line(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(Field(fields[i]));
        }
        text.Append("\r\n");
    }
}
