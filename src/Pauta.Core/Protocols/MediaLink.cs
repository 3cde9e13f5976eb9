namespace Pauta.Core.Protocols;

/// <summary>
/// Which image and video addresses written in a protocol may become links or images on its pages: web links
/// (http, https) and this site's own paths. Anything else is shown as text.
/// <para>
/// A browser reads <c>/\evil.example/x.png</c> as <c>//evil.example/x.png</c> (another site), and drops tabs and line
/// breaks anywhere in an address (<c>/&#9;/evil.example</c> is <c>//evil.example</c> too). So an address with a
/// backslash or a control character is never a link, and a local path is a single <c>/</c> followed by something that
/// is not another slash.
/// </para>
/// </summary>
public static class MediaLink
{
    /// <summary>The address trimmed, when it is safe to link to; null otherwise.</summary>
    public static string? Safe(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return null;
        var u = address.Trim();
        foreach (var c in u)
            if (c == '\\' || char.IsControl(c)) return null;
        if (u[0] == '/') return u.Length == 1 || u[1] != '/' ? u : null;
        return Uri.TryCreate(u, UriKind.Absolute, out var absolute)
               && (absolute.Scheme == Uri.UriSchemeHttps || absolute.Scheme == Uri.UriSchemeHttp) ? u : null;
    }

    /// <summary>Whether a safe address points into this site (a local path) rather than to another one.</summary>
    public static bool IsLocal(string safe) => safe.StartsWith('/');
}
