using System.Globalization;
using Pauta.Core.Protocols;
using QRCoder;
using UglyToad.PdfPig.Core;

namespace Pauta.Web.Features.Protocols.Pdf;

/// <summary>
/// One published version to print, with the values its scripts are filled with and the organisation's images its steps
/// show (by id; only those the PDF can embed), which are printed in place of their address.
/// </summary>
public sealed record PrintedProtocol(VersionView Version, ScriptValues Values, IReadOnlyDictionary<Guid, PrintedImage>? Images = null,
    string? Currency = null, IReadOnlyDictionary<string, string>? CalendarNames = null);

/// <summary>An image of the organisation ready to embed: its bytes, whether it is a JPEG (else a PNG), and its size in pixels.</summary>
public sealed record PrintedImage(byte[] Bytes, bool Jpeg, int Width, int Height);

/// <summary>
/// The printed forms of protocols: one protocol, a department's manual (title page, contents with page numbers, every
/// protocol from a new page) and the one-page poster with the greeting and a QR code. Labels are in the UI language; the
/// protocol's own text stays in the language it was written in.
/// </summary>
public sealed class ProtocolPdf(IStringLocalizer l, Func<DateTime, DateTime> toLocal)
{
    private static readonly TextStyle Cover = new(28, true, Rgb.Ink);
    private static readonly TextStyle CoverSub = new(16, false, Rgb.Accent);
    private static readonly TextStyle H1 = new(19, true, Rgb.Ink);
    private static readonly TextStyle H2 = new(14, true, Rgb.Accent);
    private static readonly TextStyle H3 = new(11.5, true, Rgb.Ink);
    private static readonly TextStyle Body = new(10, false, Rgb.Ink);
    private static readonly TextStyle BodyBold = new(10, true, Rgb.Ink);
    private static readonly TextStyle Small = new(8.5, false, Rgb.Muted);
    private static readonly TextStyle TocMain = new(11, true, Rgb.Ink);
    private static readonly TextStyle TocSub = new(10, false, Rgb.Ink);

    private const double StepIndent = 20;

    /// <summary>A step's picture is at most a third of the page's height, so it stays beside the step it illustrates.</summary>
    private const double MaxPictureHeight = 240;

    private sealed record TocEntry(string Title, int Level, string Mark);

    /// <summary>One protocol: a title page, its contents (sections and stages) and the protocol itself.</summary>
    public byte[] Protocol(PrintedProtocol item, string brand)
    {
        var v = item.Version;
        return Document(v.Protocol.Title, brand, [item], single: true, cover: layout =>
        {
            layout.Space(150);
            if (brand.Length > 0) layout.Paragraph(brand, CoverSub with { Color = Rgb.Muted });
            layout.Space(8);
            layout.Paragraph(v.Protocol.Title, Cover);
            layout.Space(6);
            layout.Paragraph(v.Protocol.Department, CoverSub);
            layout.Space(30);
            layout.Paragraph(VersionLine(v), Body);
            if (v.ApprovedBy is { } approver) layout.Paragraph(l["Read.ApprovedBy", approver], Body);
            if (!string.IsNullOrWhiteSpace(v.ChangeSummary)) layout.Paragraph($"{l["Read.ChangeSummary"]}: {v.ChangeSummary}", Body);
        });
    }

    /// <summary>The manual of one department (or of the whole organisation): title page, contents, every protocol.</summary>
    public byte[] Manual(IReadOnlyList<PrintedProtocol> items, string brand, string? department, DateTime generatedAtUtc)
    {
        var title = department is null ? l["Pdf.Manual"].Value : $"{l["Pdf.Manual"]} · {department}";
        return Document(title, brand, items, single: false, cover: layout =>
        {
            layout.Space(150);
            if (brand.Length > 0) layout.Paragraph(brand, CoverSub with { Color = Rgb.Muted });
            layout.Space(8);
            layout.Paragraph(l["Pdf.Manual"], Cover);
            layout.Space(6);
            layout.Paragraph(department ?? l["Pdf.AllDepartments"], CoverSub);
            layout.Space(30);
            layout.Paragraph(l["Pdf.Generated", toLocal(generatedAtUtc).ToString("D", CultureInfo.CurrentCulture)], Body);
            layout.Paragraph(l["Pdf.ProtocolCount", items.Count], Body);
        });
    }

