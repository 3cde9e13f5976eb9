using Pauta.Core.Protocols;

namespace Pauta.Core.Tests.Protocols;

public class VideoEmbedTests
{
    [Theory]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://youtube.com/watch?v=dQw4w9WgXcQ&list=PL123&index=2", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("http://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://youtu.be/dQw4w9WgXcQ?si=abc", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/shorts/a1B2c3D4e5_", "https://www.youtube-nocookie.com/embed/a1B2c3D4e5_")]
    [InlineData("https://www.youtube.com/embed/a1B2c3D4e5-", "https://www.youtube-nocookie.com/embed/a1B2c3D4e5-")]
    [InlineData("https://www.youtube.com/live/a1B2c3D4e5-", "https://www.youtube-nocookie.com/embed/a1B2c3D4e5-")]
    [InlineData("https://www.youtube-nocookie.com/embed/a1B2c3D4e5-", "https://www.youtube-nocookie.com/embed/a1B2c3D4e5-")]
    [InlineData("  https://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ  ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871")]
    [InlineData("https://www.vimeo.com/76979871", "https://player.vimeo.com/video/76979871")]
    [InlineData("https://vimeo.com/76979871/8a2b3c4d5e", "https://player.vimeo.com/video/76979871?h=8a2b3c4d5e")]
    [InlineData("https://vimeo.com/channels/staffpicks/76979871", "https://player.vimeo.com/video/76979871")]
    [InlineData("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871")]
    [InlineData("https://player.vimeo.com/video/76979871?h=8a2b3c4d5e", "https://player.vimeo.com/video/76979871?h=8a2b3c4d5e")]
    public void Videos_of_the_allowed_hosts_become_their_players_address(string url, string embed)
    {
        VideoEmbed.Parse(url).ShouldNotBeNull().EmbedUrl.ShouldBe(embed);
    }

    [Theory]
    [InlineData("https://youtu.be/dQw4w9WgXcQ?t=90", 90)]
    [InlineData("https://youtu.be/dQw4w9WgXcQ?t=90s", 90)]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s", 90)]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1h2m3s", 3723)]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ&start=45", 45)]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=0", 0)]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=soon", 0)]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30s1m", 0)]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=99999999", 0)]
    public void A_youtube_start_time_becomes_seconds_and_a_malformed_one_is_dropped(string url, int start)
    {
        var video = VideoEmbed.Parse(url).ShouldNotBeNull();
        video.StartSeconds.ShouldBe(start);
        video.EmbedUrl.ShouldBe("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" + (start > 0 ? $"?start={start}" : ""));
    }

    [Fact]
    public void A_vimeo_start_time_is_kept_in_the_fragment()
    {
        VideoEmbed.Parse("https://vimeo.com/76979871#t=1m5s").ShouldNotBeNull().EmbedUrl.ShouldBe("https://player.vimeo.com/video/76979871#t=65s");
    }

    [Theory]
    [InlineData("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ")]
    [InlineData("https://evil-youtube.com/watch?v=dQw4w9WgXcQ")]
    [InlineData("https://notyoutube.com/watch?v=dQw4w9WgXcQ")]
    [InlineData("https://youtube.com@evil.example/watch?v=dQw4w9WgXcQ")]
    [InlineData("https://evil.example@youtube.com/watch?v=dQw4w9WgXcQ")]
    [InlineData("https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ")]
    [InlineData("https://evil.example/?u=https://youtu.be/dQw4w9WgXcQ")]
    [InlineData("https://evil.example/youtu.be/dQw4w9WgXcQ")]
    [InlineData("https://vimeo.com.evil.example/76979871")]
    [InlineData("https://player.vimeo.com.evil.example/video/76979871")]
    [InlineData("https://xn--youtube-7ta.com/watch?v=dQw4w9WgXcQ")]
    [InlineData("https://youtube.com./watch?v=dQw4w9WgXcQ")]
    [InlineData("https://142.250.184.206/watch?v=dQw4w9WgXcQ")]
    [InlineData("javascript:alert(1)//https://youtu.be/dQw4w9WgXcQ")]
    [InlineData("javascript://youtu.be/dQw4w9WgXcQ%0aalert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("ftp://youtu.be/dQw4w9WgXcQ")]
    [InlineData("//youtu.be/dQw4w9WgXcQ")]
    [InlineData("/\\youtu.be/dQw4w9WgXcQ")]
    [InlineData("https://youtu.be/dQw4w9WgXcQ\"><script>")]
    [InlineData("https://you\ttu.be/dQw4w9WgXcQ")]
    [InlineData("/media/123")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Hostile_or_lookalike_addresses_are_not_embedded(string? url)
    {
        VideoEmbed.Parse(url).ShouldBeNull();
    }

    [Theory]
    [InlineData("https://www.youtube.com/watch?v=short")]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQQ")]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9W%22cQ")]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgX%2FQ")]
    [InlineData("https://www.youtube.com/watch")]
    [InlineData("https://www.youtube.com/")]
    [InlineData("https://www.youtube.com/channel/UC1234567890")]
    [InlineData("https://www.youtube.com/shorts/dQw4w9WgXcQ/extra")]
    [InlineData("https://youtu.be/")]
    [InlineData("https://youtu.be/dQw4w9WgXcQ/more")]
    [InlineData("https://vimeo.com/")]
    [InlineData("https://vimeo.com/about")]
    [InlineData("https://vimeo.com/76979871/not-a-hash")]
    [InlineData("https://vimeo.com/12345678901234")]
    [InlineData("https://player.vimeo.com/video/abc")]
    [InlineData("https://player.vimeo.com/video/76979871?h=%22onload")]
    public void Addresses_of_allowed_hosts_without_a_well_formed_video_id_are_not_embedded(string url)
    {
        VideoEmbed.Parse(url).ShouldBeNull();
    }

    [Fact]
    public void The_frame_sources_are_exactly_the_two_players()
    {
        VideoEmbed.FrameSources.ShouldBe("https://www.youtube-nocookie.com https://player.vimeo.com");
    }
}
