using System.Text;
using Pauta.Core.Protocols;
using Pauta.Tests.Shared;

namespace Pauta.Core.Tests.Protocols;

public class ImageSnifferTests
{
    private static SniffedImage Accepted(byte[] bytes)
    {
        var result = ImageSniffer.Sniff(bytes);
        result.ProblemCode.ShouldBeNull();
        return result.Image.ShouldNotBeNull();
    }

    private static void Refused(byte[] bytes, string code) => ImageSniffer.Sniff(bytes).ShouldBe(SniffResult.Refused(code));

    [Fact]
    public void A_png_is_recognised_with_the_size_its_header_gives()
    {
        Accepted(TestImages.Png(37, 21)).ShouldBe(new SniffedImage(ImageKind.Png, 37, 21));
        Accepted(TestImages.Png(37, 21)).ContentType.ShouldBe("image/png");
    }

    [Fact]
    public void An_interlaced_png_is_recognised_too()
    {
        Accepted(TestImages.Png(13, 9, interlaced: true)).ShouldBe(new SniffedImage(ImageKind.Png, 13, 9));
        Accepted(TestImages.Png(1, 1, interlaced: true)).ShouldBe(new SniffedImage(ImageKind.Png, 1, 1));
    }

    [Fact]
    public void A_jpeg_is_recognised_with_the_size_of_its_frame_header()
    {
        Accepted(TestImages.Jpeg(640, 480)).ShouldBe(new SniffedImage(ImageKind.Jpeg, 640, 480));
        Accepted(TestImages.Jpeg(640, 480)).ContentType.ShouldBe("image/jpeg");
    }

    [Fact]
    public void A_gif_is_recognised_with_its_screen_size()
    {
        Accepted(TestImages.Gif(300, 200)).ShouldBe(new SniffedImage(ImageKind.Gif, 300, 200));
        Accepted(TestImages.Gif(300, 200)).ContentType.ShouldBe("image/gif");
    }

    [Fact]
    public void Webp_is_recognised_lossless_lossy_and_extended()
    {
        Accepted(TestImages.WebP(1024, 768)).ShouldBe(new SniffedImage(ImageKind.WebP, 1024, 768));
        Accepted(TestImages.WebPLossy(800, 600)).ShouldBe(new SniffedImage(ImageKind.WebP, 800, 600));
        Accepted(TestImages.WebPExtended(500, 400)).ShouldBe(new SniffedImage(ImageKind.WebP, 500, 400));
        Accepted(TestImages.WebP(2, 2)).ContentType.ShouldBe("image/webp");
    }

