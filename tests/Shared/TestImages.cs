using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Pauta.Tests.Shared;

/// <summary>
/// Small images written byte by byte, so the tests know exactly what each header says: real PNGs (any size, real pixel
/// data), and JPEG, GIF and WebP files whose headers are well formed around a token of compressed data.
/// </summary>
public static class TestImages
{
    /// <summary>An 8-bit RGB PNG of the given size, a gradient so two sizes never share bytes; <paramref name="seed"/> varies the pixels.</summary>
    public static byte[] Png(int width, int height, int seed = 0, bool interlaced = false)
    {
        var raw = new MemoryStream();
        void Row(int w, int y)
        {
            raw.WriteByte(0);
            for (var x = 0; x < w; x++)
            {
                raw.WriteByte((byte)(x * 7 + seed));
                raw.WriteByte((byte)(y * 5 + seed * 3));
                raw.WriteByte((byte)(128 + seed));
            }
        }
        if (!interlaced)
        {
            for (var y = 0; y < height; y++) Row(width, y);
        }
        else
        {
            (int X0, int Y0, int Dx, int Dy)[] passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];
            foreach (var (x0, y0, dx, dy) in passes)
            {
                var w = width <= x0 ? 0 : (width - x0 + dx - 1) / dx;
                var h = height <= y0 ? 0 : (height - y0 + dy - 1) / dy;
                if (w == 0) continue;
                for (var y = 0; y < h; y++) Row(w, y);
            }
        }
        return PngWith(width, height, Deflate(raw.ToArray()), interlaced: interlaced);
    }

    /// <summary>A PNG whose header says <paramref name="width"/> × <paramref name="height"/> around the given compressed data.</summary>
    public static byte[] PngWith(int width, int height, byte[] idat, bool breakHeaderCrc = false, bool interlaced = false, byte colourType = 2)
    {
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = colourType;
        header[12] = (byte)(interlaced ? 1 : 0);
        Chunk(png, "IHDR", header, breakHeaderCrc);
        Chunk(png, "IDAT", idat);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>The zlib-compressed pixel rows of an RGB image of this size (for building PNGs whose header lies).</summary>
    public static byte[] RgbRows(int width, int height) => Deflate(new byte[height * (1 + width * 3)]);

    public static byte[] Deflate(byte[] raw)
    {
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) z.Write(raw);
        return compressed.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data, bool breakCrc = false)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32([.. typeBytes, .. data]) ^ (breakCrc ? 1u : 0u));
        png.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return crc ^ 0xFFFFFFFFu;
    }

    /// <summary>
    /// A baseline JPEG's structure: SOI, JFIF, a frame header of this size with three components, a scan header, a token of
    /// scan data and EOI. <paramref name="frameLength"/> overrides the frame header's length field (to make it lie).
    /// </summary>
    public static byte[] Jpeg(int width, int height, int? frameLength = null, bool withEnd = true, int seed = 0)
    {
        var j = new MemoryStream();
        j.Write([0xFF, 0xD8]);
        j.Write([0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
        var length = frameLength ?? 17;
        j.Write([0xFF, 0xC0, (byte)(length >> 8), (byte)length, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03,
            0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
        j.Write([0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00]);
        j.Write([0x12, 0x34, (byte)seed, 0x56, 0x78, 0xFF, 0x00, 0x9A]);
        if (withEnd) j.Write([0xFF, 0xD9]);
        return j.ToArray();
    }

    /// <summary>A one-frame GIF89a of this size with a two-colour table; the frame may be placed or sized to lie outside the screen.</summary>
    public static byte[] Gif(int width, int height, int? frameWidth = null, bool withTrailer = true)
    {
        var g = new MemoryStream();
        g.Write("GIF89a"u8);
        g.Write([(byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0x80, 0x00, 0x00]);
        g.Write([0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00]);
        var fw = frameWidth ?? width;
        g.Write([0x2C, 0x00, 0x00, 0x00, 0x00, (byte)fw, (byte)(fw >> 8), (byte)height, (byte)(height >> 8), 0x00]);
        g.Write([0x02, 0x02, 0x44, 0x01, 0x00]);
        if (withTrailer) g.WriteByte(0x3B);
        return g.ToArray();
    }

    /// <summary>A lossless WebP (VP8L) of this size; <paramref name="riffSlack"/> makes the RIFF size claim more bytes than there are.</summary>
    public static byte[] WebP(int width, int height, int riffSlack = 0)
    {
        var bits = (uint)(width - 1) | (uint)(height - 1) << 14;
        byte[] body = [0x2F, (byte)bits, (byte)(bits >> 8), (byte)(bits >> 16), (byte)(bits >> 24), 0x00, 0x00, 0x00];
        return Riff([.. "VP8L"u8, .. Le32(body.Length), .. body], riffSlack);
    }

    /// <summary>A lossy WebP (VP8 key frame) of this size.</summary>
    public static byte[] WebPLossy(int width, int height)
    {
        byte[] body = [0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A, (byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0x00, 0x00];
        return Riff([.. "VP8 "u8, .. Le32(body.Length), .. body], 0);
    }

    /// <summary>An extended WebP (VP8X) whose canvas is this size, holding a lossless image of <paramref name="imageWidth"/>.</summary>
    public static byte[] WebPExtended(int width, int height, int? imageWidth = null)
    {
        int cw = width - 1, ch = height - 1;
        byte[] vp8x = [0x00, 0x00, 0x00, 0x00, (byte)cw, (byte)(cw >> 8), (byte)(cw >> 16), (byte)ch, (byte)(ch >> 8), (byte)(ch >> 16)];
        var inner = WebP(imageWidth ?? width, height)[12..];
        return Riff([.. "VP8X"u8, .. Le32(vp8x.Length), .. vp8x, .. inner], 0);
    }

    private static byte[] Riff(byte[] chunks, int slack) => [.. "RIFF"u8, .. Le32(4 + chunks.Length + slack), .. "WEBP"u8, .. chunks];

    private static byte[] Le32(int value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        return b;
    }

    public const string Svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>";

    public const string Html = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>";
}
