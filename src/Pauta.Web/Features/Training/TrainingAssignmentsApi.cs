namespace Pauta.Web.Features.Training;

/// <summary>Assignment rules of a course and people's assignments (docs/training.md).</summary>
public static class TrainingAssignmentsApi
{
    public static void MapTrainingAssignmentsApi(this RouteGroupBuilder training)
    {
        training.MapGet("/courses/{protocolId:guid}/rules", async (Guid protocolId, TrainingAssignments s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.RulesAsync(protocolId, ct)).ToHttp(l, v => TypedResults.Ok(v.Rules)))
            .RequireAuthorization(nameof(Permission.ManageTraining)).ProducesOutcome<IReadOnlyList<RuleView>>()
            .WithName("ListCourseRules").WithSummary("The assignment rules of a protocol's course, with how many people each reaches now.");

        training.MapPost("/courses/{protocolId:guid}/rules", async (Guid protocolId, RuleInput input, TrainingAssignments s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.AddRuleAsync(protocolId, input, ct)).ToHttp(l, v => TypedResults.Created($"/api/v1/training/rules/{v.Id}", v)))
            .RequireAuthorization(nameof(Permission.ManageTraining)).ProducesOutcome<RuleView>(StatusCodes.Status201Created)
            .WithName("AddCourseRule").WithSummary("Assigns the course to a role, department, position or person, due in 1–365 days; the people it reaches are assigned at once.");

        training.MapDelete("/rules/{id:guid}", async (Guid id, TrainingAssignments s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.RemoveRuleAsync(id, ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .RequireAuthorization(nameof(Permission.ManageTraining)).ProducesOutcome<bool>(StatusCodes.Status204NoContent)
            .WithName("RemoveCourseRule").WithSummary("Removes a rule; pending assignments no other rule reaches are removed.");

        training.MapGet("/assignments", async (Guid? memberId, TrainingAssignments s, CurrentMember me, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.OfMemberAsync(memberId ?? me.MemberId, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .ProducesOutcome<IReadOnlyList<AssignmentView>>()
            .WithName("ListAssignments").WithSummary("A person's assignments (yours without memberId); others' need training management or records.");
    }
}