    /// <summary>
    /// Lays the document out until the contents' page numbers stop moving: the first pass learns where every entry lands,
    /// the next one prints those numbers. Numbers sit in a fixed right-hand column, so the contents never change length
    /// and the second pass is normally the last.
    /// </summary>
    private byte[] Document(string title, string brand, IReadOnlyList<PrintedProtocol> items, bool single, Action<PdfLayout> cover)
    {
        Dictionary<string, int>? pages = null;
        for (var pass = 0; ; pass++)
        {
            var (layout, entries) = Lay(items, single, cover, pages);
            var landed = entries.ToDictionary(e => e.Mark, e => layout.PageOf(e.Mark));
            if (pages is not null && (landed.All(kv => pages[kv.Key] == kv.Value) || pass >= 4))
                return layout.Render(title, brand, (page, count) => l["Pdf.Page", page, count]);
            pages = landed;
        }
    }

    private (PdfLayout Layout, List<TocEntry> Entries) Lay(IReadOnlyList<PrintedProtocol> items, bool single, Action<PdfLayout> cover,
        IReadOnlyDictionary<string, int>? pages)
    {
        var entries = Entries(items, single);
        var layout = new PdfLayout();
        cover(layout);

        layout.NewPage();
        layout.Heading(l["Pdf.Contents"], H1, before: 0, after: 8);
        string? department = null;
        foreach (var e in entries)
        {
            if (!single && e.Level == 0)
            {
                var d = items[int.Parse(e.Mark[1..], CultureInfo.InvariantCulture)].Version.Protocol.Department.Trim();
                if (d != department)
                {
                    department = d;
                    layout.Space(6);
                    layout.KeepTogether(H2.LineHeight + 2 * TocMain.LineHeight);
                    layout.Paragraph(d, H2);
                }
            }
            var number = pages is null ? "000" : pages[e.Mark].ToString(CultureInfo.CurrentCulture);
            if (e.Level == 0) layout.Space(3);
            layout.Leader(e.Title, number, e.Level == 0 ? TocMain : TocSub, e.Level * 16, e.Mark);
        }

        for (var i = 0; i < items.Count; i++)
        {
            layout.NewPage();
            WriteProtocol(layout, items[i], i, single);
        }
        return (layout, entries);
    }

    /// <summary>A manual lists each protocol and its stages; a single protocol lists its sections.</summary>
    private List<TocEntry> Entries(IReadOnlyList<PrintedProtocol> items, bool single)
    {
        var entries = new List<TocEntry>();
        for (var i = 0; i < items.Count; i++)
        {
            var p = items[i].Version.Protocol;
            if (!single) entries.Add(new TocEntry(p.Title.Trim(), 0, $"p{i}"));
            var level = single ? 0 : 1;
            foreach (var (mark, name) in Sections(p, i, single)) entries.Add(new TocEntry(name, level, mark));
        }
        return entries;
    }

