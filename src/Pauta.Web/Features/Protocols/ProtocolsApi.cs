using Microsoft.Net.Http.Headers;
using Pauta.Core.Protocols;
using Pauta.Data.Entities;
using Protocol = Pauta.Core.Protocols.Protocol;

namespace Pauta.Web.Features.Protocols;

/// <summary>
/// /api/v1/protocols: read, author and move protocols through their lifecycle, and carry them in and out as files.
/// Drafts are written as JSON (the protocol model); files come in through /import (one Markdown file, a zip, or a
/// multipart form of either) and go out through /export. Every answer that is not a success is a ProblemDetails.
/// </summary>
public static class ProtocolsApi
{
    public sealed record FindingDto(Severity Severity, string Code, string Path, string Message);

    public sealed record DraftDto(Guid Id, Protocol Protocol, DraftState State, int? BaseVersion, int PublishedVersion, int Version,
        bool RequiresApproval, bool CanPublishByLint, IReadOnlyList<FindingDto> Findings, Guid? AuthorUserId, Guid? SubmittedByUserId,
        Guid? ApprovedByUserId);

    public sealed record VersionDto(Guid ProtocolId, int Number, Protocol Protocol, ChangeSize ChangeSize, string ChangeSummary,
        DateTime PublishedAt, string PublishedBy, string? ApprovedBy, IReadOnlyList<string> CreditedTo);

    public sealed record DraftInput(Protocol? Protocol, int Version);

    public sealed record VersionInput(int Version);

    public sealed record ReturnInput(int Version, string? Reason);

    public sealed record ImportResultDto(IReadOnlyList<ImportedFile> Imported, IReadOnlyList<string> Skipped);

    /// <summary>The body of a refused import (HTTP 422), beside the usual ProblemDetails fields.</summary>
    public sealed record ImportProblemDto(int Status, string Title, string Detail, IReadOnlyList<FileProblem> Problems);

    public static void MapProtocolsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/protocols").WithTags("Protocols").RequireAuthorization(nameof(Permission.ReadProtocols));
        const string author = nameof(Permission.AuthorProtocols);

        g.MapGet("", async (bool? includeArchived, ProtocolsService s, CancellationToken ct) =>
                TypedResults.Ok(await s.ListAsync(includeArchived ?? false, ct)))
            .WithName("ListProtocols")
            .WithSummary("Managers see every protocol with its state; everyone else sees the published ones.");

        g.MapGet("/{id:guid}", async (Guid id, ProtocolsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.GetVersionAsync(id, null, ct)).ToHttp(l, v => TypedResults.Ok(ToDto(v))))
            .ProducesOutcome<VersionDto>().WithName("GetProtocol").WithSummary("The latest published version.");

