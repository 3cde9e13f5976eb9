namespace Pauta.Web.Infrastructure;

/// <summary>What an htmx request asks of a page.</summary>
public static class Htmx
{
    /// <summary>
    /// True when htmx asks for a part of a page it will swap in (its own request, or a boosted link or form), so the page
    /// may answer only that part. A history restore (htmx's cache missed on Back) needs the whole page, as does a plain
    /// browser request.
    /// </summary>
    public static bool AsksForFragment(HttpRequest request) =>
        request.Headers["HX-Request"] == "true" && request.Headers["HX-History-Restore-Request"] != "true";
}
