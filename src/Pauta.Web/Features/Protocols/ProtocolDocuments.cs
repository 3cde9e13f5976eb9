using Microsoft.Net.Http.Headers;

namespace Pauta.Web.Features.Protocols;

/// <summary>
/// The printable documents as plain routes beside the reading page (not under /api): the browser opens them with the
/// person's session, and a missing or hidden protocol is the usual 404 page.
/// </summary>
public static class ProtocolDocuments
{
    public static void MapProtocolDocuments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/protocols").RequireAuthorization(nameof(Permission.ReadProtocols)).ExcludeFromDescription();

        group.MapGet("/{id:guid}/pdf", async (Guid id, int? v, ProtocolReader reader, HttpContext http, CancellationToken ct) =>
            Send(http, await reader.ProtocolPdfAsync(id, v, ct)));

        group.MapGet("/manual.pdf", async (string? department, ProtocolReader reader, HttpContext http, CancellationToken ct) =>
            Send(http, await reader.ManualPdfAsync(department, ct)));

        group.MapGet("/{id:guid}/poster.pdf", async (Guid id, ProtocolReader reader, HttpContext http, IStringLocalizer<SharedResource> l,
            CancellationToken ct) =>
        {
            // The QR code must work from a phone, so it carries the absolute public address (Pauta:PublicUrl).
            var url = http.RequestServices.GetRequiredService<PublicUrl>().Link($"/protocols/{id}");
            var outcome = await reader.PosterPdfAsync(id, url, ct);
            // A protocol with no in-person or print channel has no poster: say so, rather than a bare "not found".
            if (outcome.Failure == Failure.Invalid) return Results.Text(l["Pdf.Poster.None"], "text/plain; charset=utf-8", statusCode: 404);
            return Send(http, outcome);
        });
    }

    private static IResult Send(HttpContext http, Outcome<PrintedFile> outcome)
    {
        if (outcome.Failure == Failure.NotFound) return Results.NotFound();
        if (!outcome.Succeeded) return Results.StatusCode(StatusCodes.Status403Forbidden);
        var file = outcome.Value!;
        // Inline: the browser shows the PDF, and its own save button keeps the file name.
        http.Response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("inline") { FileNameStar = file.FileName }.ToString();
        http.Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        return Results.Bytes(file.Bytes, "application/pdf");
    }
}
