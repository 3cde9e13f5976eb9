using UglyToad.PdfPig.Actions;
using UglyToad.PdfPig.Annotations;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.TrueType;
using UglyToad.PdfPig.Fonts.TrueType.Parser;
using UglyToad.PdfPig.Outline;
using UglyToad.PdfPig.Outline.Destinations;
using UglyToad.PdfPig.Writer;

namespace Pauta.Web.Features.Protocols.Pdf;

/// <summary>A colour as 0–255 RGB.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static readonly Rgb Ink = new(29, 36, 51);
    public static readonly Rgb Muted = new(91, 100, 117);
    public static readonly Rgb Accent = new(31, 111, 235);
    public static readonly Rgb Ok = new(6, 118, 71);
    public static readonly Rgb Danger = new(180, 35, 24);
    public static readonly Rgb Line = new(200, 206, 217);
}

/// <summary>A text style: size in points, weight and colour.</summary>
public readonly record struct TextStyle(double Size, bool Bold, Rgb Color)
{
    public double LineHeight => Size * 1.32;
}

/// <summary>
/// The two embedded DejaVu Sans faces (regular and bold), parsed once per process for measuring text. No system font is
/// read, so a PDF looks the same on every server; the font covers Spanish accents, ¿ ¡ « » and the ☐ ✓ ✗ marks.
/// </summary>
public static class PdfFonts
{
    private static readonly Lazy<Face> RegularFace = new(() => new Face(Load("DejaVuSans.ttf")));
    private static readonly Lazy<Face> BoldFace = new(() => new Face(Load("DejaVuSans-Bold.ttf")));

    public static Face Regular => RegularFace.Value;
    public static Face Bold => BoldFace.Value;
    public static Face Of(bool bold) => bold ? Bold : Regular;

    private static byte[] Load(string file)
    {
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream("Pauta.Web.Fonts." + file)
            ?? throw new InvalidOperationException($"The embedded font {file} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public sealed class Face
    {
        // Advances in em for every character of the Basic Multilingual Plane, read once: measuring is the layout's hot path.
        // NaN marks a character the font has no glyph for.
        private readonly double[] _advances = new double[char.MaxValue + 1];

        public Face(byte[] bytes)
        {
            Bytes = bytes;
            var font = TrueTypeFontParser.Parse(new TrueTypeDataBytes(new MemoryInputBytes(bytes)));
            var unitsPerEm = (double)font.GetUnitsPerEm();
            for (var c = 0; c <= char.MaxValue; c++)
            {
                var found = font.WindowsUnicodeCMap?.CharacterCodeToGlyphIndex(c) is > 0;
                _advances[c] = found && font.TryGetAdvanceWidth(c, out var width) ? width / unitsPerEm : double.NaN;
            }
        }

        public byte[] Bytes { get; }

        /// <summary>The advance of <paramref name="c"/> in em; null when the font has no glyph for it.</summary>
        public double? Advance(char c) => double.IsNaN(_advances[c]) ? null : _advances[c];

        public double Width(string text, double size) => Width(text.AsSpan(), size);

        public double Width(ReadOnlySpan<char> text, double size)
        {
            var fallback = Advance('?') ?? 0.5;
            var sum = 0.0;
            foreach (var c in text) sum += double.IsNaN(_advances[c]) ? fallback : _advances[c];
            return sum * size;
        }

        /// <summary>The text with every character the font cannot draw replaced, so no glyph goes missing silently.</summary>
        public string Drawable(string text)
        {
            var chars = text.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (chars[i] is '\n') continue;
                if (chars[i] is '\t') chars[i] = ' ';
                else if (char.IsControl(chars[i]) || Advance(chars[i]) is null) chars[i] = '?';
            }
            return new string(chars);
        }
    }
}

/// <summary>
/// A small flowing layout on A4 over PdfPig's page builder: wrapped paragraphs, headings kept with what follows, page
/// breaks, marks for a table of contents, images and links. Everything is laid out first and drawn afterwards, so the
/// footer can say "page 3 of 12" and a table of contents can name the pages its entries landed on.
/// </summary>
public sealed class PdfLayout
{
    public const double PageWidth = 595.28;
    public const double PageHeight = 841.89;
    public const double Margin = 56;
    private const double Top = PageHeight - Margin;
    public const double Bottom = Margin + 14;

