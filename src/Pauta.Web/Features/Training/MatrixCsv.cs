using System.Globalization;

namespace Pauta.Web.Features.Training;

/// <summary>
/// The matrix as CSV in long format (one line per person × protocol), written by <see cref="Csv"/>: stable English
/// headers and state names, instants in ISO 8601 UTC.
/// </summary>
public static class MatrixCsv
{
    public static readonly string[] Header =
        ["person", "email", "department", "position", "protocol", "version", "state", "score", "acknowledged_version",
         "acknowledged_at", "due_at", "refresher_due_at"];

    public static byte[] Write(IReadOnlyList<MatrixProtocol> protocols, IEnumerable<(MatrixPerson Person, MatrixCell Cell)> cells)
    {
        var byId = protocols.ToDictionary(p => p.Id);
        return Csv.Write(Header, cells.Select(pc =>
        {
            var (person, cell) = pc;
            var protocol = byId[cell.ProtocolId];
            return (IReadOnlyList<string>)[person.Name, person.Email, person.Department ?? "", person.Position ?? "", protocol.Title,
                Number(protocol.Version), cell.State.ToString(), Number(cell.Score), Number(cell.Acknowledged), Instant(cell.AcknowledgedAt),
                Instant(cell.DueAt), Instant(cell.RefresherDueAt)];
        }));
    }

    /// <summary>One field, as <see cref="Csv.Field"/> writes it.</summary>
    public static string Field(string value) => Csv.Field(value);

    private static string Number(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Instant(DateTime? utc) =>
        utc is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
}
