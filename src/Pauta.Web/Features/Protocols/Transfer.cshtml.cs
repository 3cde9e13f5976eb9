namespace Pauta.Web.Features.Protocols;

/// <summary>Import one Markdown file or a zip (or several), see every problem by file, line and column; download files.</summary>
[Authorize(Policy = nameof(Permission.AuthorProtocols))]
[RequestSizeLimit(ProtocolTransfer.MaxUploadBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = ProtocolTransfer.MaxUploadBytes + 1024 * 1024)]
public sealed class TransferModel(ProtocolTransfer transfer, ProtocolsService protocols, IStringLocalizer<SharedResource> l) : PageModel
{
    public ImportReport? Report { get; private set; }
    public IReadOnlyList<ProtocolSummary> Published { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(List<IFormFile>? files, CancellationToken ct)
    {
        ModelState.Clear();
        var uploads = new List<IncomingFile>();
        long total = 0;
        foreach (var file in files ?? [])
        {
            total += file.Length;
            if (total > ProtocolTransfer.MaxUploadBytes)
            {
                ModelState.AddModelError("", l["Import.TooLarge", ProtocolTransfer.MaxUploadBytes / 1024 / 1024]);
                Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await LoadAsync(ct);
                return Page();
            }
            await using var stream = file.OpenReadStream();
            var bytes = await ProtocolTransfer.ReadCappedAsync(stream, ProtocolTransfer.MaxUploadBytes, ct) ?? [];
            uploads.Add(new IncomingFile(ProtocolsApi.SafeName(file.FileName, "protocol.md"), bytes));
        }
        Report = await transfer.ImportAsync(uploads, ct);
        switch (Report.Failure)
        {
            case Failure.None: break;
            case Failure.Invalid: Response.StatusCode = StatusCodes.Status422UnprocessableEntity; break;
            case Failure.Forbidden: return Forbid();
            case Failure.Conflict:
                // Someone saved one of these protocols' drafts meanwhile; the upload was rolled back and can be sent again.
                ModelState.AddModelError("", l["Error.Conflict"]);
                Report = null;
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            case Failure.NotFound: return NotFound();
            default: throw new ArgumentOutOfRangeException(nameof(files));
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Published = (await protocols.ListAsync(includeArchived: false, ct)).Where(p => p.PublishedVersion > 0).ToList();
}
