namespace Pauta.Web.Features.Contacts;

/// <summary>Small formatting shared by the run page and its script.</summary>
public static class RunView
{
    /// <summary>A time left as the countdown shows it: "4:05", "1:04:05", or "2 d 03:00:00" for long targets.</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        var clock = span.TotalHours >= 1 ? $"{span.Hours}:{span.Minutes:00}:{span.Seconds:00}" : $"{span.Minutes}:{span.Seconds:00}";
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays} d {clock}" : clock;
    }
}
