using System.Buffers;
using System.IO.Compression;
using System.Text.Unicode;
using Pauta.Data.Entities;
using Pauta.Data.Protocols;

namespace Pauta.Web.Features.Protocols;

/// <summary>A file as it arrived: its name and its bytes, not yet decoded.</summary>
public sealed record IncomingFile(string Name, byte[] Bytes);

/// <summary>One problem of one file, at a 1-based line and column; <see cref="Message"/> is ready to show.</summary>
public sealed record FileProblem(string File, int Line, int Column, string Code, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Code} {Message}";
}

public sealed record ImportedFile(string File, Guid Id, string Title, bool Created);

/// <summary>
/// What an import did. It is all or nothing: when <see cref="Problems"/> is not empty nothing was imported,
/// so the person fixes the files and sends the same upload again.
/// </summary>
public sealed record ImportReport(Failure Failure, IReadOnlyList<ImportedFile> Imported, IReadOnlyList<FileProblem> Problems,
    IReadOnlyList<string> Skipped)
{
    public bool Succeeded => Failure == Failure.None;
}

/// <summary>
/// Protocols in and out as files, for the transfer page, the API and so the CLI: one Markdown file or a zip of many.
/// An upload is checked whole before anything is written (size, zip shape, names, UTF-8, the file format), then
/// imported in one transaction through <see cref="ProtocolsService.ImportAsync"/>; any problem anywhere imports nothing.
/// </summary>
public sealed class ProtocolTransfer(ProtocolsService protocols, PautaDbContext db, CurrentMember current, IStringLocalizer<SharedResource> l)
{
    // The limits live in ProtocolFileLimits, beside the file format, so the parser, this class and the CLI agree.
    public const int MaxFileBytes = ProtocolFileLimits.MaxFileBytes;
    public const int MaxUploadBytes = ProtocolFileLimits.MaxUploadBytes;
    public const int MaxEntries = ProtocolFileLimits.MaxZipEntries;
    /// <summary>A zip may inflate to at most this much in all: a small zip that expands to gigabytes is refused, not unpacked.</summary>
    public const long MaxUnpackedBytes = ProtocolFileLimits.MaxUnpackedBytes;

    public const string MarkdownType = "text/markdown";
    public const string ZipType = "application/zip";

    // ---------------------------------------------------------------- reading an upload

    public static bool IsZip(string name, byte[] bytes) =>
        name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || bytes.AsSpan().StartsWith("PK\u0003\u0004"u8);

