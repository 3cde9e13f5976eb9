using System.Globalization;
using System.Text;

namespace Pauta.Web.Features.Training;

/// <summary>
/// The matrix as CSV in long format (one line per person × protocol): UTF-8 with a byte-order mark (so spreadsheet
/// programs read the accents), RFC 4180 quoting, CRLF line ends, stable English headers and state names, instants in
/// ISO 8601 UTC. A text cell that starts with = + - @ (or a tab or carriage return) is prefixed with ' so a spreadsheet
/// shows it instead of running it as a formula.
/// </summary>
public static class MatrixCsv
{
    public static readonly string[] Header =
        ["person", "email", "department", "position", "protocol", "version", "state", "score", "acknowledged_version",
         "acknowledged_at", "due_at", "refresher_due_at"];

    public static byte[] Write(IReadOnlyList<MatrixProtocol> protocols, IEnumerable<(MatrixPerson Person, MatrixCell Cell)> cells)
    {
        var byId = protocols.ToDictionary(p => p.Id);
        var text = new StringBuilder();
        Line(text, Header);
        foreach (var (person, cell) in cells)
        {
            var protocol = byId[cell.ProtocolId];
            Line(text, [person.Name, person.Email, person.Department ?? "", person.Position ?? "", protocol.Title,
                Number(protocol.Version), cell.State.ToString(), Number(cell.Score), Number(cell.Acknowledged), Instant(cell.AcknowledgedAt),
                Instant(cell.DueAt), Instant(cell.RefresherDueAt)]);
        }
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

    private static string Number(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Instant(DateTime? utc) =>
        utc is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
}
