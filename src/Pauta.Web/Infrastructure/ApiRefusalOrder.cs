using Microsoft.AspNetCore.Authentication;
using Pauta.Data.Entities;

namespace Pauta.Web.Infrastructure;

/// <summary>
/// Who may call comes before what was sent. Runs after authorization on /api and before any endpoint reads the body:
/// <list type="bullet">
/// <item>Routing answers some requests itself, with an endpoint of its own that carries no authorization: 415 when the
/// content type is not one the endpoint accepts, 405 when the method is not one it maps. Such an answer is given only
/// to a caller who may use the API at all; anyone else gets 401 first.</item>
/// <item>A token with only the read scope may only read: every call that is not GET or HEAD answers 403, whatever the
/// endpoint's own policy says (so a new endpoint cannot forget the rule), before its body is looked at.</item>
/// </list>
/// </summary>
public sealed class ApiRefusalOrderMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, CurrentMember current)
    {
        if (!Startup.IsApi(context.Request) || context.GetEndpoint() is not { } endpoint)
        {
            await next(context);
            return;
        }
        var madeByRouting = endpoint is not RouteEndpoint;
        if (madeByRouting && (context.User.Identity?.IsAuthenticated != true || !current.IsSignedIn))
        {
            await context.ChallengeAsync();
            return;
        }
        if (current.ApiTokenId is not null)
        {
            var reads = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
            // The audit scope reads (only the audit log: the permission check refuses the rest).
            if (!(reads ? (current.ApiScopes & (ApiScopes.Read | ApiScopes.Audit)) != 0 : current.ApiScopes.HasFlag(ApiScopes.Write)))
            {
                var l = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status403Forbidden, Title = l["Error.Forbidden"],
                        Detail = l[reads ? "ApiTokens.ReadScopeRequired" : "ApiTokens.WriteScopeRequired"],
                    },
                });
                return;
            }
        }
        await next(context);
    }
}