    /// <summary>The marks and names of the sections a protocol prints, in order (the same list drives the contents).</summary>
    private IEnumerable<(string Mark, string Name)> Sections(Protocol p, int i, bool all)
    {
        if (all) yield return ($"p{i}-purpose", l["Read.Purpose"]);
        if (all && p.Terms.Count > 0) yield return ($"p{i}-terms", l["Read.Terms"]);
        if (all && p.Responsibilities.Count > 0) yield return ($"p{i}-responsibilities", l["Read.Responsibilities"]);
        foreach (var stage in Stages.InOrder) yield return ($"p{i}-{stage}", ProtocolText.StageName(stage, l));
        if (p.ContingencyPlans.Count > 0) yield return ($"p{i}-plans", l["Read.Plans"]);
        if (all && p.EscalationRules.Count > 0) yield return ($"p{i}-escalation", l["Read.Escalation"]);
        if (all && ServiceTargets.Of(p).Count > 0) yield return ($"p{i}-levels", l["Read.Targets"]);
        if (all && p.Fields.Count > 0) yield return ($"p{i}-fields", l["Read.Fields"]);
        if (all && !p.Selection.IsEmpty) yield return ($"p{i}-selection", l["Read.Selection"]);
    }

    private string VersionLine(VersionView v) =>
        l["Pdf.VersionLine", v.Number, toLocal(v.PublishedAt).ToString("d", CultureInfo.CurrentCulture), v.PublishedBy];

    private void WriteProtocol(PdfLayout layout, PrintedProtocol item, int i, bool single)
    {
        var v = item.Version;
        var p = v.Protocol;
        var sections = Sections(p, i, all: true).ToDictionary(s => s.Mark, s => s.Name);
        void Section(string key, string title)
        {
            layout.Heading(title, H2, before: 12);
            // The mark goes after the heading moved to its page, so the contents point where the section really starts.
            layout.Mark($"p{i}-{key}", single ? title : null, single ? 0 : 1);
        }

        layout.Mark($"p{i}", single ? null : p.Title.Trim(), 0);
        layout.Heading(p.Title.Trim(), H1, before: 0);
        layout.Paragraph($"{l["Read.Department"]}: {p.Department}" + (string.IsNullOrWhiteSpace(p.Owner) ? "" : $" · {l["Read.Owner"]}: {p.Owner}"), Small);
        layout.Paragraph($"{l["Read.Channels"]}: {ProtocolText.ChannelNames(p.Channels, l)}", Small);
        layout.Paragraph(VersionLine(v) + (v.ApprovedBy is { } a ? " · " + l["Read.ApprovedBy", a] : ""), Small);
        if (v.CreditedTo.Count > 0) layout.Paragraph($"{l["Read.Credited"]}: {string.Join(", ", v.CreditedTo)}", Small);
        layout.Rule(Rgb.Line);

        Section("purpose", sections[$"p{i}-purpose"]);
        layout.Paragraph(p.Purpose, Body);
        if (!string.IsNullOrWhiteSpace(p.Scope))
        {
            layout.Heading(l["Read.Scope"], H3, before: 6, after: 2);
            layout.Paragraph(p.Scope, Body);
        }
        if (p.Terms.Count > 0)
        {
            Section("terms", l["Read.Terms"]);
            foreach (var t in p.Terms) layout.Item("•", $"{t.Name}: {t.Definition}", Body);
        }
        if (p.Responsibilities.Count > 0)
        {
            Section("responsibilities", l["Read.Responsibilities"]);
            foreach (var r in p.Responsibilities) layout.Item("•", $"{Words.Who(r.Position, l)}: {r.Duties}", Body);
        }

        foreach (var stage in Stages.InOrder)
        {
            Section(stage.ToString(), ProtocolText.StageName(stage, l));
            var indices = Enumerable.Range(0, p.Steps.Count).Where(s => p.Steps[s].Stage == stage).ToList();
            if (indices.Count == 0) layout.Paragraph(l["Read.NoSteps"], Small);
            var number = 1;
            foreach (var s in indices) WriteStep(layout, item, p.Steps, s, number++);
        }

        if (p.ContingencyPlans.Count > 0)
        {
            Section("plans", l["Read.Plans"]);
            foreach (var plan in p.ContingencyPlans)
            {
                layout.Heading(plan.Name, H3 with { Size = 12.5 }, before: 8, after: 2);
                if (plan.SharedFrom is { } shared) layout.Paragraph(l["Read.SharedFrom", shared], Small);
                if (!string.IsNullOrWhiteSpace(plan.Trigger)) layout.Paragraph($"{l["Read.PlanTrigger"]} {plan.Trigger}", Body);
                if (plan.Channels != Channels.None) layout.Paragraph(l["Read.PlanChannels", ProtocolText.ChannelNames(plan.Channels, l)], Small);
                for (var s = 0; s < plan.Steps.Count; s++) WriteStep(layout, item, plan.Steps, s, s + 1);
            }
        }
        if (p.EscalationRules.Count > 0)
        {
            Section("escalation", l["Read.Escalation"]);
            foreach (var r in p.EscalationRules)
                layout.Item("•", $"{ProtocolText.Condition(r, l, item.Currency)}: {r.Detail} → {Words.Who(r.Target, l)}", Body);
        }
        var targets = ProtocolMigration.ToFormat2(p).ServiceTargets;
        if (targets.Count > 0)
        {
            Section("levels", l["Read.Targets"]);
            foreach (var target in targets)
                layout.Item("•", $"{ProtocolText.TargetChannels(target, l)} — {ProtocolText.TargetSentence(target, l, item.CalendarNames)}", Body);
        }
        if (p.Fields.Count > 0)
        {
            Section("fields", l["Read.Fields"]);
            foreach (var field in p.Fields)
                layout.Item("•", $"{field.Label} {{{field.Key}}} · {LintText.FieldTypeName(field.Type, l)}" +
                    (field.Required ? $" · {l["Read.Field.Required"]}" : "") +
                    (field.Options.Count > 0 ? $" · {string.Join(", ", field.Options)}" : ""), Body);
        }
        if (!p.Selection.IsEmpty)
        {
            Section("selection", l["Read.Selection"]);
            if (p.Selection.WinsWhen.Count > 0)
                layout.Item("•", l["Read.Selection.WinsWhen", string.Join(", ", p.Selection.WinsWhen.Select(w => $"«{w}»"))] +
                    (p.Selection.WinsOnChannels != Channels.None ? " " + l["Read.Selection.WinsOn", ProtocolText.ChannelNames(p.Selection.WinsOnChannels, l)] : ""), Body);
            if (p.Selection.WinsForSegments.Count > 0) layout.Item("•", l["Read.Selection.Segments", string.Join(", ", p.Selection.WinsForSegments)], Body);
            if (p.Selection.NotFor.Count > 0) layout.Item("•", l["Read.Selection.NotFor", string.Join(", ", p.Selection.NotFor.Select(w => $"«{w}»"))], Body);
        }
    }

