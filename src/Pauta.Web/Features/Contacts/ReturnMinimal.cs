using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Primitives;
using Microsoft.OpenApi;

namespace Pauta.Web.Features.Contacts;

/// <summary>
/// <c>Prefer: return=minimal</c> (RFC 7240) on the contact endpoints that change a contact: the client that keeps its
/// own copy (an agent's screen, a load generator) asks only for the new version, which the answer carries in a strong
/// <c>ETag</c> (<c>"7"</c>) with <c>Preference-Applied: return=minimal</c>, and no body. Without the preference the
/// whole contact is answered as before, with the same <c>ETag</c>. Refusals are ProblemDetails either way.
/// </summary>
public static class ReturnMinimal
{
    public const string Preference = "return=minimal";

    /// <summary>True when one of the request's preferences is <c>return=minimal</c> (tokens are case-insensitive; parameters after ';' are ignored).</summary>
    public static bool IsAsked(HttpRequest request) => IsAsked(request.Headers["Prefer"]);

    public static bool IsAsked(StringValues prefer)
    {
        foreach (var header in prefer)
        {
            if (string.IsNullOrEmpty(header)) continue;
            foreach (var part in header.AsSpan().Split(','))
            {
                var preference = header.AsSpan()[part];
                var semicolon = preference.IndexOf(';');
                if (semicolon >= 0) preference = preference[..semicolon];
                var equals = preference.IndexOf('=');
                if (equals < 0) continue;
                var value = preference[(equals + 1)..].Trim().Trim('"');
                if (preference[..equals].Trim().Equals("return", StringComparison.OrdinalIgnoreCase)
                    && value.Equals("minimal", StringComparison.OrdinalIgnoreCase))
                    return true;
            }
        }
        return false;
    }

    /// <summary>The strong entity tag of a contact's version: the version number, quoted.</summary>
    public static string ETagOf(int version) => $"\"{version}\"";

    /// <summary>Sets the version's ETag (every answer carrying a contact has it) and says the answer depends on Prefer.</summary>
    public static void SetVersion(HttpResponse response, int version)
    {
        response.Headers.ETag = ETagOf(version);
        response.Headers.Vary = "Prefer";
    }

    /// <summary>Marks an answer as minimal: the version in ETag and <c>Preference-Applied</c>.</summary>
    public static void Applied(HttpResponse response, int version)
    {
        SetVersion(response, version);
        response.Headers["Preference-Applied"] = Preference;
    }

    /// <summary>Endpoint metadata: the endpoint honours <c>Prefer: return=minimal</c> (the OpenAPI document says so).</summary>
    public sealed class Honoured;

    /// <param name="minimalStatus">The minimal answer's status when the full answer has another one (204 beside 200);
    /// none when they share it (201: a second Produces for the same status would drop the full answer's body schema).</param>
    public static RouteHandlerBuilder HonoursReturnMinimal(this RouteHandlerBuilder endpoint, int? minimalStatus = null) =>
        minimalStatus is { } status ? endpoint.WithMetadata(new Honoured()).Produces(status) : endpoint.WithMetadata(new Honoured());

    public static IServiceCollection AddReturnMinimalDocs(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>("v1", o => o.AddOperationTransformer<Transformer>());

    /// <summary>Documents the Prefer request header and the ETag / Preference-Applied answer headers.</summary>
    internal sealed class Transformer : IOpenApiOperationTransformer
    {
        public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
        {
            if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<Honoured>().Any()) return Task.CompletedTask;
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Prefer",
                In = ParameterLocation.Header,
                Required = false,
                Description = "`return=minimal` (RFC 7240): answer without a body; the new version is in `ETag`, and " +
                    "`Preference-Applied: return=minimal` says so. Without it, the whole contact.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            foreach (var (status, response) in operation.Responses ?? [])
            {
                if (status is not ("200" or "201" or "204") || response is not OpenApiResponse r) continue;
                r.Headers ??= new Dictionary<string, IOpenApiHeader>();
                r.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "The contact's version, quoted (\"7\"): what the next action sends as `version`.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
                if (status is "204" || status is "201")
                    r.Headers["Preference-Applied"] = new OpenApiHeader
                    {
                        Description = "`return=minimal` when the answer has no body because the request asked for it.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    };
            }
            return Task.CompletedTask;
        }
    }
}
