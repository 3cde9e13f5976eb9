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
/// no framing, no referrer leaking invitation or reset tokens to other sites. The headers are added
/// as the response starts, so a response the error handling rewrote (it clears the headers) has them too.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string Csp =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

    private static readonly (string Name, string Value)[] Headers =
    [
        ("Content-Security-Policy", Csp),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ];

    // Put back whatever was cleared or weakened since (an error response starts from empty headers, and antiforgery
    // then adds its own X-Frame-Options: SAMEORIGIN); only a policy a page deliberately relaxed for its styles (the
    // flowchart's, see FlowchartPolicy) is left as that page set it.
    private static readonly Func<object, Task> RestoreHeaders = state =>
    {
        var h = ((HttpResponse)state).Headers;
        foreach (var (name, value) in Headers)
            if (name != "Content-Security-Policy" || !h.ContainsKey(name)) h[name] = value;
        return Task.CompletedTask;
    };

    public Task InvokeAsync(HttpContext context)
    {
        // Set now, so pages can read and adjust them, and again as the response starts.
        var h = context.Response.Headers;
        foreach (var (name, value) in Headers) h[name] = value;
        context.Response.OnStarting(RestoreHeaders, context.Response);
        return next(context);
    }
}

/// <summary>
/// The last resort, outside everything else: when even the error page fails (the database is down, the layout
/// throws), people get a small static page in both languages and API clients a ProblemDetails, never an empty body.
/// </summary>
public sealed class LastResortErrorMiddleware(RequestDelegate next, ILogger<LastResortErrorMiddleware> log)
{
    private const string Page =
        "<!DOCTYPE html><html lang=\"es\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        "<title>Pauta</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head><body><main class=\"status\">" +
        "<h1>{0}</h1><p>{1}</p><p lang=\"en\"><strong>{2}</strong> {3}</p><p><a href=\"/\">Pauta</a></p></main></body></html>";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            log.LogError(e, "The error page failed too on {Path}", context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            var es = JsonStringLocalizerFactory.Table("es");
            var en = JsonStringLocalizerFactory.Table("en");
            if (Startup.IsApi(context.Request))
            {
                context.Response.ContentType = "application/problem+json";
                await context.Response.WriteAsJsonAsync(new ProblemDetails { Status = 500, Title = es["Status.Error.Title"], Detail = en["Status.Error.Title"] },
                    (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
                return;
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            var enc = System.Text.Encodings.Web.HtmlEncoder.Default;
            await context.Response.WriteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Page,
                enc.Encode(es["Status.Error.Title"]), enc.Encode(es["Status.Error.Text"]), enc.Encode(en["Status.Error.Title"]), enc.Encode(en["Status.Error.Text"])));
        }
    }
}

/// <summary>
/// The one place unexpected errors become responses: a ProblemDetails for the API, the error
/// page for people (re-executed at /status/500 inside the layout), never a stack trace. Tenant-guard
/// violations are reported as 404, because from the caller's side the other organisation's row does not exist.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, IStringLocalizer<SharedResource> l, ILogger<ProblemExceptionHandler> log)
    : IExceptionHandler
{
    /// <summary>Where people's errors are rendered; the status page keeps the status set here.</summary>
    public const string ErrorPagePath = "/status/500";

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
            _ when DatabaseBusy(exception) => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status500InternalServerError,
        };
        // The title in the caller's language (the culture set further in does not flow back out with the exception).
        if (context.Features.Get<Microsoft.AspNetCore.Localization.IRequestCultureFeature>() is { } culture)
            System.Globalization.CultureInfo.CurrentUICulture = culture.RequestCulture.UICulture;
        // The middleware has already moved the request to the error page's path: the original one says who asked.
        var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path.Value ?? "";
        if (status == StatusCodes.Status500InternalServerError) log.LogError(exception, "Unhandled error on {Path}", path);
        else log.LogWarning(exception, "Request failed with {Status} on {Path}", status, path);

        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = RetryAfterSeconds;
        // The client has gone: nobody reads an answer.
        if (status == 499) return true;
        // Not handled here: the exception handler middleware re-executes the error page, which renders this status.
        if (!new PathString(path).StartsWithSegments("/api")) return false;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = Describe(exception, status),
        });
    }

    /// <summary>How long a caller told the database is busy should wait before trying again.</summary>
    public const string RetryAfterSeconds = "2";

    /// <summary>
    /// The database could not take the work in time: SQLite's writer stayed busy past the busy timeout (SQLITE_BUSY or
    /// SQLITE_LOCKED), or PostgreSQL failed in a way Npgsql calls transient (a timeout, a dropped connection, an
    /// exhausted pool). The transaction did not commit, so nothing was half-saved, and the same request may simply be sent
    /// again: that is a 503 with Retry-After, not a 500.
    /// </summary>
    public static bool DatabaseBusy(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 } || e is Npgsql.NpgsqlException { IsTransient: true })
                return true;
        return false;
    }

    /// <summary>A body the API could not read says why and, for JSON, which field ("steps[0].title").</summary>
    private ProblemDetails Describe(Exception exception, int status)
    {
        if (status != StatusCodes.Status400BadRequest)
            return new ProblemDetails
            {
                Status = status,
                Title = status switch
                {
                    StatusCodes.Status404NotFound => l["Error.NotFound"].Value,
                    StatusCodes.Status409Conflict => l["Error.Conflict"].Value,
                    StatusCodes.Status500InternalServerError => l["Status.Error.Title"].Value,
                    StatusCodes.Status503ServiceUnavailable => l["Status.503.Title"].Value,
                    _ => null,
                },
            };
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