    /// <summary>Reads a body into memory, refusing it once it passes <paramref name="limit"/> bytes (null then).</summary>
    public static async Task<byte[]?> ReadCappedAsync(Stream body, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int n;
            while ((n = await body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + n > limit) return null;
                buffer.Write(chunk, 0, n);
            }
        }
        finally { ArrayPool<byte>.Shared.Return(chunk); }
        return buffer.ToArray();
    }

    /// <summary>Turns uploads (Markdown files and zips) into the files they hold, with a problem for every one that cannot be read.</summary>
    public (List<IncomingFile> Files, List<FileProblem> Problems, List<string> Skipped) Unpack(IEnumerable<IncomingFile> uploads)
    {
        var files = new List<IncomingFile>();
        var problems = new List<FileProblem>();
        var skipped = new List<string>();
        foreach (var upload in uploads)
        {
            if (IsZip(upload.Name, upload.Bytes)) UnpackZip(upload, files, problems, skipped);
            else if (upload.Bytes.Length > MaxFileBytes) problems.Add(Problem(upload.Name, "Import.FileTooLarge", MaxFileBytes / 1024));
            else files.Add(upload);
        }
        if (files.Count > MaxEntries) problems.Add(Problem("", "Import.TooManyFiles", MaxEntries));
        return (files, problems, skipped);
    }

    private void UnpackZip(IncomingFile zip, List<IncomingFile> files, List<FileProblem> problems, List<string> skipped)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip.Bytes, writable: false), ZipArchiveMode.Read);
            var entries = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            if (entries.Count > MaxEntries)
            {
                problems.Add(Problem(zip.Name, "Import.TooManyFiles", MaxEntries));
                return;
            }
            long unpacked = 0;
            foreach (var entry in entries)
            {
                var name = entry.FullName.Replace('\\', '/');
                var shown = $"{zip.Name}/{name}";
                if (name.StartsWith('/') || name.Contains(':') || name.Split('/').Any(part => part is ".." or "."))
                {
                    problems.Add(Problem(shown, "Import.BadEntryName"));
                    continue;
                }
                // Folders some archivers add beside the files (macOS resource forks, hidden files) are not protocols.
                if (name.StartsWith("__MACOSX/", StringComparison.Ordinal) || Path.GetFileName(name).StartsWith('.') ||
                    !name.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
                {
                    skipped.Add(shown);
                    continue;
                }
                // The sizes in the zip's directory can lie: count what actually comes out of the stream.
                using var stream = entry.Open();
                var bytes = ReadAtMost(stream, MaxFileBytes + 1);
                if (bytes.Length > MaxFileBytes)
                {
                    problems.Add(Problem(shown, "Import.FileTooLarge", MaxFileBytes / 1024));
                    continue;
                }
                unpacked += bytes.Length;
                if (unpacked > MaxUnpackedBytes)
                {
                    problems.Add(Problem(zip.Name, "Import.ZipTooLarge", MaxUnpackedBytes / 1024 / 1024));
                    return;
                }
                files.Add(new IncomingFile(shown, bytes));
            }
        }
        // A damaged zip shows itself in several ways (a bad header, an unsupported or encrypted entry, a stream cut short):
        // each is a zip we cannot read, never a server error.
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or IOException or ArgumentException)
        {
            problems.Add(Problem(zip.Name, "Import.NotAZip"));
        }
    }

    private static byte[] ReadAtMost(Stream stream, int limit)
    {
        var buffer = new byte[limit];
        var total = 0;
        int n;
        while (total < limit && (n = stream.Read(buffer, total, limit - total)) > 0) total += n;
        return buffer[..total];
    }

    /// <summary>
    /// Decodes strict UTF-8 (a byte-order mark is allowed); on a bad byte, says where it is, counted like an editor does.
    /// </summary>
    public static bool TryDecode(byte[] bytes, out string text, out int line, out int column)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        var chars = new char[span.Length];
        var status = Utf8.ToUtf16(span, chars, out _, out var written, replaceInvalidSequences: false);
        var good = chars.AsSpan(0, written);
        if (status == OperationStatus.Done)
        {
            text = new string(good);
            line = column = 0;
            return true;
        }
        text = "";
        line = good.Count('\n') + 1;
        column = written - good.LastIndexOf('\n');
        return false;
    }

    // ---------------------------------------------------------------- importing

    public async Task<ImportReport> ImportAsync(IReadOnlyList<IncomingFile> uploads, CancellationToken ct)
    {
        if (!current.Can(Permission.AuthorProtocols)) return new ImportReport(Failure.Forbidden, [], [], []);
        var (files, problems, skipped) = Unpack(uploads);
        if (files.Count == 0 && problems.Count == 0) problems.Add(Problem("", "Import.NoFiles"));

        var good = new List<(IncomingFile File, string Text, ProtocolFileResult Parsed)>();
        foreach (var file in files)
        {
            if (!TryDecode(file.Bytes, out var text, out var line, out var column))
            {
                problems.Add(new FileProblem(file.Name, line, column, "File.NotUtf8", l["Import.NotUtf8"]));
                continue;
            }
            var parsed = ProtocolFile.Parse(file.Name, text);
            if (!parsed.Succeeded)
            {
                problems.AddRange(parsed.Problems.Select(p => new FileProblem(p.File, p.Line, p.Column, p.Code, p.Message)));
                continue;
            }
            good.Add((file, text, parsed));
        }
        // Import finds a protocol by its title: two files with one title would overwrite each other's draft.
        foreach (var twin in good.GroupBy(g => g.Parsed.Protocol!.Title.Trim()).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1)))
        {
            var (line, column) = twin.Parsed.Locate("title");
            problems.Add(new FileProblem(twin.File.Name, line, column, "Import.DuplicateTitle",
                l["Import.DuplicateTitle", twin.Parsed.Protocol!.Title.Trim()]));
        }
        if (problems.Count > 0) return new ImportReport(Failure.Invalid, [], Sorted(problems), skipped);

        var imported = new List<ImportedFile>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var (file, text, parsed) in good)
        {
            var outcome = await protocols.ImportAsync(file.Name, text, ct);
            if (outcome.Succeeded)
            {
                imported.Add(new ImportedFile(file.Name, outcome.Value!.Id, outcome.Value.Title, outcome.Value.Created));
                continue;
            }
            if (outcome.Failure != Failure.Invalid) return new ImportReport(outcome.Failure, [], [], skipped);
            problems.AddRange(outcome.Problems.Select(p =>
            {
                var (line, column) = parsed.Locate(OutcomeExtensions.CamelCase(p.Field));
                return new FileProblem(file.Name, line, column, p.Code, p.Message(l));
            }));
        }
        // Disposing the transaction without committing rolls every file back.
        if (problems.Count > 0) return new ImportReport(Failure.Invalid, [], Sorted(problems), skipped);
        await transaction.CommitAsync(ct);
        return new ImportReport(Failure.None, imported, [], skipped);
    }

    private static List<FileProblem> Sorted(IEnumerable<FileProblem> problems) =>
        problems.OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ThenBy(p => p.Column).ToList();

    private FileProblem Problem(string file, string code, params object[] args) => new(file, 1, 1, code, l[code, args]);

    // ---------------------------------------------------------------- exporting

    public sealed record ExportEntry(Guid Id, string FileName, string Text, DateTime ChangedAt);

    /// <summary>
    /// Every protocol that is not archived, as files named after their titles (a repeated name gets -2, -3, …): the latest
    /// published version, or with <paramref name="drafts"/> (managers only) the working draft where there is one.
    /// One query for the lot rather than one export per protocol.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<ExportEntry>>> ExportAllAsync(bool drafts, CancellationToken ct)
    {
        if (!current.Can(drafts ? Permission.AuthorProtocols : Permission.ReadProtocols))
            return Outcome<IReadOnlyList<ExportEntry>>.Forbidden();
        var rows = await (
                from p in db.Protocols.AsNoTracking()
                where p.ArchivedAt == null && (p.PublishedVersion > 0 || (drafts && p.DraftText != null))
                join v in db.ProtocolVersions.AsNoTracking() on new { P = p.Id, N = p.PublishedVersion } equals new { P = v.ProtocolId, N = v.Number } into vs
                from v in vs.DefaultIfEmpty()
                select new
                {
                    p.Id, p.Title, p.UpdatedAt,
                    DraftText = drafts ? p.DraftText : null,
                    PublishedTitle = v == null ? null : v.Title,
                    PublishedText = v == null ? null : v.Text,
                    PublishedAt = v == null ? (DateTime?)null : v.PublishedAt,
                })
            .ToListAsync(ct);
        var files = rows
            .Select(r => r.DraftText is { } text
                ? (r.Id, Title: r.Title, Text: text, At: r.UpdatedAt)
                : (r.Id, Title: r.PublishedTitle!, Text: r.PublishedText!, At: r.PublishedAt!.Value))
            .OrderBy(f => ProtocolsService.FileNameFor(f.Title), StringComparer.Ordinal).ThenBy(f => f.Id)
            .ToList();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var entries = new List<ExportEntry>();
        foreach (var f in files)
        {
            var name = ProtocolsService.FileNameFor(f.Title);
            for (var n = 2; !used.Add(name); n++) name = $"{ProtocolsService.FileNameFor(f.Title)[..^3]}-{n}.md";
            entries.Add(new ExportEntry(f.Id, name, f.Text, f.At));
        }
        return Outcome<IReadOnlyList<ExportEntry>>.Ok(entries);
    }

    /// <summary>A zip of files, each dated by its version (so exporting twice gives the same entries).</summary>
    public static byte[] Zip(IEnumerable<ExportEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var e in entries)
            {
                var entry = archive.CreateEntry(e.FileName, CompressionLevel.Optimal);
                // Zip dates start in 1980.
                entry.LastWriteTime = new DateTimeOffset(e.ChangedAt.Year < 1980 ? new DateTime(1980, 1, 1, 0, 0, 0, DateTimeKind.Utc) : e.ChangedAt);
                using var stream = entry.Open();
                stream.Write(System.Text.Encoding.UTF8.GetBytes(e.Text));
            }
        }
        return buffer.ToArray();
    }

    public static string ZipName(string organisationName, bool drafts) =>
        ProtocolsService.FileNameFor(organisationName)[..^3] + (drafts ? "-drafts" : "-protocols") + ".zip";
}
