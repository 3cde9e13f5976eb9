using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;

namespace Pauta.Web.Infrastructure;

/// <summary>
/// Strict defaults for every response: no inline script (the CSP allows only our own files),
/// no framing, no referrer leaking invitation or reset tokens to other sites.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string Csp =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var h = context.Response.Headers;
        h.ContentSecurityPolicy = Csp;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "same-origin";
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        h["Cross-Origin-Opener-Policy"] = "same-origin";
        return next(context);
    }
}

/// <summary>
/// The one place unexpected errors become responses: a ProblemDetails for the API, the error
/// page for people, never a stack trace. Tenant-guard violations are reported as 404, because
/// from the caller's side the other organisation's row does not exist.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var status = exception switch
        {
            TenantMismatchException => StatusCodes.Status404NotFound,
            DbUpdateConcurrencyException => StatusCodes.Status409Conflict,
            BadHttpRequestException bad => bad.StatusCode,
            // A form or multipart body that does not parse (no boundary, broken framing, over the form limits).
            InvalidDataException => StatusCodes.Status400BadRequest,
            OperationCanceledException => 499,
            _ => StatusCodes.Status500InternalServerError,
        };
        if (status == StatusCodes.Status500InternalServerError) log.LogError(exception, "Unhandled error on {Path}", context.Request.Path);
        else log.LogWarning(exception, "Request failed with {Status} on {Path}", status, context.Request.Path);

        context.Response.StatusCode = status;
        if (!Startup.IsApi(context.Request))
        {
            // The status-code page middleware renders the localised page for this code.
            return true;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = Describe(context, exception, status),
        });
    }

    /// <summary>A body the API could not read says why and, for JSON, which field ("steps[0].title").</summary>
    private static ProblemDetails Describe(HttpContext context, Exception exception, int status)
    {
        if (status != StatusCodes.Status400BadRequest)
            return new ProblemDetails { Status = status, Title = status == 500 ? "An unexpected error occurred." : null };
        var l = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var field = (exception.InnerException as System.Text.Json.JsonException)?.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal)
            ? path[2..] : null;
        if (field is null) return new ProblemDetails { Status = status, Title = l["Error.BadRequest"] };
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [l["Binding.InvalidField", field]] })
        {
            Status = status,
            Title = l["Error.Invalid"],
        };
    }
}

/// <summary>
/// One round trip on the app's own connection. (EF's CanConnect also probes for the database file
/// and costs ten times as much, which matters for a probe a load balancer calls every second.)
/// </summary>
public sealed class DatabaseHealthCheck(PautaDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var connection = db.Database.GetDbConnection();
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable.", e);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>Stores data-protection keys in the database (the EF package for it is not available here, and it is ten lines).</summary>
public sealed class DatabaseKeyRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
        return db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToList().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}

public sealed class DatabaseKeyRepositorySetup(IServiceScopeFactory scopes) : IConfigureOptions<KeyManagementOptions>
{
    public void Configure(KeyManagementOptions options) => options.XmlRepository = new DatabaseKeyRepository(scopes);
}