    private abstract record Op;
    private sealed record TextOp(double X, double Y, string Text, TextStyle Style) : Op;
    private sealed record LineOp(double X1, double Y1, double X2, double Y2, double Width, Rgb Color) : Op;
    private sealed record ImageOp(byte[] Png, PdfRectangle Area, bool Jpeg = false) : Op;
    private sealed record LinkOp(PdfRectangle Area, string? Url, string? Mark) : Op;

    private readonly List<List<Op>> _pages = [];
    private readonly Dictionary<string, int> _marks = new(StringComparer.Ordinal);
    private readonly List<(string Title, int Level, string Mark)> _outline = [];
    private double _y;

    public PdfLayout() => NewPage();

    public double ContentWidth => PageWidth - 2 * Margin;
    public double Left => Margin;
    public int PageCount => _pages.Count;
    public double Y => _y;
    public double Remaining => _y - Bottom;

    /// <summary>The 1-based page a mark landed on.</summary>
    public int PageOf(string mark) => _marks[mark] + 1;

    public void NewPage()
    {
        _pages.Add([]);
        _y = Top;
    }

    /// <summary>Starts a new page unless the current one is still empty.</summary>
    public void PageBreak()
    {
        if (_pages[^1].Count > 0) NewPage();
    }

    public void Space(double points)
    {
        _y -= points;
        if (_y < Bottom) NewPage();
    }

    /// <summary>Moves to a new page when less than <paramref name="height"/> is left, so a block is not split.</summary>
    public void KeepTogether(double height)
    {
        if (_y - height < Bottom && _y < Top) NewPage();
    }

    /// <summary>Names the current position (for the table of contents and links to it); an outline entry when titled.</summary>
    public void Mark(string mark, string? outlineTitle = null, int level = 0)
    {
        _marks[mark] = _pages.Count - 1;
        if (outlineTitle is not null) _outline.Add((outlineTitle, level, mark));
    }

    public void Heading(string text, TextStyle style, double before = 10, double after = 4)
    {
        Space(before);
        // A heading alone at the foot of a page is useless: keep it with two lines of what follows.
        KeepTogether(WrapCount(text, style, ContentWidth) * style.LineHeight + 2 * 14);
        Paragraph(text, style);
        Space(after);
    }

    /// <summary>Wrapped text; line breaks in the text are kept. Returns the lines' left edge and the vertical extent drawn.</summary>
    /// <summary>Wrapped text; with <paramref name="url"/>, every line of it is a link to that address.</summary>
    public void Paragraph(string text, TextStyle style, double indent = 0, double width = 0, string? url = null)
    {
        var w = width > 0 ? width : ContentWidth - indent;
        foreach (var line in Wrap(text, style, w))
        {
            if (_y - style.LineHeight < Bottom) NewPage();
            _y -= style.LineHeight;
            if (line.Length == 0) continue;
            _pages[^1].Add(new TextOp(Left + indent, _y + (style.LineHeight - style.Size) * 0.6, line, style));
            if (url is not null)
                _pages[^1].Add(new LinkOp(new PdfRectangle(Left + indent, _y, Left + indent + PdfFonts.Of(style.Bold).Width(line, style.Size), _y + style.LineHeight), url, null));
        }
    }

