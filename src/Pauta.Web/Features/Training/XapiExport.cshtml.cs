using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pauta.Web.Features.Training;

/// <summary>Every training statement of the organisation as one JSON array (what an LRS's POST /statements accepts).</summary>
[Authorize(Policy = nameof(Permission.ViewTrainingRecords))]
public sealed class XapiExportModel(TrainingStatements statements, TimeProvider time, Audit.AuditTrail trail, CurrentMember me) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var all = new JsonArray([.. await statements.AllAsync(ct)]);
        await trail.RecordAsync("export.xapi", "Organisation", me.OrganisationId, $"{all.Count} statements", ct);
        var day = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        return File(JsonSerializer.SerializeToUtf8Bytes(all, new JsonSerializerOptions { WriteIndented = true }), "application/json", $"pauta-xapi-{day}.json");
    }
}
