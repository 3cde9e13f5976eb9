using Microsoft.Net.Http.Headers;
using Pauta.Core.Protocols;

namespace Pauta.Web.Features.Media;

/// <summary>
/// POST /api/v1/media uploads a step image (managers; a token needs the write scope); GET /media/{id} serves one to the
/// signed-in members of its organisation. Served files are inert: their sniffed type, nosniff, inline, and a policy that
/// lets nothing run or load, should a browser ever open one as a document.
/// </summary>
public static class MediaApi
{
    /// <summary>Multipart framing around the one file.</summary>
    private const int Slack = 64 * 1024;

    /// <summary>Served images never change (a new image is a new id), so browsers keep them for a year, privately.</summary>
    public const string CacheControl = "private, max-age=31536000, immutable";

    /// <summary>Nothing loads or runs, nobody frames it, and opened as a document it is a sandboxed one.</summary>
    public const string FilePolicy = "default-src 'none'; frame-ancestors 'none'; sandbox";

    public static void MapMediaApi(this RouteGroupBuilder api)
    {
        api.MapPost("/media", Upload)
            .WithTags("Media")
            .RequireAuthorization(nameof(Permission.AuthorProtocols))
            .Accepts<byte[]>("multipart/form-data", "image/png", "image/jpeg", "image/webp", "image/gif", "application/octet-stream")
            .Produces<MediaView>(StatusCodes.Status201Created)
            .Produces<MediaView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("UploadMedia")
            .WithSummary($"Uploads an image for protocol steps: PNG, JPEG, WebP or GIF, recognised by its bytes, at most 2 MB and " +
                $"{ImageSniffer.MaxSide} px a side, as the field \"file\" of a form or as the body. 201 with its /media/{{id}} address; " +
                "200 with the stored one when the organisation already has these exact bytes.");
    }

    public static void MapMediaFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/media/{id:guid}", Serve).RequireAuthorization(nameof(Permission.ReadProtocols)).ExcludeFromDescription();
    }

    private static async Task<IResult> Serve(Guid id, HttpContext http, MediaService media, CancellationToken ct)
    {
        var file = await media.GetAsync(id, ct);
        if (file is null) return Results.NotFound();
        var h = http.Response.Headers;
        h[HeaderNames.ContentSecurityPolicy] = FilePolicy;
        h[HeaderNames.XContentTypeOptions] = "nosniff";
        h[HeaderNames.ContentDisposition] = "inline";
        h[HeaderNames.CacheControl] = CacheControl;
        var etag = new EntityTagHeaderValue($"\"{file.Sha256}\"");
        h[HeaderNames.ETag] = etag.ToString();
        if (http.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } match && match.Any(m => m.Compare(etag, useStrongComparison: false) || m.Equals(EntityTagHeaderValue.Any)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(file.Bytes, file.ContentType);
    }

    private static async Task<IResult> Upload(HttpRequest request, MediaService media, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var limit = ImageSniffer.MaxBytes + Slack;
        if (request.ContentLength > limit) return TooLarge(l);
        var body = await Protocols.ProtocolTransfer.ReadCappedAsync(request.Body, limit, ct);
        if (body is null) return TooLarge(l);

        byte[] bytes;
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value ?? "" : "";
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
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: l["Error.BadRequest"]);
            }
            if (form.Files.GetFile(MediaService.Field) is not { } file)
                return Outcome<MediaView>.Invalid(MediaService.Field, "Media.Missing").ToHttp(l, _ => Results.Ok());
            await using var stream = file.OpenReadStream();
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            bytes = copy.ToArray();
        }
        else
        {
            bytes = body;
        }

        var outcome = await media.UploadAsync(bytes, ct);
        if (outcome.Problems.Any(p => p.Code == ImageSniffer.TooLarge)) return TooLarge(l);
        return outcome.ToHttp(l, u => u.Existing
            ? TypedResults.Ok(u.Media)
            : TypedResults.Created(u.Media.Url, u.Media));
    }

    private static IResult TooLarge(IStringLocalizer l) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: l["Media.TooLarge", ImageSniffer.MaxBytes / 1024 / 1024],
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [MediaService.Field] = [l["Media.TooLarge", ImageSniffer.MaxBytes / 1024 / 1024]] } });
}
