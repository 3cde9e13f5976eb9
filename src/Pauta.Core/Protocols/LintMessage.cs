using System.Globalization;
using Pauta.Core.Organisations;

namespace Pauta.Core.Protocols;

/// <summary>
/// The sentence for a linter finding, the same on every page, in the API and in <c>pauta lint</c>: the finding's code is
/// the key of its text (in Pauta.Web's Resources/strings.{es,en}.json, which the CLI embeds too), and stages, channels,
/// scores and service-level times among its arguments are put in words first. <paramref name="text"/> looks a key up
/// in the reader's language and formats it with arguments.
/// </summary>
public static class LintMessage
{
    public static string Format(LintFinding finding, Func<string, object[], string> text, CultureInfo culture)
    {
        var args = finding.Args.Select(a => a switch
        {
            Stage s => StageName(s, text),
            Channels c => ChannelNames(c, text),
            Contacts.ContactClock k => text("LintWord.Clock." + k, []),
            TargetUnit u => text("LintWord.Unit." + u, []),
            double d => d.ToString("0.#", culture),
            int seconds when finding.Code is LintCodes.ServiceLevelNotPositive or LintCodes.ResolutionBeforeFirstResponse => Duration(seconds, text),
            _ => a,
        }).ToArray();
        return text(finding.Code, args);
    }

    public static string StageName(Stage stage, Func<string, object[], string> text) => stage switch
    {
        Stage.Opening => text("Stage.Opening", []),
        Stage.Analysis => text("Stage.Analysis", []),
        Stage.Solution => text("Stage.Solution", []),
        _ => stage.ToString(),
    };

    public static string ChannelNames(Channels channels, Func<string, object[], string> text) =>
        string.Join(", ", ChannelList.Each.Where(c => (channels & c) == c).Select(c => text("Channel." + c, [])));

    /// <summary>"20 s", "4 h", "2 d": in the largest unit that divides the time exactly.</summary>
    public static string Duration(int seconds, Func<string, object[], string> text)
    {
        foreach (var (size, key) in new[] { (86_400, "Editor.Duration.Days"), (3_600, "Editor.Duration.Hours"), (60, "Editor.Duration.Minutes") })
        {
            if (seconds > 0 && seconds % size == 0) return text(key, [(seconds / size).ToString(CultureInfo.InvariantCulture)]);
        }
        return text("Editor.Duration.Seconds", [seconds.ToString(CultureInfo.InvariantCulture)]);
    }
}
