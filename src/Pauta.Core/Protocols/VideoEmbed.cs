using System.Globalization;

namespace Pauta.Core.Protocols;

/// <summary>The video hosts whose players a lesson may embed.</summary>
public enum VideoHost
{
    YouTube,
    Vimeo,
}

/// <summary>
/// A step's video as a player to embed: only YouTube (through its no-cookie domain) and Vimeo, the hosts the content
/// security policy lets into a frame. <see cref="Parse"/> turns what an author pasted into the player's address, or
/// answers null, and then the video is only a link that opens in a new tab.
/// <para>
/// The host must be exactly one of the known names (<c>youtube.com.evil.example</c> and <c>evil-youtube.com</c> are
/// not), with no user name or password in the address (<c>https://youtube.com@evil.example/</c>), no port, and the video
/// id must have its host's exact shape, so nothing the author wrote is copied into the player's address but the id and a
/// start time in seconds.
/// </para>
/// </summary>
public sealed record VideoEmbed(VideoHost Host, string Id, int StartSeconds, string? VimeoHash = null)
{
    public const string YouTubePlayer = "https://www.youtube-nocookie.com";
    public const string VimeoPlayer = "https://player.vimeo.com";

    /// <summary>The frame sources a page that embeds a video must allow, as a CSP source list.</summary>
    public const string FrameSources = YouTubePlayer + " " + VimeoPlayer;

    /// <summary>Starts are capped at a day: no video a protocol links to is longer.</summary>
    public const int MaxStartSeconds = 24 * 3600;

    private static readonly string[] YouTubeHosts = ["youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"];
    private static readonly string[] VimeoHosts = ["vimeo.com", "www.vimeo.com", "player.vimeo.com"];

    /// <summary>The address of the player to put in an iframe.</summary>
    public string EmbedUrl => Host switch
    {
        VideoHost.YouTube => $"{YouTubePlayer}/embed/{Id}" + (StartSeconds > 0 ? $"?start={StartSeconds.ToString(CultureInfo.InvariantCulture)}" : ""),
        VideoHost.Vimeo => $"{VimeoPlayer}/video/{Id}" + (VimeoHash is null ? "" : $"?h={VimeoHash}")
            + (StartSeconds > 0 ? $"#t={StartSeconds.ToString(CultureInfo.InvariantCulture)}s" : ""),
    };

    /// <summary>The embeddable video an address names, or null when it is not one of the allowed hosts' videos.</summary>
    public static VideoEmbed? Parse(string? address)
    {
        if (MediaLink.Safe(address) is not { } safe || MediaLink.IsLocal(safe)) return null;
        if (!Uri.TryCreate(safe, UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) return null;
        if (uri.UserInfo.Length > 0 || !uri.IsDefaultPort || uri.HostNameType != UriHostNameType.Dns) return null;
        var host = uri.IdnHost.ToLowerInvariant();
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var query = Query(uri.Query);

        if (host == "youtu.be")
            return segments.Length == 1 ? YouTube(segments[0], query) : null;
        if (YouTubeHosts.Contains(host))
        {
            if (segments is ["watch"]) return query.TryGetValue("v", out var v) ? YouTube(v, query) : null;
            if (segments is ["shorts" or "embed" or "live" or "v", var id]) return YouTube(id, query);
            return null;
        }
        if (VimeoHosts.Contains(host))
        {
            // vimeo.com/ID, vimeo.com/ID/HASH (unlisted), vimeo.com/channels/NAME/ID, player.vimeo.com/video/ID
            var start = Seconds(Fragment(uri.Fragment, "t"));
            string? id = host == "player.vimeo.com"
                ? segments is ["video", var p] ? p : null
                : segments switch
                {
                    [var only] => only,
                    [var first, var second] when IsDigits(first) && IsHash(second) => first,
                    ["channels", _, var last] => last,
                    _ => null,
                };
            if (id is null || !IsDigits(id) || id.Length > 12) return null;
            var hash = host == "player.vimeo.com" ? query.GetValueOrDefault("h")
                : segments is [_, var h] && IsHash(h) ? h : null;
            if (hash is not null && !IsHash(hash)) return null;
            return new VideoEmbed(VideoHost.Vimeo, id, start ?? 0, hash);
        }
        return null;
    }

    private static VideoEmbed? YouTube(string id, IReadOnlyDictionary<string, string> query)
    {
        if (id.Length != 11 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        var start = Seconds(query.GetValueOrDefault("t")) ?? Seconds(query.GetValueOrDefault("start"));
        return new VideoEmbed(VideoHost.YouTube, id, start ?? 0);
    }

    /// <summary>"90", "90s", "1m30s", "1h2m3s" as seconds; null when absent or not a time.</summary>
    public static int? Seconds(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 12) return null;
        if (value.All(char.IsAsciiDigit))
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var plain) && plain <= MaxStartSeconds ? plain : null;
        var total = 0;
        var number = 0;
        var digits = 0;
        var lastUnit = 4;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                number = number * 10 + (c - '0');
                if (++digits > 5) return null;
                continue;
            }
            var unit = c switch { 'h' => 3, 'm' => 2, 's' => 1, _ => 0 };
            // Units in order (h, m, s), each once, each after a number.
            if (unit == 0 || unit >= lastUnit || digits == 0) return null;
            total += number * (unit switch { 3 => 3600, 2 => 60, _ => 1 });
            lastUnit = unit;
            number = 0;
            digits = 0;
        }
        return digits > 0 || total > MaxStartSeconds ? null : total;
    }

    private static bool IsDigits(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    private static bool IsHash(string s) => s.Length is > 0 and <= 20 && s.All(char.IsAsciiHexDigit);

    private static Dictionary<string, string> Query(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            result.TryAdd(key, value);
        }
        return result;
    }

    private static string? Fragment(string fragment, string key) =>
        Query(fragment.TrimStart('#')).GetValueOrDefault(key);
}
