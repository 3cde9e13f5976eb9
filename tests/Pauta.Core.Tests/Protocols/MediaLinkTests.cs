using Pauta.Core.Protocols;

namespace Pauta.Core.Tests.Protocols;

public class MediaLinkTests
{
    [Theory]
    [InlineData("/img/saludo.png", "/img/saludo.png")]
    [InlineData("  /img/saludo.png ", "/img/saludo.png")]
    [InlineData("/", "/")]
    [InlineData("https://img.example/saludo.png", "https://img.example/saludo.png")]
    public void Web_links_and_local_paths_are_kept(string address, string expected)
    {
        MediaLink.Safe(address).ShouldBe(expected);
    }

    [Theory]
    [InlineData("/\\evil.example/x.png")] // a browser reads /\ as //: another site
    [InlineData("\\\\evil.example/x.png")]
    [InlineData("//evil.example/x.png")]
    [InlineData("/\t/evil.example/x.png")] // browsers drop tabs and line breaks inside an address
    [InlineData("/\n/evil.example/x.png")]
    [InlineData("/img/a\tb.png")]
    [InlineData("https://img.example/\\x.png")]
    [InlineData("https://img.example/\r\nx.png")]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:image/png;base64,AAAA")]
    [InlineData("img/relative.png")]
    [InlineData("ftp://files.example/x.png")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Anything_a_browser_could_read_as_another_site_or_a_script_is_not_a_link(string? address)
    {
        MediaLink.Safe(address).ShouldBeNull();
    }

    [Fact]
    public void Only_a_path_is_local()
    {
        MediaLink.IsLocal("/img/a.png").ShouldBeTrue();
        MediaLink.IsLocal("https://img.example/a.png").ShouldBeFalse();
    }
}
