using System.Buffers.Binary;
using System.IO.Compression;

namespace Pauta.Core.Protocols;

/// <summary>The image formats a step may carry.</summary>
public enum ImageKind
{
    Png,
    Jpeg,
    WebP,
    Gif,
}

/// <summary>An image whose bytes were read and found to be what they claim.</summary>
public sealed record SniffedImage(ImageKind Kind, int Width, int Height)
{
    public string ContentType => ImageSniffer.ContentTypeOf(Kind);
}

/// <summary>The answer of <see cref="ImageSniffer.Sniff"/>: an image, or the resource key of why the bytes are refused.</summary>
public sealed record SniffResult(SniffedImage? Image, string? ProblemCode)
{
    public bool IsImage => Image is not null;
    public static SniffResult Of(ImageKind kind, int width, int height) => new(new SniffedImage(kind, width, height), null);
    public static SniffResult Refused(string code) => new(null, code);
}

/// <summary>
/// Decides what an uploaded file is from its bytes alone (never its name or declared type): PNG, JPEG, WebP or GIF, with
/// the width and height read from the format's own header. Everything else is refused, and so is an image whose header
/// lies (a broken PNG header checksum, a JPEG frame header of the wrong length, a GIF frame outside its screen, a PNG whose
/// pixel data is not the size its header declares), a file cut short, and zero or absurd dimensions.
/// <para>
/// SVG is refused on purpose: it is a document that can carry scripts and links, not a picture. Pure: bytes in, answer out.
/// </para>
/// </summary>
public static class ImageSniffer
{
    /// <summary>The largest file accepted, in bytes (2 MB).</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    /// <summary>The largest width or height accepted, in pixels.</summary>
    public const int MaxSide = 8000;

    public const string Empty = "Media.Empty";
    public const string TooLarge = "Media.TooLarge";
    public const string Svg = "Media.Svg";
    public const string NotAnImage = "Media.NotAnImage";
    public const string Truncated = "Media.Truncated";
    public const string BadHeader = "Media.BadHeader";
    public const string NoSize = "Media.NoSize";
    public const string TooManyPixels = "Media.TooManyPixels";

    /// <summary>Every problem code, for the tests that check each has a message.</summary>
    public static readonly IReadOnlyList<string> Codes = [Empty, TooLarge, Svg, NotAnImage, Truncated, BadHeader, NoSize, TooManyPixels];

    public static string ContentTypeOf(ImageKind kind) => kind switch
    {
        ImageKind.Png => "image/png",
        ImageKind.Jpeg => "image/jpeg",
        ImageKind.WebP => "image/webp",
        ImageKind.Gif => "image/gif",
    };