    [Fact]
    public void Svg_is_refused_as_svg_whatever_it_starts_with()
    {
        Refused(Encoding.UTF8.GetBytes(TestImages.Svg), ImageSniffer.Svg);
        Refused(Encoding.UTF8.GetBytes("  \n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), ImageSniffer.Svg);
        Refused([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("<!DOCTYPE svg><svg/>")], ImageSniffer.Svg);
    }

    [Theory]
    [InlineData(TestImages.Html)]
    [InlineData("GIF8")]
    [InlineData("%PDF-1.7")]
    [InlineData("hello")]
    public void Anything_else_is_not_an_image(string text) => Refused(Encoding.UTF8.GetBytes(text), ImageSniffer.NotAnImage);

    [Fact]
    public void Html_after_a_png_signature_is_not_a_png()
    {
        Refused([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Encoding.UTF8.GetBytes(TestImages.Html)], ImageSniffer.BadHeader);
    }

    [Fact]
    public void Nothing_is_empty_and_more_than_two_megabytes_is_too_large()
    {
        Refused([], ImageSniffer.Empty);
        var big = new byte[ImageSniffer.MaxBytes + 1];
        TestImages.Png(10, 10).CopyTo(big, 0);
        Refused(big, ImageSniffer.TooLarge);
    }

    [Fact]
    public void A_png_header_with_a_broken_checksum_lies()
    {
        Refused(TestImages.PngWith(10, 10, TestImages.RgbRows(10, 10), breakHeaderCrc: true), ImageSniffer.BadHeader);
    }

    [Fact]
    public void A_png_whose_header_declares_more_or_fewer_pixels_than_its_data_holds_lies()
    {
        Refused(TestImages.PngWith(4000, 4000, TestImages.RgbRows(10, 10)), ImageSniffer.BadHeader);
        Refused(TestImages.PngWith(10, 10, TestImages.RgbRows(100, 100)), ImageSniffer.BadHeader);
        Refused(TestImages.PngWith(10, 10, [1, 2, 3, 4]), ImageSniffer.BadHeader);
        // A palette image with no palette depth that fits: colour type 5 does not exist.
        Refused(TestImages.PngWith(10, 10, TestImages.RgbRows(10, 10), colourType: 5), ImageSniffer.BadHeader);
    }

    [Fact]
    public void A_png_of_zero_or_absurd_size_is_refused()
    {
        Refused(TestImages.PngWith(0, 10, TestImages.RgbRows(1, 10)), ImageSniffer.NoSize);
        Refused(TestImages.PngWith(10, 0, TestImages.RgbRows(10, 1)), ImageSniffer.NoSize);
        Refused(TestImages.PngWith(8001, 1, TestImages.RgbRows(8001, 1)), ImageSniffer.TooManyPixels);
        Refused(TestImages.PngWith(1, 100_000, []), ImageSniffer.TooManyPixels);
        Accepted(TestImages.Png(8000, 1)).Width.ShouldBe(8000);
    }

    [Fact]
    public void A_jpeg_whose_frame_header_has_the_wrong_length_lies()
    {
        Refused(TestImages.Jpeg(10, 10, frameLength: 11), ImageSniffer.BadHeader);
    }

    [Fact]
    public void A_jpeg_of_zero_or_absurd_size_is_refused()
    {
        Refused(TestImages.Jpeg(10, 0), ImageSniffer.NoSize);
        Refused(TestImages.Jpeg(9000, 10), ImageSniffer.TooManyPixels);
    }

    [Fact]
    public void A_gif_frame_outside_its_screen_lies_and_a_zero_screen_has_no_size()
    {
        Refused(TestImages.Gif(10, 10, frameWidth: 20), ImageSniffer.BadHeader);
        Refused(TestImages.Gif(0, 10, frameWidth: 1), ImageSniffer.NoSize);
        Refused(TestImages.Gif(8500, 10), ImageSniffer.TooManyPixels);
    }

    [Fact]
    public void A_webp_that_claims_more_bytes_than_it_has_is_truncated_and_one_larger_than_its_canvas_lies()
    {
        Refused(TestImages.WebP(10, 10, riffSlack: 100), ImageSniffer.Truncated);
        Refused(TestImages.WebPExtended(10, 10, imageWidth: 20), ImageSniffer.BadHeader);
        Refused(TestImages.WebP(8192, 10), ImageSniffer.TooManyPixels);
    }

    public static TheoryData<string, byte[]> GoodImages() => new()
    {
        { "png", TestImages.Png(9, 7) },
        { "interlaced png", TestImages.Png(9, 7, interlaced: true) },
        { "jpeg", TestImages.Jpeg(9, 7) },
        { "gif", TestImages.Gif(9, 7) },
        { "webp", TestImages.WebP(9, 7) },
        { "lossy webp", TestImages.WebPLossy(9, 7) },
        { "extended webp", TestImages.WebPExtended(9, 7) },
    };

    [Theory]
    [MemberData(nameof(GoodImages))]
    public void Every_file_cut_short_is_refused_and_none_throws(string kind, byte[] image)
    {
        Accepted(image);
        for (var length = 1; length < image.Length; length++)
        {
            var result = ImageSniffer.Sniff(image.AsSpan(0, length));
            result.IsImage.ShouldBeFalse($"{kind} cut to {length} of {image.Length} bytes");
        }
    }

    [Theory]
    [MemberData(nameof(GoodImages))]
    public void Flipped_bytes_never_throw_and_never_give_an_absurd_size(string kind, byte[] image)
    {
        var random = new Random(kind.Length * 7919);
        for (var i = 0; i < 2000; i++)
        {
            var copy = (byte[])image.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--) copy[random.Next(copy.Length)] = (byte)random.Next(256);
            var result = ImageSniffer.Sniff(copy);
            if (result.Image is { } found)
            {
                found.Width.ShouldBeInRange(1, ImageSniffer.MaxSide, kind);
                found.Height.ShouldBeInRange(1, ImageSniffer.MaxSide, kind);
            }
            else
            {
                ImageSniffer.Codes.ShouldContain(result.ProblemCode!);
            }
        }
    }
}
