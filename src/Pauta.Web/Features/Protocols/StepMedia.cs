using Microsoft.Net.Http.Headers;
using Pauta.Core.Protocols;

namespace Pauta.Web.Features.Protocols;

/// <summary>
/// The model of <c>_StepMedia.cshtml</c>, the one rendering of a step's images and video, shared by the reading page, the
/// guided run and the training lessons: the step, and the title of the protocol it belongs to (for the video's title).
/// </summary>
public sealed record StepMedia(Step Step, string ProtocolTitle)
{
    /// <summary>The partial's path, for pages outside this folder.</summary>
    public const string Partial = "/Features/Protocols/_StepMedia.cshtml";

    public bool IsEmpty => Step.Images.Count == 0 && string.IsNullOrWhiteSpace(Step.VideoUrl);

    /// <summary>Whether any of these steps has a video <c>_StepMedia</c> embeds (rather than links to).</summary>
    public static bool EmbedsVideo(IEnumerable<Step> steps) => steps.Any(s => VideoEmbed.Parse(s.VideoUrl) is not null);

    /// <summary>Every step of a protocol, the main flow's and each plan's.</summary>
    public static IEnumerable<Step> AllSteps(Protocol protocol) =>
        protocol.Steps.Concat(protocol.ContingencyPlans.SelectMany(p => p.Steps));
}

/// <summary>
/// The site-wide Content-Security-Policy lets no page frame another site. A page that embeds a step's video adds a
/// <c>frame-src</c> for exactly the two players <see cref="VideoEmbed"/> produces, and only that page: every other
/// directive stays as it is. A page whose content htmx swaps in place (the guided run) must decide for everything it may
/// show, since the policy of the page first loaded is the one the browser keeps.
/// </summary>
public static class VideoPolicy
{
    public const string FrameSources = "frame-src " + VideoEmbed.FrameSources;

    /// <summary>Adds the players' frame sources to this response's policy (set earlier by SecurityHeadersMiddleware).</summary>
    public static void AllowVideoFrames(HttpResponse response)
    {
        var policy = response.Headers[HeaderNames.ContentSecurityPolicy].ToString();
        // Fail closed: no policy, or one that already names frame sources, is left alone rather than guessed at.
        if (policy.Length == 0 || policy.Contains("frame-src", StringComparison.Ordinal)) return;
        response.Headers[HeaderNames.ContentSecurityPolicy] = policy.TrimEnd().TrimEnd(';') + "; " + FrameSources;
    }

    /// <summary>Allows the players when any of <paramref name="steps"/> embeds a video.</summary>
    public static void AllowFor(HttpResponse response, IEnumerable<Step> steps)
    {
        if (StepMedia.EmbedsVideo(steps)) AllowVideoFrames(response);
    }
}
