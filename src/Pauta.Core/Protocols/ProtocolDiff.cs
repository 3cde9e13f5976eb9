using System.Globalization;
using System.Text;
using Pauta.Core.Organisations;

namespace Pauta.Core.Protocols;

public enum SectionChangeKind
{
    Unchanged = 0,
    Added = 1,
    Removed = 2,
    Changed = 3,
}

public enum DiffOp
{
    Same = 0,
    Added = 1,
    Removed = 2,
}

/// <summary>A run of words that is the same on both sides, only in the newer one, or only in the older one.</summary>
public sealed record DiffPiece(DiffOp Op, string Text);

/// <summary>
/// One section of a protocol on both sides. <see cref="Section"/> names the kind of part ("purpose", "step",
/// "plan"…, localised by the page); <see cref="Key"/> tells steps, plans and rules apart; <see cref="Label"/> is the
/// author's name for it (a step's title). Texts use symbols rather than words so they read the same in any UI language.
/// </summary>
public sealed record SectionDiff(string Section, string? Key, string Label, SectionChangeKind Kind, string Before, string After)
{
    public IReadOnlyList<DiffPiece> Pieces => WordDiff.Compute(Before, After);
}

/// <summary>
/// The words a diff text uses for the protocol's fixed vocabulary: stages, channels, escalation conditions, clocks
/// and role names. The page passes its UI language's; <see cref="Invariant"/> (the enum names) serves the audit trail.
/// </summary>
public sealed record DiffWords(
    Func<Stage, string> Stage,
    Func<Channels, string> Channel,
    Func<EscalationCondition, string> Condition,
    Func<ServiceClock, string> Clock,
    Func<Role, string> Role)
{
    public static readonly DiffWords Invariant = new(s => s.ToString(), c => c.ToString(), c => c.ToString(), c => c.ToString(), r => r.ToString());

    /// <summary>A contact clock's name (first response, acknowledgement, answer, resolution) in a target's text.</summary>
    public Func<Contacts.ContactClock, string> ContactClock { get; init; } = c => c.ToString();

    /// <summary>A target's unit in its text.</summary>
    public Func<TargetUnit, string> Unit { get; init; } = u => u.ToString();

    /// <summary>A role's name in these words, or the text itself when it names no role (a position).</summary>
    public string Who(string name) => RoleNames.Parse(name) is { } role ? Role(role) : name;
}

