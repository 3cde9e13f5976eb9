using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Pauta.Web.Features.Shared;

public enum Failure { None, Invalid, NotFound, Conflict, Forbidden }

/// <summary>
/// What a feature operation returns to both its page and its API endpoint: a value, or why not.
/// Problems carry resource keys; each door localises them its own way (field errors or ProblemDetails).
/// </summary>
public sealed record Outcome<T>(T? Value, Failure Failure, IReadOnlyList<Problem> Problems)
{
    public bool Succeeded => Failure == Failure.None;
    public static Outcome<T> Ok(T value) => new(value, Failure.None, []);
    public static Outcome<T> Invalid(IEnumerable<Problem> problems) => new(default, Failure.Invalid, problems.ToList());
    public static Outcome<T> Invalid(string field, string code, params object[] args) => Invalid([new Problem(field, code, args)]);
    public static Outcome<T> NotFound() => new(default, Failure.NotFound, []);
    public static Outcome<T> Forbidden() => new(default, Failure.Forbidden, []);
    /// <summary>Someone else saved first: the person must see the other change before saving again.</summary>
    public static Outcome<T> Conflict() => new(default, Failure.Conflict, [new Problem("", "Error.Conflict")]);
}

public static class OutcomeExtensions
{
    public static string Message(this Problem problem, IStringLocalizer l) => l[problem.Code, problem.Args];

    /// <summary>Turns an outcome into the API's answer: the value, or a ProblemDetails with the right status.</summary>
    public static IResult ToHttp<T>(this Outcome<T> outcome, IStringLocalizer l, Func<T, IResult> ok) => outcome.Failure switch
    {
        Failure.None => ok(outcome.Value!),
        Failure.Invalid => TypedResults.ValidationProblem(
            outcome.Problems.GroupBy(p => CamelCase(p.Field)).ToDictionary(g => g.Key, g => g.Select(p => p.Message(l)).ToArray()),
            title: l["Error.Invalid"]),
        Failure.NotFound => TypedResults.Problem(statusCode: 404, title: l["Error.NotFound"]),
        Failure.Conflict => TypedResults.Problem(statusCode: 409, title: l["Error.Conflict"]),
        // A refusal that says why (e.g. the training gate) carries its code and message; a plain one does not.
        Failure.Forbidden => outcome.Problems.Count == 0
            ? TypedResults.Problem(statusCode: 403, title: l["Error.Forbidden"])
            : TypedResults.Problem(statusCode: 403, title: l["Error.Forbidden"], detail: outcome.Problems[0].Message(l),
                extensions: new Dictionary<string, object?> { ["code"] = outcome.Problems[0].Code }),
    };

    /// <summary>Puts problems beside the form inputs they belong to ("Input.Name"); problems with no field go to the summary.</summary>
    public static void AddTo(this IEnumerable<Problem> problems, ModelStateDictionary modelState, IStringLocalizer l, string prefix = "Input")
    {
        foreach (var p in problems)
            modelState.AddModelError(p.Field.Length == 0 ? "" : prefix.Length == 0 ? p.Field : $"{prefix}.{p.Field}", p.Message(l));
    }

    /// <summary>Describes in the OpenAPI document what an endpoint answering through <see cref="ToHttp{T}"/> can return.</summary>
    public static RouteHandlerBuilder ProducesOutcome<T>(this RouteHandlerBuilder endpoint, int status = StatusCodes.Status200OK) =>
        endpoint.Produces<T>(status)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static string CamelCase(string field) =>
        field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];
}