    private void WriteStep(PdfLayout layout, PrintedProtocol item, IReadOnlyList<Step> list, int index, int number)
    {
        var s = list[index];
        var p = item.Version.Protocol;
        layout.Space(5);
        layout.KeepTogether(H3.LineHeight + 3 * Body.LineHeight);
        var title = ProtocolText.TitleOf(s) + (s.Required ? "" : $" ({l["Read.Optional"]})");
        layout.Item($"{number}.", title, H3, markerStyle: H3 with { Color = Rgb.Accent });
        if (s.SharedFrom is { } shared) layout.Paragraph(l["Read.SharedFrom", shared], Small, StepIndent);
        if (!string.IsNullOrWhiteSpace(s.Instruction)) layout.Paragraph(s.Instruction, Body, StepIndent);
        if (s.Fulfils is { } fulfils) layout.Paragraph(l["Read.Fulfils", LintText.ClockName(fulfils, l)], Small, StepIndent);
        if (s.Handoff is { } handoff) layout.Paragraph(l["Read.Handoff", handoff], Small, StepIndent);
        foreach (var c in s.Checklist) layout.Item("☐", c, Body, StepIndent);
        foreach (var script in s.Scripts)
        {
            layout.Space(2);
            var caption = (script.IsGreeting ? l["Read.Greeting"] : l["Read.Script"]) + " · " +
                (script.Channel is { } c ? ProtocolText.ChannelNames(c, l) : l["Read.AllChannels"].Value);
            layout.Paragraph(caption, Small, StepIndent);
            layout.Quote(ProtocolText.Render(script, p, item.Values), Body, script.IsGreeting ? Rgb.Ok : Rgb.Accent, StepIndent);
        }
        if (s.IsQuestion)
        {
            layout.Paragraph($"{l["Read.Question"]} {s.Question}", BodyBold, StepIndent);
            foreach (var a in s.Answers)
                layout.Item("•", $"{a.Label} → {ProtocolText.Target(a.Next, list, index, l)}" +
                    (a.EscalationRuleKey is { } r ? $" ({l["Read.Escalates", r]})" : ""), Body, StepIndent + 8);
        }
        else if (s.Next is { } next)
        {
            layout.Paragraph($"{l["Read.Next"]} {ProtocolText.Target(next, list, index, l)}", Small, StepIndent);
        }
        if (s.GoodExample is { } good) layout.Quote($"✓ {l["Read.GoodExample"]}: {good}", Body, Rgb.Ok, StepIndent);
        if (s.BadExample is { } bad) layout.Quote($"✗ {l["Read.BadExample"]}: {bad}", Body, Rgb.Danger, StepIndent);
        foreach (var image in s.Images)
        {
            // The organisation's own images are printed, scaled to the column; other sites' stay addresses to follow.
            if (Media.MediaService.IdOf(image) is { } id && item.Images?.GetValueOrDefault(id) is { } picture)
                layout.Picture(picture.Bytes, picture.Jpeg, picture.Width, picture.Height, StepIndent, MaxPictureHeight);
            else
                layout.Paragraph($"{l["Read.Image", ProtocolText.TitleOf(s)]}: {image}", Small, StepIndent, url: ExternalLink(image));
        }
        if (!string.IsNullOrWhiteSpace(s.VideoUrl)) layout.Paragraph($"{l["Read.Video"]}: {s.VideoUrl}", Small, StepIndent, url: ExternalLink(s.VideoUrl));
    }

