namespace Pauta.Web.Features.Training;

/// <summary>The records part of the training API: the matrix and the xAPI statements (docs/training.md).</summary>
public static class TrainingRecordsApi
{
    public static void MapTrainingRecordsApi(this RouteGroupBuilder training)
    {
        training.MapGet("/matrix", async (string? departmentId, string? positionId, string? person, string? protocolId, string? state, string? page,
                    TrainingMatrix matrix, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await matrix.PageAsync(new TrainingMatrixQuery(departmentId, positionId, person, protocolId, state, page), ct))
                .ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.ViewTrainingRecords))
            .ProducesOutcome<TrainingMatrixPage>().WithName("GetTrainingMatrix")
            .WithSummary("The people × protocols training matrix, 50 people a page, people by name. Each row's cells follow the order of " +
                         "'protocols'. state: NotAssigned, Assigned, InProgress, Passed, Acknowledged, AcknowledgedOlder, Overdue, RefresherDue " +
                         "(keeps the people with at least one cell in it); person: part of the name or e-mail.");

        training.MapGet("/xapi/statements", async (string? since, string? until, string? limit, string? more,
                    TrainingStatements statements, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await statements.PageAsync(new StatementQuery(since, until, limit, more), ct))
                .ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.ViewTrainingRecords))
            .ProducesOutcome<StatementPage>().WithName("GetTrainingStatements")
            .WithSummary("The organisation's training records as xAPI 2.0 statements, oldest first, like an LRS's StatementResult: " +
                         "{ statements, more }. since (exclusive) and until (inclusive): ISO 8601 instants with a zone, e.g. 2026-03-03T09:30:00Z; " +
                         "limit: 1 to 1000 (100); more: follow the 'more' address of the previous answer, \"\" when there is nothing more.");
    }
}