    /// <summary>A marker ("•", "☐", "1.") hanging left of wrapped text.</summary>
    public void Item(string marker, string text, TextStyle style, double indent = 0, TextStyle? markerStyle = null)
    {
        var gap = Math.Max(14, PdfFonts.Of((markerStyle ?? style).Bold).Width(marker, (markerStyle ?? style).Size) + 5);
        var lines = Wrap(text, style, ContentWidth - indent - gap);
        var first = true;
        foreach (var line in lines)
        {
            if (_y - style.LineHeight < Bottom) NewPage();
            _y -= style.LineHeight;
            var baseline = _y + (style.LineHeight - style.Size) * 0.6;
            if (first) _pages[^1].Add(new TextOp(Left + indent, baseline, marker, markerStyle ?? style));
            if (line.Length > 0) _pages[^1].Add(new TextOp(Left + indent + gap, baseline, line, style));
            first = false;
        }
    }

    /// <summary>Text with a coloured rule down its left side, for scripts and examples.</summary>
    public void Quote(string text, TextStyle style, Rgb rule, double indent = 0)
    {
        foreach (var line in Wrap(text, style, ContentWidth - indent - 12))
        {
            if (_y - style.LineHeight < Bottom) NewPage();
            var top = _y;
            _y -= style.LineHeight;
            _pages[^1].Add(new LineOp(Left + indent + 2, top, Left + indent + 2, _y, 2.5, rule));
            if (line.Length > 0) _pages[^1].Add(new TextOp(Left + indent + 12, _y + (style.LineHeight - style.Size) * 0.6, line, style));
        }
    }

    /// <summary>One line with text on the left and more on the right, joined by dots (a table-of-contents row). Links to <paramref name="mark"/>.</summary>
    public void Leader(string left, string right, TextStyle style, double indent, string? mark)
    {
        var rightWidth = PdfFonts.Of(style.Bold).Width(right, style.Size);
        const double numberColumn = 36;
        var lines = Wrap(left, style, ContentWidth - indent - numberColumn - 8);
        for (var i = 0; i < lines.Count; i++)
        {
            if (_y - style.LineHeight < Bottom) NewPage();
            _y -= style.LineHeight;
            var baseline = _y + (style.LineHeight - style.Size) * 0.6;
            _pages[^1].Add(new TextOp(Left + indent, baseline, lines[i], style));
            if (i == lines.Count - 1)
            {
                var textEnd = Left + indent + PdfFonts.Of(style.Bold).Width(lines[i], style.Size) + 4;
                var numberStart = Left + ContentWidth - rightWidth;
                var dot = PdfFonts.Of(false).Width(".", style.Size);
                var dots = (int)Math.Max(0, (numberStart - 4 - textEnd) / dot);
                if (dots > 2) _pages[^1].Add(new TextOp(numberStart - 4 - dots * dot, baseline, new string('.', dots), style with { Bold = false, Color = Rgb.Muted }));
                _pages[^1].Add(new TextOp(numberStart, baseline, right, style));
                if (mark is not null) _pages[^1].Add(new LinkOp(new PdfRectangle(Left + indent, _y, Left + ContentWidth, _y + style.LineHeight), null, mark));
            }
        }
    }

    public void Rule(Rgb color, double width = 0.8)
    {
        Space(4);
        _pages[^1].Add(new LineOp(Left, _y, Left + ContentWidth, _y, width, color));
        Space(6);
    }

    /// <summary>A PNG at the current position (right-aligned when asked), with an optional link over it.</summary>
    public void Image(byte[] png, double size, bool alignRight = false, string? url = null)
    {
        KeepTogether(size);
        var x = alignRight ? Left + ContentWidth - size : Left;
        var area = new PdfRectangle(x, _y - size, x + size, _y);
        _pages[^1].Add(new ImageOp(png, area));
        if (url is not null) _pages[^1].Add(new LinkOp(area, url, null));
        _y -= size;
    }