/// <summary>Compares two protocols section by section, for the side-by-side view of two versions and the audit trail.</summary>
public static class ProtocolDiff
{
    public static IReadOnlyList<SectionDiff> Compare(Protocol before, Protocol after, DiffWords? words = null)
    {
        var w = words ?? DiffWords.Invariant;
        string Channel(Channels channels) => ChannelText(channels, w);
        string StepText(Step s) => StepTextOf(s, w);
        string PlanText(ContingencyPlan p) => PlanTextOf(p, w);
        string RuleText(EscalationRule r) => RuleTextOf(r, w);
        string LevelText(ServiceLevel l) => LevelTextOf(l, w);
        var result = new List<SectionDiff>();
        void Single(string section, string a, string b) => result.Add(Make(section, null, section, a, b));

        Single("title", before.Title, after.Title);
        Single("department", before.Department, after.Department);
        Single("purpose", before.Purpose, after.Purpose);
        Single("scope", before.Scope, after.Scope);
        Single("owner", before.Owner, after.Owner);
        Single("language", before.Language, after.Language);
        Single("channels", Channel(before.Channels), Channel(after.Channels));
        Single("terms", Lines(before.Terms.Select(t => $"{t.Name}: {t.Definition}")), Lines(after.Terms.Select(t => $"{t.Name}: {t.Definition}")));
        Single("responsibilities", Lines(before.Responsibilities.Select(r => $"{w.Who(r.Position)}: {r.Duties}")),
            Lines(after.Responsibilities.Select(r => $"{w.Who(r.Position)}: {r.Duties}")));
        Keyed(result, "step", before.Steps, after.Steps, s => s.Key, s => s.Title, StepText);
        Keyed(result, "plan", before.ContingencyPlans, after.ContingencyPlans, p => p.Key, p => p.Name, PlanText);
        Keyed(result, "escalation", before.EscalationRules, after.EscalationRules, r => r.Key, r => r.Key, RuleText);
        Single("serviceLevels", Lines(before.ServiceLevels.Select(LevelText)), Lines(after.ServiceLevels.Select(LevelText)));
        // Format 2. Sections empty on both sides are unchanged, so format-1 protocols compare exactly as before.
        Single("serviceTargets", Lines(before.ServiceTargets.Select(t => TargetTextOf(t, w))), Lines(after.ServiceTargets.Select(t => TargetTextOf(t, w))));
        Keyed(result, "field", before.Fields, after.Fields, f => f.Key, f => f.Label.Length > 0 ? f.Label : f.Key, FieldTextOf);
        Single("selection", SelectionTextOf(before.Selection, w), SelectionTextOf(after.Selection, w));
        Single("sharedSections", Lines(before.SharedSections), Lines(after.SharedSections));
        Single("kind", before.Kind == ProtocolKind.Protocol ? "" : before.Kind.ToString(), after.Kind == ProtocolKind.Protocol ? "" : after.Kind.ToString());
        Single("review", before.ReviewEveryDays?.ToString(CultureInfo.InvariantCulture) ?? "", after.ReviewEveryDays?.ToString(CultureInfo.InvariantCulture) ?? "");
        Single("assessment", AssessmentText(before.Assessment), AssessmentText(after.Assessment));
        return result;
    }

    /// <summary>The names of the sections that differ ("purpose", "step:saludo"), for a one-line audit record.</summary>
    public static IReadOnlyList<string> ChangedSections(Protocol before, Protocol after) =>
        Compare(before, after).Where(d => d.Kind != SectionChangeKind.Unchanged)
            .Select(d => d.Key is null ? d.Section : $"{d.Section}:{d.Key}").ToList();

    private static SectionDiff Make(string section, string? key, string label, string a, string b)
    {
        var kind = a == b ? SectionChangeKind.Unchanged
            : a.Length == 0 ? SectionChangeKind.Added
            : b.Length == 0 ? SectionChangeKind.Removed
            : SectionChangeKind.Changed;
        return new SectionDiff(section, key, label, kind, a, b);
    }