        g.MapGet("/{id:guid}/versions", async (Guid id, ProtocolsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.ListVersionsAsync(id, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .ProducesOutcome<IReadOnlyList<VersionSummary>>().WithName("ListProtocolVersions").WithSummary("Published versions, newest first.");

        g.MapGet("/{id:guid}/versions/{number:int}", async (Guid id, int number, ProtocolsService s, IStringLocalizer<SharedResource> l,
                CancellationToken ct) => (await s.GetVersionAsync(id, number, ct)).ToHttp(l, v => TypedResults.Ok(ToDto(v))))
            .ProducesOutcome<VersionDto>().WithName("GetProtocolVersion").WithSummary("One published version.");

        g.MapGet("/{id:guid}/draft", async (Guid id, ProtocolsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.GetDraftAsync(id, ct)).ToHttp(l, d => TypedResults.Ok(ToDto(d, l))))
            .RequireAuthorization(author).ProducesOutcome<DraftDto>().WithName("GetProtocolDraft")
            .WithSummary("The working draft with the linter's findings; 404 when the protocol has none.");

        g.MapPost("", async (Protocol protocol, ProtocolsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.CreateAsync(protocol, ct)).ToHttp(l, d => TypedResults.Created($"/api/v1/protocols/{d.Id}/draft", ToDto(d, l))))
            .RequireAuthorization(author).ProducesOutcome<DraftDto>(StatusCodes.Status201Created).WithName("CreateProtocol")
            .WithSummary("Creates a protocol as a draft from the protocol model. To send a file, use /import.");

        g.MapPut("/{id:guid}/draft", async (Guid id, DraftInput input, ProtocolsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                input.Protocol is null
                    ? Outcome<DraftView>.Invalid("protocol", "Validation.Required", "protocol").ToHttp(l, _ => TypedResults.Ok())
                    : (await s.SaveDraftAsync(id, input.Protocol, input.Version, ct)).ToHttp(l, d => TypedResults.Ok(ToDto(d, l))))
            .RequireAuthorization(author).ProducesOutcome<DraftDto>().WithName("SaveProtocolDraft")
            .WithSummary("Replaces the draft (starting one from the latest version if there is none). A stale version gets 409.");

        g.MapPost("/{id:guid}/submit", async (Guid id, VersionInput input, ProtocolsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.SubmitAsync(id, input.Version, ct)).ToHttp(l, d => TypedResults.Ok(ToDto(d, l))))
            .RequireAuthorization(author).ProducesOutcome<DraftDto>().WithName("SubmitProtocol")
            .WithSummary("Editing → in review. Lint errors refuse it.");

        g.MapPost("/{id:guid}/approve", async (Guid id, VersionInput input, ProtocolsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.ApproveAsync(id, input.Version, ct)).ToHttp(l, d => TypedResults.Ok(ToDto(d, l))))
            .RequireAuthorization(nameof(Permission.ApproveProtocols)).ProducesOutcome<DraftDto>().WithName("ApproveProtocol")
            .WithSummary("In review → approved, by someone who neither wrote nor submitted the draft (a token acts as its creator).");

        g.MapPost("/{id:guid}/return", async (Guid id, ReturnInput input, ProtocolsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.ReturnToEditingAsync(id, input.Version, input.Reason, ct)).ToHttp(l, d => TypedResults.Ok(ToDto(d, l))))
            .RequireAuthorization(author).ProducesOutcome<DraftDto>().WithName("ReturnProtocolToEditing")
            .WithSummary("In review or approved → editing again, with an optional reason.");

        g.MapPost("/{id:guid}/publish", async (Guid id, PublishInput input, ProtocolsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.PublishAsync(id, input, ct)).ToHttp(l, v => TypedResults.Created($"/api/v1/protocols/{id}/versions/{v.Number}", ToDto(v))))
            .RequireAuthorization(author).ProducesOutcome<VersionDto>(StatusCodes.Status201Created).WithName("PublishProtocol")
            .WithSummary("Publishes the draft as the next version with a change size and summary.");

        g.MapPost("/{id:guid}/archive", async (Guid id, ProtocolsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.ArchiveAsync(id, ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .RequireAuthorization(author).ProducesOutcome<bool>(StatusCodes.Status204NoContent).WithName("ArchiveProtocol");

        g.MapPost("/{id:guid}/restore", async (Guid id, ProtocolsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.RestoreAsync(id, ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .RequireAuthorization(author).ProducesOutcome<bool>(StatusCodes.Status204NoContent).WithName("RestoreProtocol");

        g.MapGet("/{id:guid}/export", ExportOne)
            .Produces(StatusCodes.Status200OK, contentType: ProtocolTransfer.MarkdownType)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ExportProtocol")
            .WithSummary("The protocol as a file: the latest version, version ?v=n, or the draft with ?draft=true (managers).");

        g.MapGet("/export", ExportAll)
            .Produces(StatusCodes.Status200OK, contentType: ProtocolTransfer.ZipType)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("ExportProtocols")
            .WithSummary("A zip of every published protocol, one file each; ?drafts=true takes each working draft instead (managers).");

        g.MapPost("/import", Import)
            .RequireAuthorization(author)
            .Accepts<string>(ProtocolTransfer.MarkdownType, ProtocolTransfer.ZipType, "multipart/form-data")
            .Produces<ImportResultDto>()
            .Produces<ImportProblemDto>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("ImportProtocols")
            .WithSummary("Imports one Markdown file (text/markdown; name it with ?name=), a zip of them (application/zip), or " +
                "files in a multipart form. Each file replaces the draft of the protocol with its title, or creates one. " +
                "All or nothing: any malformed file answers 422 with every problem (file, line, column) and imports nothing.");
    }

    /// <summary>Download links for people (cookie), outside the API: /protocols/{id}/export.md and /protocols/export.zip.</summary>
    public static void MapProtocolFileDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/protocols/{id:guid}/export.md", ExportOne).RequireAuthorization(nameof(Permission.ReadProtocols)).ExcludeFromDescription();
        app.MapGet("/protocols/export.zip", ExportAll).RequireAuthorization(nameof(Permission.ReadProtocols)).ExcludeFromDescription();
    }

    private static async Task<IResult> ExportOne(Guid id, int? v, bool? draft, HttpContext http, ProtocolsService s, Audit.AuditTrail trail,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var outcome = await s.ExportAsync(id, v, draft ?? false, ct);
        if (!Startup.IsApi(http.Request) && !outcome.Succeeded) return PageStatus(outcome.Failure);
        if (outcome.Succeeded)
            await trail.RecordAsync("export.protocol", "Protocol", id, draft == true ? "draft" : v is { } n ? $"v{n}" : "latest", ct);
        return outcome.ToHttp(l, f => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(f.Text), ProtocolTransfer.MarkdownType + "; charset=utf-8", f.FileName));
    }

    private static async Task<IResult> ExportAll(bool? drafts, HttpContext http, ProtocolTransfer transfer, CurrentMember me, Audit.AuditTrail trail,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var outcome = await transfer.ExportAllAsync(drafts ?? false, ct);
        if (!Startup.IsApi(http.Request) && !outcome.Succeeded) return PageStatus(outcome.Failure);
        if (outcome.Succeeded)
            await trail.RecordAsync("export.protocols", "Organisation", me.OrganisationId,
                $"{outcome.Value!.Count} files{(drafts == true ? ", drafts" : "")}", ct);
        return outcome.ToHttp(l, files => TypedResults.File(ProtocolTransfer.Zip(files), ProtocolTransfer.ZipType,
            ProtocolTransfer.ZipName(me.OrganisationName, drafts ?? false)));
    }

    /// <summary>People get the localised status page for a refusal (the status-code pages render it).</summary>
    private static IResult PageStatus(Failure failure) => failure switch
    {
        Failure.Forbidden => Results.StatusCode(StatusCodes.Status403Forbidden),
        Failure.Conflict => Results.StatusCode(StatusCodes.Status409Conflict),
        Failure.Invalid => Results.StatusCode(StatusCodes.Status400BadRequest),
        _ => Results.StatusCode(StatusCodes.Status404NotFound),
    };

    private static async Task<IResult> Import(HttpRequest request, string? name, ProtocolTransfer transfer,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        // Multipart framing adds a little around the files themselves.
        const int slack = 64 * 1024;
        var limit = ProtocolTransfer.MaxUploadBytes + slack;
        if (request.ContentLength > limit) return TooLarge(l);
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value ?? "" : "";
        var body = await ProtocolTransfer.ReadCappedAsync(request.Body, limit, ct);
        if (body is null) return TooLarge(l);

        List<IncomingFile> uploads;
        if (mediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            request.Body = new MemoryStream(body, writable: false);
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // The whole body is in memory: a failure here is its framing (no boundary, a section cut short), never the network.
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["Error.BadRequest"]);
            }
            uploads = [];
            foreach (var file in form.Files)
            {
                await using var stream = file.OpenReadStream();
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, ct);
                uploads.Add(new IncomingFile(SafeName(file.FileName, "protocol.md"), copy.ToArray()));
            }
        }
        else if (mediaType is ProtocolTransfer.ZipType or "application/x-zip-compressed" or "application/octet-stream" ||
                 mediaType is ProtocolTransfer.MarkdownType or "text/plain" or "text/x-markdown")
        {
            var fallback = ProtocolTransfer.IsZip("", body) ? "upload.zip" : "protocol.md";
            uploads = [new IncomingFile(SafeName(name, fallback), body)];
        }
        else
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: l["Import.UnsupportedType"]);
        }

        var report = await transfer.ImportAsync(uploads, ct);
        return report.Failure switch
        {
            Failure.None => TypedResults.Ok(new ImportResultDto(report.Imported, report.Skipped)),
            Failure.Invalid => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: l["Import.Refused"],
                detail: string.Join("\n", report.Problems.Take(20)),
                extensions: new Dictionary<string, object?> { ["problems"] = report.Problems }),
            Failure.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: l["Error.Forbidden"]),
            Failure.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: l["Error.Conflict"]),
            Failure.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: l["Error.NotFound"]),
        };
    }

    private static IResult TooLarge(IStringLocalizer l) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: l["Import.TooLarge", ProtocolTransfer.MaxUploadBytes / 1024 / 1024]);

    /// <summary>The last segment of a client-given name, so a name never reads as a path in messages.</summary>
    public static string SafeName(string? name, string fallback)
    {
        var last = (name ?? "").Replace('\\', '/').Split('/').LastOrDefault(s => s.Length > 0)?.Trim() ?? "";
        return last.Length is 0 or > 200 ? fallback : last;
    }

    private static VersionDto ToDto(VersionView v) =>
        new(v.ProtocolId, v.Number, v.Protocol, v.ChangeSize, v.ChangeSummary, v.PublishedAt, v.PublishedBy, v.ApprovedBy, v.CreditedTo);

    private static DraftDto ToDto(DraftView d, IStringLocalizer l) =>
        new(d.Id, d.Protocol, d.State, d.BaseVersion, d.PublishedVersion, d.Version, d.RequiresApproval, d.CanPublishByLint,
            d.Findings.Select(f => new FindingDto(f.Severity, f.Code, f.Path, l[f.Code, f.Args])).ToList(),
            d.AuthorUserId, d.SubmittedByUserId, d.ApprovedByUserId);
}