    /// <summary>
    /// A picture (PNG, or JPEG when <paramref name="jpeg"/>) of <paramref name="widthPx"/> × <paramref name="heightPx"/> pixels
    /// in the flow: at 96 pixels to the inch, but never wider than the column from <paramref name="indent"/> nor taller than
    /// <paramref name="maxHeight"/>, keeping its proportions, and moved to the next page whole when it does not fit.
    /// </summary>
    public void Picture(byte[] bytes, bool jpeg, int widthPx, int heightPx, double indent, double maxHeight)
    {
        var width = widthPx * 0.75;
        var height = heightPx * 0.75;
        var scale = Math.Min(1, Math.Min((ContentWidth - indent) / width, maxHeight / height));
        width *= scale;
        height *= scale;
        Space(3);
        KeepTogether(height);
        var area = new PdfRectangle(Left + indent, _y - height, Left + indent + width, _y);
        _pages[^1].Add(new ImageOp(bytes, area, jpeg));
        _y -= height;
        Space(3);
    }

    /// <summary>Whether PdfPig can embed these bytes as a picture (its PNG reader does not take every PNG there is).</summary>
    public static bool CanEmbed(byte[] bytes, bool jpeg)
    {
        try
        {
            using var builder = new PdfDocumentBuilder();
            var page = builder.AddPage(10, 10);
            var area = new PdfRectangle(0, 0, 10, 10);
            if (jpeg) page.AddJpeg(bytes, area);
            else page.AddPng(bytes, area);
            builder.Build();
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    /// <summary>A PNG at an exact place on the current page, outside the flow, with an optional link over it.</summary>
    public void ImageAt(byte[] png, PdfRectangle area, string? url = null)
    {
        _pages[^1].Add(new ImageOp(png, area));
        if (url is not null) _pages[^1].Add(new LinkOp(area, url, null));
    }

    /// <summary>Text placed at an exact position on the current page, outside the flow (for the poster's QR caption).</summary>
    public void TextAt(double x, double y, string text, TextStyle style) => _pages[^1].Add(new TextOp(x, y, text, style));

    public int WrapCount(string text, TextStyle style, double width) => Wrap(text, style, width).Count;

    /// <summary>Greedy word wrap on measured widths; a word longer than the line is cut where it overflows.</summary>
    public static List<string> Wrap(string text, TextStyle style, double width)
    {
        var face = PdfFonts.Of(style.Bold);
        var lines = new List<string>();
        foreach (var raw in face.Drawable(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd()).Split('\n'))
        {
            var words = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) { lines.Add(""); continue; }
            var line = "";
            var lineWidth = 0.0;
            var space = face.Width(" ", style.Size);
            foreach (var word in words)
            {
                var wordWidth = face.Width(word, style.Size);
                if (line.Length == 0 ? wordWidth <= width : lineWidth + space + wordWidth <= width)
                {
                    lineWidth = line.Length == 0 ? wordWidth : lineWidth + space + wordWidth;
                    line = line.Length == 0 ? word : line + " " + word;
                    continue;
                }
                if (line.Length > 0) lines.Add(line);
                line = word;
                lineWidth = wordWidth;
                while (lineWidth > width && line.Length > 1)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && face.Width(line.AsSpan(0, cut), style.Size) > width) cut--;
                    lines.Add(line[..cut]);
                    line = line[cut..];
                    lineWidth = face.Width(line, style.Size);
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>
    /// Draws everything laid out. <paramref name="footer"/> gets the 1-based page number and the page count and returns the
    /// footer text (null for none). Text is written with the embedded fonts and a ToUnicode map, so it can be searched and copied.
    /// </summary>
    public byte[] Render(string title, string? author, Func<int, int, string?> footer)
    {
        using var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = title;
        builder.DocumentInformation.Author = author;
        builder.DocumentInformation.Creator = "Pauta";
        builder.DocumentInformation.Producer = "Pauta";
        var fonts = new FontPool(builder);
        var footerStyle = new TextStyle(8.5, false, Rgb.Muted);

        for (var i = 0; i < _pages.Count; i++)
        {
            var page = builder.AddPage(PageWidth, PageHeight);
            foreach (var op in _pages[i])
            {
                switch (op)
                {
                    case TextOp t:
                        page.SetTextAndFillColor(t.Style.Color.R, t.Style.Color.G, t.Style.Color.B);
                        var drawable = PdfFonts.Of(t.Style.Bold).Drawable(t.Text);
                        page.AddText(drawable, t.Style.Size, new PdfPoint(t.X, t.Y), fonts.For(t.Style.Bold, drawable));
                        page.ResetColor();
                        break;
                    case LineOp l:
                        page.SetStrokeColor(l.Color.R, l.Color.G, l.Color.B);
                        page.DrawLine(new PdfPoint(l.X1, l.Y1), new PdfPoint(l.X2, l.Y2), l.Width);
                        page.ResetColor();
                        break;
                    case ImageOp { Jpeg: true } image:
                        page.AddJpeg(image.Png, image.Area);
                        break;
                    case ImageOp image:
                        page.AddPng(image.Png, image.Area);
                        break;
                    case LinkOp { Url: { } url } link:
                        page.AddLink(new LinkAnnotation(new UriAction(url), link.Area, NoBorder));
                        break;
                    case LinkOp { Mark: { } mark } link when _marks.ContainsKey(mark):
                        page.AddLink(new LinkAnnotation(new GoToAction(Destination(PageOf(mark))), link.Area, NoBorder));
                        break;
                    case LinkOp:
                        break;
                    default:
                        throw new InvalidOperationException($"Unknown layout operation {op.GetType().Name}.");
                }
            }
            if (footer(i + 1, _pages.Count) is { Length: > 0 } text)
            {
                var x = (PageWidth - PdfFonts.Regular.Width(text, footerStyle.Size)) / 2;
                page.SetTextAndFillColor(footerStyle.Color.R, footerStyle.Color.G, footerStyle.Color.B);
                var drawable = PdfFonts.Regular.Drawable(text);
                page.AddText(drawable, footerStyle.Size, new PdfPoint(x, Margin - 24), fonts.For(false, drawable));
                page.ResetColor();
            }
        }

        if (_outline.Count > 0)
            builder.Bookmarks = new Bookmarks(Outline(0, _outline.Count, 0));
        return builder.Build();
    }

    /// <summary>Links are invisible: the text already looks like what it is, and viewers would draw a box otherwise.</summary>
    private static readonly AnnotationBorder NoBorder = new(0, 0, 0, null);

    private static ExplicitDestination Destination(int page) =>
        new(page, ExplicitDestinationType.FitPage, ExplicitDestinationCoordinates.Empty);

    /// <summary>Outline entries from [start, end) at <paramref name="level"/>, each with the deeper entries that follow it.</summary>
    private List<BookmarkNode> Outline(int start, int end, int level)
    {
        var nodes = new List<BookmarkNode>();
        var i = start;
        while (i < end)
        {
            var (title, entryLevel, mark) = _outline[i];
            var next = i + 1;
            while (next < end && _outline[next].Level > entryLevel) next++;
            nodes.Add(new DocumentBookmarkNode(title, level, Destination(PageOf(mark)), Outline(i + 1, next, level + 1)));
            i = next;
        }
        return nodes;
    }

    /// <summary>
    /// PdfPig writes each embedded TrueType font as a simple font of at most 255 distinct characters. A long manual in
    /// any language stays well below that, but text with many symbols could pass it, so another copy of the face is
    /// added when one fills up (each is subset to the characters it draws).
    /// </summary>
    private sealed class FontPool(PdfDocumentBuilder builder)
    {
        private const int Capacity = 250;
        private readonly Dictionary<bool, List<(PdfDocumentBuilder.AddedFont Font, HashSet<char> Chars)>> _fonts = new() { [false] = [], [true] = [] };

        public PdfDocumentBuilder.AddedFont For(bool bold, string text)
        {
            var needed = text.ToHashSet();
            var list = _fonts[bold];
            foreach (var (font, chars) in list)
            {
                if (chars.Count + needed.Count(c => !chars.Contains(c)) > Capacity) continue;
                chars.UnionWith(needed);
                return font;
            }
            var added = builder.AddTrueTypeFont(PdfFonts.Of(bold).Bytes);
            list.Add((added, needed));
            return added;
        }
    }
}