    public static SniffResult Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return SniffResult.Refused(Empty);
        if (bytes.Length > MaxBytes) return SniffResult.Refused(TooLarge);
        var result =
            bytes.StartsWith(PngSignature) ? Png(bytes) :
            bytes.StartsWith(JpegStart) ? Jpeg(bytes) :
            bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8) ? Gif(bytes) :
            bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? WebP(bytes) :
            LooksLikeSvg(bytes) ? SniffResult.Refused(Svg) :
            SniffResult.Refused(NotAnImage);
        if (result.Image is { } image)
        {
            if (image.Width <= 0 || image.Height <= 0) return SniffResult.Refused(NoSize);
            if (image.Width > MaxSide || image.Height > MaxSide) return SniffResult.Refused(TooManyPixels);
        }
        return result;
    }

    // ------------------------------------------------------------------ PNG

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static SniffResult Png(ReadOnlySpan<byte> b)
    {
        // IHDR must come first, 13 bytes long, with a checksum that matches.
        if (b.Length < 8 + 25) return SniffResult.Refused(Truncated);
        if (BinaryPrimitives.ReadUInt32BigEndian(b[8..]) != 13 || !b[12..16].SequenceEqual("IHDR"u8)) return SniffResult.Refused(BadHeader);
        if (Crc32(b[12..29]) != BinaryPrimitives.ReadUInt32BigEndian(b[29..])) return SniffResult.Refused(BadHeader);
        var width = BinaryPrimitives.ReadUInt32BigEndian(b[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(b[20..]);
        int depth = b[24], colour = b[25], compression = b[26], filter = b[27], interlace = b[28];
        var channels = colour switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
        var depthFits = colour switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            _ => depth is 8 or 16,
        };
        if (channels == 0 || !depthFits || compression != 0 || filter != 0 || interlace > 1) return SniffResult.Refused(BadHeader);
        if (width == 0 || height == 0) return SniffResult.Refused(NoSize);
        if (width > MaxSide || height > MaxSide) return SniffResult.Refused(TooManyPixels);

        // Walk every chunk to IEND: each must fit in the file with a matching checksum; the image data is gathered.
        var data = new MemoryStream();
        var at = 33;
        var ended = false;
        while (!ended)
        {
            if (at + 12 > b.Length) return SniffResult.Refused(Truncated);
            var length = BinaryPrimitives.ReadUInt32BigEndian(b[at..]);
            if (length > (uint)(b.Length - at - 12)) return SniffResult.Refused(Truncated);
            var type = b.Slice(at + 4, 4);
            var body = b.Slice(at + 8, (int)length);
            if (Crc32(b.Slice(at + 4, 4 + (int)length)) != BinaryPrimitives.ReadUInt32BigEndian(b[(at + 8 + (int)length)..]))
                return SniffResult.Refused(BadHeader);
            if (type.SequenceEqual("IHDR"u8)) return SniffResult.Refused(BadHeader);
            if (type.SequenceEqual("IDAT"u8)) data.Write(body);
            ended = type.SequenceEqual("IEND"u8);
            at += 12 + (int)length;
        }
        if (data.Length == 0) return SniffResult.Refused(Truncated);

        // Every chunk arrived, so the pixel data must inflate to exactly the size the header declares: more or less is a lie
        // (more may be a decompression bomb, and inflating stops one byte past the declared size).
        var expected = PngDataSize((int)width, (int)height, depth * channels, interlace == 1);
        data.Position = 0;
        long inflated;
        try
        {
            inflated = InflatedLength(data, expected + 1);
        }
        catch (InvalidDataException)
        {
            return SniffResult.Refused(BadHeader);
        }
        if (inflated != expected) return SniffResult.Refused(BadHeader);
        return SniffResult.Of(ImageKind.Png, (int)width, (int)height);
    }

    /// <summary>Bytes of filtered scanlines a PNG of this size holds: one filter byte per row, plus the packed pixels.</summary>
    private static long PngDataSize(int width, int height, int bitsPerPixel, bool interlaced)
    {
        static long Pass(long w, long h, int bits) => w == 0 || h == 0 ? 0 : h * (1 + (w * bits + 7) / 8);
        if (!interlaced) return Pass(width, height, bitsPerPixel);
        // Adam7: seven passes, each a smaller image starting at (x0, y0) and taking every dx-th column and dy-th row.
        ReadOnlySpan<(int X0, int Y0, int Dx, int Dy)> passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];
        long total = 0;
        foreach (var (x0, y0, dx, dy) in passes)
            total += Pass(width <= x0 ? 0 : (width - x0 + dx - 1) / dx, height <= y0 ? 0 : (height - y0 + dy - 1) / dy, bitsPerPixel);
        return total;
    }

    /// <summary>How many bytes the zlib stream inflates to, counting no further than <paramref name="cap"/>.</summary>
    private static long InflatedLength(Stream compressed, long cap)
    {
        using var z = new ZLibStream(compressed, CompressionMode.Decompress);
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while (total < cap && (read = z.Read(buffer, 0, buffer.Length)) > 0) total += read;
        return total;
    }

    private static readonly uint[] CrcTable = MakeCrcTable();

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var x in bytes) crc = CrcTable[(crc ^ x) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }

    // ------------------------------------------------------------------ JPEG

    private static ReadOnlySpan<byte> JpegStart => [0xFF, 0xD8, 0xFF];

    private static SniffResult Jpeg(ReadOnlySpan<byte> b)
    {
        var at = 2;
        (int Width, int Height)? frame = null;
        while (true)
        {
            if (at + 2 > b.Length) return SniffResult.Refused(Truncated);
            if (b[at] != 0xFF) return SniffResult.Refused(BadHeader);
            var marker = b[at + 1];
            if (marker == 0xFF) { at++; continue; } // fill byte
            at += 2;
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) continue; // markers without a length
            if (marker == 0xD9) return SniffResult.Refused(frame is null ? BadHeader : Truncated); // end before any scan
            if (at + 2 > b.Length) return SniffResult.Refused(Truncated);
            var length = BinaryPrimitives.ReadUInt16BigEndian(b[at..]);
            if (length < 2) return SniffResult.Refused(BadHeader);
            if (at + length > b.Length) return SniffResult.Refused(Truncated);
            var segment = b.Slice(at + 2, length - 2);
            if (marker is (>= 0xC0 and <= 0xC3) or (>= 0xC5 and <= 0xC7) or (>= 0xC9 and <= 0xCB) or (>= 0xCD and <= 0xCF))
            {
                // A frame header: precision, height, width, then three bytes per component, and its length must say exactly that.
                if (frame is not null || segment.Length < 6) return SniffResult.Refused(BadHeader);
                var components = segment[5];
                if (components is 0 or > 4 || segment.Length != 6 + 3 * components) return SniffResult.Refused(BadHeader);
                frame = (BinaryPrimitives.ReadUInt16BigEndian(segment[3..]), BinaryPrimitives.ReadUInt16BigEndian(segment[1..]));
            }
            at += length;
            if (marker == 0xDA)
            {
                // The compressed data follows the scan header; the file must still reach its end-of-image marker.
                if (frame is not { } f) return SniffResult.Refused(BadHeader);
                var rest = b[at..];
                return rest.IndexOf([(byte)0xFF, (byte)0xD9]) < 0 ? SniffResult.Refused(Truncated) : SniffResult.Of(ImageKind.Jpeg, f.Width, f.Height);
            }
        }
    }

    // ------------------------------------------------------------------ GIF

    private static SniffResult Gif(ReadOnlySpan<byte> b)
    {
        if (b.Length < 13) return SniffResult.Refused(Truncated);
        int width = BinaryPrimitives.ReadUInt16LittleEndian(b[6..]), height = BinaryPrimitives.ReadUInt16LittleEndian(b[8..]);
        var at = 13 + ColourTableSize(b[10]);
        var frames = 0;
        while (true)
        {
            if (at >= b.Length) return SniffResult.Refused(Truncated);
            switch (b[at])
            {
                case 0x3B: // trailer
                    return frames == 0 ? SniffResult.Refused(Truncated) : SniffResult.Of(ImageKind.Gif, width, height);
                case 0x21: // extension: label, then sub-blocks
                    at += 2;
                    if (!SkipSubBlocks(b, ref at)) return SniffResult.Refused(Truncated);
                    break;
                case 0x2C: // image: a frame that must lie inside the logical screen
                    if (at + 10 > b.Length) return SniffResult.Refused(Truncated);
                    int left = BinaryPrimitives.ReadUInt16LittleEndian(b[(at + 1)..]), top = BinaryPrimitives.ReadUInt16LittleEndian(b[(at + 3)..]);
                    int w = BinaryPrimitives.ReadUInt16LittleEndian(b[(at + 5)..]), h = BinaryPrimitives.ReadUInt16LittleEndian(b[(at + 7)..]);
                    if (w == 0 || h == 0 || left + w > width || top + h > height) return SniffResult.Refused(width == 0 || height == 0 ? NoSize : BadHeader);
                    at += 10 + ColourTableSize(b[at + 9]) + 1; // + the LZW minimum code size
                    if (!SkipSubBlocks(b, ref at)) return SniffResult.Refused(Truncated);
                    frames++;
                    break;
                default:
                    return SniffResult.Refused(BadHeader);
            }
        }
    }

    private static int ColourTableSize(byte flags) => (flags & 0x80) == 0 ? 0 : 3 * (1 << ((flags & 0x07) + 1));

    private static bool SkipSubBlocks(ReadOnlySpan<byte> b, ref int at)
    {
        while (true)
        {
            if (at >= b.Length) return false;
            var size = b[at];
            at += 1 + size;
            if (size == 0) return at <= b.Length;
        }
    }

    // ------------------------------------------------------------------ WebP

    private static SniffResult WebP(ReadOnlySpan<byte> b)
    {
        var riff = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]);
        if (riff + 8L > b.Length) return SniffResult.Refused(Truncated);
        if (riff + 8L < b.Length || riff < 4) return SniffResult.Refused(BadHeader);
        (int W, int H)? canvas = null, image = null;
        var at = 12;
        while (at < b.Length)
        {
            if (at + 8 > b.Length) return SniffResult.Refused(Truncated);
            var type = b.Slice(at, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(b[(at + 4)..]);
            if (size > (uint)(b.Length - at - 8)) return SniffResult.Refused(Truncated);
            var body = b.Slice(at + 8, (int)size);
            if (type.SequenceEqual("VP8X"u8))
            {
                if (at != 12 || body.Length < 10) return SniffResult.Refused(BadHeader);
                canvas = (1 + (body[4] | body[5] << 8 | body[6] << 16), 1 + (body[7] | body[8] << 8 | body[9] << 16));
            }
            else if (type.SequenceEqual("VP8 "u8) && image is null)
            {
                // A lossy key frame: a 3-byte frame tag, the start code, then 14-bit width and height.
                if (body.Length < 10 || body[3] != 0x9D || body[4] != 0x01 || body[5] != 0x2A || (body[0] & 1) != 0) return SniffResult.Refused(BadHeader);
                image = (BinaryPrimitives.ReadUInt16LittleEndian(body[6..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(body[8..]) & 0x3FFF);
            }
            else if (type.SequenceEqual("VP8L"u8) && image is null)
            {
                // Lossless: a signature byte, then width - 1 and height - 1 in 14 bits each.
                if (body.Length < 5 || body[0] != 0x2F) return SniffResult.Refused(BadHeader);
                var bits = BinaryPrimitives.ReadUInt32LittleEndian(body[1..]);
                image = ((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
            }
            else if (type.SequenceEqual("ANMF"u8) && image is null)
            {
                image = canvas; // an animation's frames are checked by the browser; its size is the canvas's
            }
            at += 8 + (int)size + (int)(size & 1);
        }
        if (at > b.Length + 1) return SniffResult.Refused(Truncated);
        if (image is not { } i) return SniffResult.Refused(canvas is null ? BadHeader : Truncated);
        if (canvas is { } c && (i.W > c.W || i.H > c.H)) return SniffResult.Refused(BadHeader);
        var (width, height) = canvas ?? i;
        return SniffResult.Of(ImageKind.WebP, width, height);
    }

    // ------------------------------------------------------------------ what is not an image

    /// <summary>Text that opens with an XML declaration, a doctype or an &lt;svg&gt; element near its start.</summary>
    private static bool LooksLikeSvg(ReadOnlySpan<byte> b)
    {
        var head = b[..Math.Min(b.Length, 1024)];
        if (head.StartsWith([(byte)0xEF, (byte)0xBB, (byte)0xBF])) head = head[3..];
        var text = System.Text.Encoding.UTF8.GetString(head).TrimStart();
        return text.StartsWith('<') && text.Contains("<svg", StringComparison.OrdinalIgnoreCase);
    }
}