    /// <summary>Items matched by key keep the newer order; items only in the older side follow where they were.</summary>
    private static void Keyed<T>(List<SectionDiff> result, string section, IReadOnlyList<T> before, IReadOnlyList<T> after,
        Func<T, string> key, Func<T, string> label, Func<T, string> text)
    {
        var old = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in before) old.TryAdd(key(item), item);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in after)
        {
            var k = key(item);
            if (!seen.Add(k)) continue;
            result.Add(old.TryGetValue(k, out var was)
                ? Make(section, k, label(item), text(was), text(item))
                : Make(section, k, label(item), "", text(item)));
        }
        foreach (var item in before.Where(i => !seen.Contains(key(i))))
        {
            seen.Add(key(item));
            result.Add(Make(section, key(item), label(item), text(item), ""));
        }
    }

    private static string Lines(IEnumerable<string> lines) => string.Join("\n", lines);

    private static string ChannelText(Channels channels, DiffWords w) =>
        string.Join(", ", ChannelList.Each.Where(c => (channels & c) == c).Select(w.Channel));

    private static string StepTextOf(Step s, DiffWords w)
    {
        string Channel(Channels channels) => ChannelText(channels, w);
        var b = new StringBuilder();
        b.Append('[').Append(w.Stage(s.Stage)).Append(s.Required ? "" : " ?").Append("] ").Append(s.Title).Append('\n');
        if (s.Instruction.Length > 0) b.Append(s.Instruction).Append('\n');
        foreach (var item in s.Checklist) b.Append("☐ ").Append(item).Append('\n');
        foreach (var script in s.Scripts)
        {
            b.Append(script.IsGreeting ? "☺ " : "“ ").Append(script.Text);
            if (script.Channel is { } c) b.Append(" [").Append(Channel(c)).Append(']');
            if (script.Language is { } l) b.Append(" (").Append(l).Append(')');
            b.Append('\n');
        }
        if (!string.IsNullOrWhiteSpace(s.Question)) b.Append("? ").Append(s.Question).Append('\n');
        foreach (var a in s.Answers)
        {
            b.Append("  • ").Append(a.Label).Append(" → ").Append(a.Next ?? "↓");
            if (a.EscalationRuleKey is { } r) b.Append(" ⇧ ").Append(r);
            b.Append('\n');
        }
        if (s.Next is { } next) b.Append("→ ").Append(next).Append('\n');
        if (s.Fulfils is { } clock) b.Append("⏱ ").Append(w.ContactClock(clock)).Append('\n');
        if (s.Handoff is { } handoff) b.Append("⇨ ").Append(handoff).Append('\n');
        foreach (var image in s.Images) b.Append("▣ ").Append(image).Append('\n');
        if (s.VideoUrl is { } video) b.Append("▶ ").Append(video).Append('\n');
        if (s.GoodExample is { } good) b.Append("✓ ").Append(good).Append('\n');
        if (s.BadExample is { } bad) b.Append("✗ ").Append(bad).Append('\n');
        return b.ToString().TrimEnd('\n');
    }

    private static string PlanTextOf(ContingencyPlan p, DiffWords w) =>
        $"{p.Name}\n{p.Trigger}\n" + (p.Channels == Channels.None ? "" : $"[{ChannelText(p.Channels, w)}]\n") +
        string.Join("\n", p.Steps.Select(s => $"— {s.Key}\n{StepTextOf(s, w)}"));

    private static string RuleTextOf(EscalationRule r, DiffWords w) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{w.Condition(r.Condition)}{(r.Amount is { } a ? $" > {a}" : "")}{(r.Currency is { } c ? $" {c}" : "")}: {r.Detail} ⇧ {w.Who(r.Target)}");

    private static string TargetTextOf(ServiceTarget t, DiffWords w)
    {
        var b = new StringBuilder();
        b.Append(w.ContactClock(t.Clock)).Append(" · ").Append(ChannelText(t.Channel, w));
        if (t.SubChannels != SubChannels.None)
            b.Append(" (").Append(string.Join(", ", SubChannelList.Each.Where(c => (t.SubChannels & c) == c))).Append(')');
        b.Append(": ").Append(t.Amount.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(w.Unit(t.Unit));
        if (t.Unit is not (TargetUnit.Days or TargetUnit.BusinessDays)) b.Append(" (").Append(w.Clock(t.Counting)).Append(')');
        b.Append(" ▦ ").Append(t.Calendar);
        if (t.ExtendableBy is { } by) b.Append(" + ").Append(by.ToString(CultureInfo.InvariantCulture));
        foreach (var warning in t.Warnings)
        {
            b.Append(" ⚠ ");
            if (warning.PercentUsed is { } percent) b.Append(percent.ToString(CultureInfo.InvariantCulture)).Append(" %");
            if (warning.Left is { } left) b.Append(left.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(w.Unit(warning.LeftUnit));
            if (warning.EscalationRuleKey is { } rule) b.Append(" ⇧ ").Append(rule);
        }
        return b.ToString();
    }

    private static string FieldTextOf(ContactField f)
    {
        var b = new StringBuilder();
        b.Append('{').Append(f.Key).Append("} ").Append(f.Label).Append(" (").Append(f.Type).Append(f.Required ? ", *" : "").Append(')');
        if (f.Currency is { } currency) b.Append(' ').Append(currency);
        foreach (var option in f.Options) b.Append("\n  • ").Append(option);
        if (f.Sample is { } sample) b.Append("\n  ≈ ").Append(sample);
        return b.ToString();
    }

    private static string SelectionTextOf(SelectionRules s, DiffWords w)
    {
        var lines = new List<string>();
        lines.AddRange(s.WinsWhen.Select(p => "★ " + p));
        if (s.WinsOnChannels != Channels.None) lines.Add($"★ [{ChannelText(s.WinsOnChannels, w)}]");
        lines.AddRange(s.WinsForSegments.Select(p => "★ @" + p));
        lines.AddRange(s.NotFor.Select(p => "✗ " + p));
        return Lines(lines);
    }

    private static string LevelTextOf(ServiceLevel l, DiffWords w) =>
        string.Create(CultureInfo.InvariantCulture, $"{ChannelText(l.Channel, w)}: {l.FirstResponseSeconds} s / {l.ResolutionSeconds} s ({w.Clock(l.Clock)})");

    private static string AssessmentText(Assessment? a) => a is null ? "" :
        string.Create(CultureInfo.InvariantCulture, $"≥ {a.PassMark}\n") +
        string.Join("\n", a.Questions.Select(q => $"{q.Text}\n" + string.Join("\n", q.Options.Select((o, i) => $"  {(i == q.CorrectIndex ? "✓" : "•")} {o}"))));
}

/// <summary>A word-level diff (longest common subsequence over words and the spaces between them).</summary>
public static class WordDiff
{
    /// <summary>Beyond this many tokens a side, the LCS table would be too large; the texts are shown as replaced.</summary>
    private const int MaxTokens = 3000;

    public static IReadOnlyList<DiffPiece> Compute(string before, string after)
    {
        if (before == after) return before.Length == 0 ? [] : [new DiffPiece(DiffOp.Same, before)];
        var a = Tokens(before);
        var b = Tokens(after);
        if (a.Count > MaxTokens || b.Count > MaxTokens)
            return new[] { new DiffPiece(DiffOp.Removed, before), new DiffPiece(DiffOp.Added, after) }.Where(p => p.Text.Length > 0).ToList();

        // Trim the common head and tail first: most edits touch a few words of a long text.
        var head = 0;
        while (head < a.Count && head < b.Count && a[head] == b[head]) head++;
        var tail = 0;
        while (tail < a.Count - head && tail < b.Count - head && a[a.Count - 1 - tail] == b[b.Count - 1 - tail]) tail++;

        var pieces = new List<DiffPiece>();
        void Emit(DiffOp op, string text)
        {
            if (text.Length == 0) return;
            if (pieces.Count > 0 && pieces[^1].Op == op) pieces[^1] = pieces[^1] with { Text = pieces[^1].Text + text };
            else pieces.Add(new DiffPiece(op, text));
        }

        for (var i = 0; i < head; i++) Emit(DiffOp.Same, a[i]);
        var n = a.Count - head - tail;
        var m = b.Count - head - tail;
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
            for (var j = m - 1; j >= 0; j--)
                lcs[i, j] = a[head + i] == b[head + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        int x = 0, y = 0;
        while (x < n && y < m)
        {
            if (a[head + x] == b[head + y]) { Emit(DiffOp.Same, a[head + x]); x++; y++; }
            else if (lcs[x + 1, y] >= lcs[x, y + 1]) { Emit(DiffOp.Removed, a[head + x]); x++; }
            else { Emit(DiffOp.Added, b[head + y]); y++; }
        }
        for (; x < n; x++) Emit(DiffOp.Removed, a[head + x]);
        for (; y < m; y++) Emit(DiffOp.Added, b[head + y]);
        for (var i = a.Count - tail; i < a.Count; i++) Emit(DiffOp.Same, a[i]);
        return pieces;
    }

    /// <summary>Words and the whitespace between them, so joining the tokens gives the text back exactly.</summary>
    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || char.IsWhiteSpace(text[i]) != char.IsWhiteSpace(text[i - 1]))
            {
                tokens.Add(text[start..i]);
                start = i;
            }
        }
        return tokens;
    }
}
