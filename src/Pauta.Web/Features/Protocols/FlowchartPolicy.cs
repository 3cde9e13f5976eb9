using Microsoft.Net.Http.Headers;

namespace Pauta.Web.Features.Protocols;

/// <summary>
/// Mermaid writes a &lt;style&gt; element and style attributes into every diagram it draws, which the site-wide
/// Content-Security-Policy ("style-src 'self'") refuses. Only the pages that draw a flowchart relax it, and only for
/// styles: scripts stay 'self' everywhere. See docs/decisions/ADR-005-flowchart-styles-under-csp.md.
/// </summary>
public static class FlowchartPolicy
{
    public const string StrictStyles = "style-src 'self'";
    public const string DiagramStyles = "style-src 'self' 'unsafe-inline'";

    /// <summary>Rewrites this response's policy (set earlier by SecurityHeadersMiddleware), leaving every other directive as it is.</summary>
    public static void AllowDiagramStyles(HttpResponse response)
    {
        var policy = response.Headers[HeaderNames.ContentSecurityPolicy].ToString();
        // Fail closed: a policy without the expected directive is left alone rather than guessed at.
        if (policy.Contains(StrictStyles + ";", StringComparison.Ordinal))
            response.Headers[HeaderNames.ContentSecurityPolicy] = policy.Replace(StrictStyles + ";", DiagramStyles + ";", StringComparison.Ordinal);
    }
}
