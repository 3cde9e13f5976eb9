using System.Globalization;
using Pauta.Core.Organisations;
using Pauta.Core.Suggestions;
using Pauta.Data.Protocols;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace Pauta.Protocols.Tests.Suggestions;

/// <summary>
/// The product goal for suggestions, measured on labelled-messages.tsv (real-sounding customer messages written
/// before the suggester, labelled with the demo protocol, and plan, that fits): the right answer first for at least
/// 85 % of them and among the first three for at least 95 %.
/// <para>
/// A message labelled with a protocol only is answered right by that protocol or by one of its plans (the agent
/// lands in the right procedure either way); a message labelled with a plan needs that plan. The strict figure, where
/// a protocol label needs the protocol's own entry, is printed too.
/// </para>
/// </summary>
public sealed class SuggestionAccuracyTests(ITestOutputHelper output)
{
    private sealed record Labelled(int Line, Channels Channel, string Protocol, string? Plan, string Message);

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pauta.slnx"))) dir = dir.Parent;
        dir.ShouldNotBeNull();
        return dir.FullName;
    }

    internal static IReadOnlyList<SuggestionCandidate> DemoCandidates()
    {
        var folder = Path.Combine(Root(), "src", "Pauta.Web", "Features", "Demo", "Protocols");
        return Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal).Select(file =>
        {
            var name = Path.GetFileName(file);
            var parsed = ProtocolFile.Parse(name, File.ReadAllText(file));
            parsed.Problems.ShouldBeEmpty();
            return new SuggestionCandidate(name, parsed.Protocol!);
        }).ToList();
    }

    private const string LabelledSet = "labelled-messages.tsv";
    private const string HeldOutSet = "holdout-messages.tsv";

    private static List<Labelled> LoadSet(string file)
    {
        var path = Path.Combine(Root(), "tests", "Pauta.Protocols.Tests", "Suggestions", file);
        var set = new List<Labelled>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("channel\t", StringComparison.Ordinal)) continue;
            var parts = line.Split('\t');
            parts.Length.ShouldBe(4, $"line {i + 1}: {line}");
            ProtocolFile.ChannelNames.TryGetValue(parts[0], out var channel).ShouldBeTrue($"line {i + 1}: channel {parts[0]}");
            set.Add(new Labelled(i + 1, channel, parts[1], parts[2].Length == 0 ? null : parts[2], parts[3]));
        }
        return set;
    }

    private static bool Right(ProtocolSuggestion suggestion, Labelled label, bool strict) =>
        suggestion.ProtocolId == label.Protocol
        && (label.Plan is not null ? suggestion.PlanKey == label.Plan : !strict || suggestion.PlanKey is null);

    [Theory]
    [InlineData(LabelledSet, 110)]
    [InlineData(HeldOutSet, 40)]
    public void The_sets_are_large_varied_and_point_at_real_protocols_and_plans(string file, int atLeast)
    {
        var candidates = DemoCandidates().ToDictionary(c => c.Id);
        var set = LoadSet(file);
        set.Count.ShouldBeGreaterThanOrEqualTo(atLeast);
        foreach (var label in set)
        {
            candidates.ShouldContainKey(label.Protocol, $"line {label.Line}");
            var protocol = candidates[label.Protocol].Protocol;
            if (label.Plan is not null) protocol.ContingencyPlans.Select(p => p.Key).ShouldContain(label.Plan, $"line {label.Line}");
            (protocol.Channels & label.Channel).ShouldNotBe(Channels.None, $"line {label.Line}: the protocol does not cover the channel");
        }
        set.Select(l => l.Protocol).Distinct().Count().ShouldBe(candidates.Count);
        set.Select(l => l.Message).Distinct(StringComparer.OrdinalIgnoreCase).Count().ShouldBe(set.Count);
    }

    [Fact]
    public void Suggests_the_right_protocol_first_for_85_percent_and_in_the_top_3_for_95_percent()
    {
        var (top1, top3) = Measure(LabelledSet);
        top1.ShouldBeGreaterThanOrEqualTo(0.85);
        top3.ShouldBeGreaterThanOrEqualTo(0.95);
    }

    /// <summary>
    /// The held-out set was written after the suggester and never used to tune it, so it shows what to expect on new
    /// messages. Its floor is lower than the goal: it guards against a collapse, the goal is checked on the labelled set.
    /// </summary>
    [Fact]
    public void Does_about_as_well_on_messages_it_was_not_tuned_on()
    {
        var (top1, top3) = Measure(HeldOutSet);
        top1.ShouldBeGreaterThanOrEqualTo(0.70);
        top3.ShouldBeGreaterThanOrEqualTo(0.85);
    }

    private (double Top1, double Top3) Measure(string file)
    {
        var suggester = new ProtocolSuggester(DemoCandidates());
        var set = LoadSet(file);
        int top1 = 0, top3 = 0, strict1 = 0, strict3 = 0;
        var misses = new List<string>();
        foreach (var label in set)
        {
            var suggestions = suggester.Suggest(label.Message, label.Channel, 3);
            var rank = suggestions.ToList().FindIndex(s => Right(s, label, strict: false));
            if (rank == 0) top1++;
            if (rank >= 0) top3++;
            var strictRank = suggestions.ToList().FindIndex(s => Right(s, label, strict: true));
            if (strictRank == 0) strict1++;
            if (strictRank >= 0) strict3++;
            if (rank != 0)
            {
                var got = string.Join(" | ", suggestions.Select(s =>
                    $"{s.ProtocolId}{(s.PlanKey is null ? "" : "#" + s.PlanKey)} {s.Score.ToString("0.00", CultureInfo.InvariantCulture)} [{string.Join(", ", s.MatchedWords.Select(w => w.Text))}]"));
                misses.Add($"line {label.Line} ({(rank < 0 ? "not in top 3" : $"rank {rank + 1}")}): \"{label.Message}\" expected {label.Protocol}{(label.Plan is null ? "" : "#" + label.Plan)}; got {got}");
            }
        }

        string Percent(int n) => (100.0 * n / set.Count).ToString("0.0", CultureInfo.InvariantCulture) + " %";
        output.WriteLine($"{file}: {set.Count} messages, {suggester.EntryCount} entries (protocols and plans)");
        output.WriteLine($"top-1: {top1}/{set.Count} = {Percent(top1)}; top-3: {top3}/{set.Count} = {Percent(top3)}");
        output.WriteLine($"strict (a protocol label needs the protocol's own entry): top-1 {Percent(strict1)}, top-3 {Percent(strict3)}");
        foreach (var miss in misses) output.WriteLine(miss);
        return ((double)top1 / set.Count, (double)top3 / set.Count);
    }
}