    /// <summary>Another site's address a reader of the PDF can follow (MediaLink's rules); this site's paths and anything else are text only.</summary>
    private static string? ExternalLink(string address) =>
        MediaLink.Safe(address) is { } safe && !MediaLink.IsLocal(safe) ? safe : null;

    /// <summary>
    /// One A4 page for the wall of a shop or a reception: the title, the greeting to say, the key steps of each stage and a
    /// QR code to the protocol page. Long protocols are set smaller until everything fits on the one page.
    /// </summary>
    public byte[] Poster(PrintedProtocol item, string brand, string url)
    {
        var p = item.Version.Protocol;
        var qr = QrPng(url);
        const double qrSize = 130;
        // Smaller type first, then fewer steps per stage, then shorter texts: a poster is one page whatever the protocol.
        var attempts = from cap in new int?[] { null, 8, 5, 3 }
                       from scale in new[] { 1.0, 0.9, 0.8, 0.7, 0.6, 0.5 }
                       select (cap, scale, shorten: false);
        foreach (var (cap, scale, shorten) in attempts.Append((3, 0.5, true)))
        {
            string Cut(string text, int max) => shorten && text.Length > max ? text[..max].TrimEnd() + "…" : text;
            var layout = new PdfLayout();
            TextStyle S(TextStyle t) => t with { Size = t.Size * scale };
            if (brand.Length > 0) layout.Paragraph(Cut(brand, 80), S(new TextStyle(14, false, Rgb.Muted)));
            layout.Paragraph(Cut(p.Title.Trim(), 120), S(new TextStyle(30, true, Rgb.Ink)));
            layout.Paragraph(Cut(p.Department, 80), S(new TextStyle(13, false, Rgb.Accent)));
            layout.Rule(Rgb.Line);
            if (ProtocolText.Greeting(p, (p.Channels & Channels.InPerson) != 0 ? Channels.InPerson : Channels.Print) is { } greeting)
            {
                layout.Paragraph(l["Read.Greeting"], S(new TextStyle(12, true, Rgb.Ok)));
                layout.Space(3);
                layout.Quote(Cut(ProtocolText.Render(greeting, p, item.Values), 300), S(new TextStyle(18, true, Rgb.Ink)), Rgb.Ok);
                layout.Space(10 * scale);
            }
            layout.Paragraph(l["Pdf.Poster.KeySteps"], S(new TextStyle(16, true, Rgb.Ink)));
            foreach (var stage in Stages.InOrder)
            {
                var steps = p.Steps.Where(s => s.Stage == stage).ToList();
                if (steps.Count == 0) continue;
                layout.Space(6 * scale);
                layout.Paragraph(ProtocolText.StageName(stage, l), S(new TextStyle(13, true, Rgb.Accent)));
                var n = 1;
                foreach (var s in steps.Take(cap ?? steps.Count)) layout.Item($"{n++}.", Cut(ProtocolText.TitleOf(s), 90), S(new TextStyle(12.5, false, Rgb.Ink)));
                if (cap is { } c && steps.Count > c) layout.Item("", "…", S(new TextStyle(12.5, false, Rgb.Ink)));
            }
            if (layout.PageCount > 1 || layout.Y < PdfLayout.Bottom + qrSize + 12) continue;

            var x = PdfLayout.Margin + new PdfLayout().ContentWidth - qrSize;
            layout.ImageAt(qr, new PdfRectangle(x, PdfLayout.Bottom, x + qrSize, PdfLayout.Bottom + qrSize), url);
            var caption = new TextStyle(11, true, Rgb.Ink);
            var captionWidth = x - PdfLayout.Margin - 16;
            var lines = PdfLayout.Wrap(l["Pdf.Poster.Scan"], caption, captionWidth);
            var y = PdfLayout.Bottom + qrSize / 2 + lines.Count * caption.LineHeight / 2;
            foreach (var line in lines)
            {
                y -= caption.LineHeight;
                layout.TextAt(PdfLayout.Margin, y, line, caption);
            }
            foreach (var line in PdfLayout.Wrap(url, Small, captionWidth))
            {
                y -= Small.LineHeight;
                layout.TextAt(PdfLayout.Margin, y, line, Small);
            }
            return layout.Render(p.Title.Trim(), brand, (_, _) => null);
        }
        throw new InvalidOperationException("A poster did not fit on one page even at its smallest size.");
    }

    /// <summary>
    /// The QR code as an 8-bit RGB PNG. QRCoder computes the modules; the PNG is written here because PdfPig's PNG reader
    /// cannot read the 1-bit images QRCoder writes. Medium error correction survives a worn or creased print.
    /// </summary>
    public static byte[] QrPng(string text, int pixelsPerModule = 8)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix; // includes the quiet zone
        var modules = matrix.Count;
        var size = modules * pixelsPerModule;
        var raw = new byte[size * (1 + size * 3)];
        var at = 0;
        for (var y = 0; y < size; y++)
        {
            raw[at++] = 0; // filter: none
            var row = matrix[y / pixelsPerModule];
            for (var x = 0; x < size; x++)
            {
                var value = row[x / pixelsPerModule] ? (byte)0 : (byte)255;
                raw[at++] = value;
                raw[at++] = value;
                raw[at++] = value;
            }
        }
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, size);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size);
        header[8] = 8; // bits per channel
        header[9] = 2; // colour type: RGB
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var z = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
                z.Write(raw);
            Chunk(png, "IDAT", compressed.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeBytes, data));
        png.Write(number);
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    private static uint Crc32(byte[] type, byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in type) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }
}
