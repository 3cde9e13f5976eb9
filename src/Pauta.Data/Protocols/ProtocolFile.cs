using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;

namespace Pauta.Data.Protocols;

/// <summary>
/// A protocol as a Markdown file with YAML front matter (see docs/protocol-format.md): the front matter holds the
/// structured parts, the body holds the stages (<c>## Apertura</c>), the steps (<c>### Title {#key}</c>, then the
/// instruction, then an optional <c>```yaml</c> block of extras) and the contingency plans (<c>## Plan: Name {#key}</c>).
/// <see cref="Write"/> is canonical, and <see cref="Parse"/> of its output gives back an equal protocol.
/// </summary>
public static partial class ProtocolFile
{
    public static class Codes
    {
        public const string Yaml = "File.Yaml";
        public const string FrontMatterMissing = "File.FrontMatterMissing";
        public const string UnknownKey = "File.UnknownKey";
        public const string DuplicateKey = "File.DuplicateKey";
        public const string MissingKey = "File.MissingKey";
        public const string WrongType = "File.WrongType";
        public const string UnknownChannel = "File.UnknownChannel";
        public const string UnknownName = "File.UnknownName";
        public const string UnknownStage = "File.UnknownStage";
        public const string Misplaced = "File.Misplaced";
        public const string Twice = "File.Twice";

        // Limits (see ProtocolFileLimits): each is checked before the work it guards.
        public const string TooLarge = "File.TooLarge";
        public const string LineTooLong = "File.LineTooLong";
        public const string NestedTooDeep = "File.NestedTooDeep";
        public const string TooManySteps = "File.TooManySteps";
        public const string TooManyPlans = "File.TooManyPlans";
        public const string Alias = "File.Alias";
        public const string Unprintable = "File.Unprintable";
    }

    public static readonly IReadOnlyDictionary<string, Channels> ChannelNames = new Dictionary<string, Channels>
    {
        ["in-person"] = Channels.InPerson, ["phone"] = Channels.Phone, ["electronic"] = Channels.Electronic, ["print"] = Channels.Print,
    };

    internal static readonly IReadOnlyDictionary<string, Stage> StageNames = new Dictionary<string, Stage>
    {
        ["opening"] = Stage.Opening, ["analysis"] = Stage.Analysis, ["solution"] = Stage.Solution,
    };

    internal static readonly IReadOnlyDictionary<string, EscalationCondition> ConditionNames = new Dictionary<string, EscalationCondition>
    {
        ["customer-asks"] = EscalationCondition.CustomerAsks, ["amount-over"] = EscalationCondition.AmountOver,
        ["target-missed"] = EscalationCondition.TargetMissed, ["plan-says"] = EscalationCondition.PlanSays,
        ["flow-answer"] = EscalationCondition.FlowAnswer, ["other"] = EscalationCondition.Other,
        ["target-at-risk"] = EscalationCondition.TargetAtRisk,
    };

    internal static readonly IReadOnlyDictionary<string, ServiceClock> ClockNames = new Dictionary<string, ServiceClock>
    {
        ["business"] = ServiceClock.Business, ["calendar"] = ServiceClock.Calendar,
    };

    /// <summary>Stage headings accepted in the body, compared ignoring case; Write uses the protocol's language.</summary>
    internal static readonly IReadOnlyDictionary<string, Stage> StageHeadings = new Dictionary<string, Stage>(StringComparer.OrdinalIgnoreCase)
    {
        ["Apertura"] = Stage.Opening, ["Opening"] = Stage.Opening,
        ["Análisis y comprensión"] = Stage.Analysis, ["Análisis"] = Stage.Analysis, ["Analysis"] = Stage.Analysis, ["Analysis and understanding"] = Stage.Analysis,
        ["Solución"] = Stage.Solution, ["Solution"] = Stage.Solution,
    };

    public const string PlanPrefix = "Plan:";

    /// <summary>
    /// Reads a protocol file. It never throws: a malformed file, or one past a limit in <see cref="ProtocolFileLimits"/>,
    /// gives problems with line and column and no protocol.
    /// </summary>
    public static ProtocolFileResult Parse(string fileName, string text) => new ProtocolFileParser(fileName).Parse(text);

    // ---------------------------------------------------------------- writing

    public static string Write(Protocol protocol)
    {
        var y = new YamlOut();
        y.Field("title", protocol.Title);
        y.Field("department", protocol.Department);
        y.Field("purpose", protocol.Purpose);
        y.Field("scope", protocol.Scope);
        y.Field("owner", protocol.Owner);
        y.Field("language", protocol.Language);
        y.Key("channels");
        WriteChannelList(y, protocol.Channels);
        if (protocol.ReviewEveryDays is { } days) y.TokenField("reviewEveryDays", days.ToString(CultureInfo.InvariantCulture));
        if (protocol.Terms.Count > 0)
        {
            y.Key("terms");
            y.BeginList();
            foreach (var t in protocol.Terms) { y.BeginMap(); y.Field("name", t.Name); y.Field("definition", t.Definition); y.EndMap(); }
            y.EndList();
        }
        if (protocol.Responsibilities.Count > 0)
        {
            y.Key("responsibilities");
            y.BeginList();
            foreach (var r in protocol.Responsibilities) { y.BeginMap(); y.Field("position", r.Position); y.Field("duties", r.Duties); y.EndMap(); }
            y.EndList();
        }
        if (protocol.EscalationRules.Count > 0)
        {
            y.Key("escalationRules");
            y.BeginList();
            foreach (var r in protocol.EscalationRules)
            {
                y.BeginMap();
                y.Field("key", r.Key);
                y.TokenField("condition", NameOf(ConditionNames, r.Condition));
                y.Field("detail", r.Detail);
                if (r.Amount is { } amount) y.TokenField("amount", amount.ToString(CultureInfo.InvariantCulture));
                y.Field("target", r.Target);
                y.EndMap();
            }
            y.EndList();
        }
        if (protocol.ServiceLevels.Count > 0)
        {
            y.Key("serviceLevels");
            y.BeginList();
            foreach (var s in protocol.ServiceLevels)
            {
                y.BeginMap();
                y.Key("channel");
                WriteChannels(y, s.Channel);
                y.TokenField("firstResponseSeconds", s.FirstResponseSeconds.ToString(CultureInfo.InvariantCulture));
                y.TokenField("resolutionSeconds", s.ResolutionSeconds.ToString(CultureInfo.InvariantCulture));
                y.TokenField("clock", NameOf(ClockNames, s.Clock));
                y.EndMap();
            }
            y.EndList();
        }
        if (!protocol.Selection.IsEmpty || protocol.Selection.WinsOnChannels != Channels.None)
        {
            y.Key("selection");
            y.BeginMap();
            if (protocol.Selection.WinsWhen.Count > 0) y.TextList("winsWhen", protocol.Selection.WinsWhen);
            if (protocol.Selection.WinsOnChannels != Channels.None) { y.Key("winsOnChannels"); WriteChannelList(y, protocol.Selection.WinsOnChannels); }
            if (protocol.Selection.WinsForSegments.Count > 0) y.TextList("winsForSegments", protocol.Selection.WinsForSegments);
            if (protocol.Selection.NotFor.Count > 0) y.TextList("notFor", protocol.Selection.NotFor);
            y.EndMap();
        }
        if (protocol.Assessment is { } assessment)
        {
            y.Key("assessment");
            y.BeginMap();
            y.TokenField("passMark", assessment.PassMark.ToString(CultureInfo.InvariantCulture));
            y.Key("questions");
            y.BeginList();
            foreach (var q in assessment.Questions)
            {
                y.BeginMap();
                y.Field("text", q.Text);
                y.TextList("options", q.Options);
                y.TokenField("correctIndex", q.CorrectIndex.ToString(CultureInfo.InvariantCulture));
                if (!string.IsNullOrEmpty(q.Explanation)) y.Field("explanation", q.Explanation);
                y.EndMap();
            }
            y.EndList();
            y.EndMap();
        }

        var text = new StringBuilder();
        text.Append("---\n").Append(y.Finish()).Append("---\n");
        Stage? stage = null;
        foreach (var step in protocol.Steps)
        {
            if (step.Stage != stage)
            {
                stage = step.Stage;
                text.Append("\n## ").Append(Stages.Name(step.Stage, protocol.Language == "en" ? "en" : "es")).Append('\n');
            }
            WriteStep(text, step, inPlan: false);
        }
        foreach (var plan in protocol.ContingencyPlans)
        {
            var yaml = new YamlOut();
            var any = false;
            var heading = SafeHeading(plan.Name) ? plan.Name : "";
            if (heading != plan.Name) { yaml.Field("name", plan.Name); any = true; }
            if (!SafeKey(plan.Key)) { yaml.Field("key", plan.Key); any = true; }
            if (!SafeBody(plan.Trigger)) { yaml.Field("trigger", plan.Trigger); any = true; }
            text.Append("\n## ").Append(PlanPrefix).Append(' ').Append(Heading(heading, SafeKey(plan.Key) ? plan.Key : null)).Append('\n');
            if (SafeBody(plan.Trigger) && plan.Trigger.Length > 0) text.Append('\n').Append(plan.Trigger).Append('\n');
            if (any) text.Append("\n```yaml\n").Append(yaml.Finish()).Append("```\n");
            foreach (var step in plan.Steps) WriteStep(text, step, inPlan: true);
        }
        return text.ToString();
    }

    private static void WriteStep(StringBuilder text, Step step, bool inPlan)
    {
        var y = new YamlOut();
        var any = false;
        void Mark() => any = true;
        var title = SafeHeading(step.Title) ? step.Title : "";
        if (title != step.Title) { y.Field("title", step.Title); Mark(); }
        if (!SafeKey(step.Key)) { y.Field("key", step.Key); Mark(); }
        if (!SafeBody(step.Instruction)) { y.Field("instruction", step.Instruction); Mark(); }
        if (inPlan) { y.TokenField("stage", NameOf(StageNames, step.Stage)); Mark(); }
        if (!step.Required) { y.TokenField("required", "false"); Mark(); }
        if (step.Checklist.Count > 0) { y.TextList("checklist", step.Checklist); Mark(); }
        if (step.Scripts.Count > 0)
        {
            Mark();
            y.Key("scripts");
            y.BeginList();
            foreach (var s in step.Scripts)
            {
                y.BeginMap();
                if (s.Channel is { } channel) { y.Key("channel"); WriteChannels(y, channel); }
                if (s.Language is not null) y.Field("language", s.Language);
                if (s.IsGreeting) y.TokenField("greeting", "true");
                y.Field("text", s.Text);
                y.EndMap();
            }
            y.EndList();
        }
        if (step.Question is not null) { y.Field("question", step.Question); Mark(); }
        if (step.Answers.Count > 0)
        {
            Mark();
            y.Key("answers");
            y.BeginList();
            foreach (var a in step.Answers)
            {
                y.BeginMap();
                y.Field("label", a.Label);
                if (a.Next is not null) y.Field("next", a.Next);
                if (a.EscalationRuleKey is not null) y.Field("escalationRuleKey", a.EscalationRuleKey);
                y.EndMap();
            }
            y.EndList();
        }
        if (step.Next is not null) { y.Field("next", step.Next); Mark(); }
        if (step.Images.Count > 0) { y.TextList("images", step.Images); Mark(); }
        if (step.VideoUrl is not null) { y.Field("videoUrl", step.VideoUrl); Mark(); }
        if (step.GoodExample is not null) { y.Field("goodExample", step.GoodExample); Mark(); }
        if (step.BadExample is not null) { y.Field("badExample", step.BadExample); Mark(); }

        text.Append("\n### ").Append(Heading(title, SafeKey(step.Key) ? step.Key : null)).Append('\n');
        if (SafeBody(step.Instruction) && step.Instruction.Length > 0) text.Append('\n').Append(step.Instruction).Append('\n');
        if (any) text.Append("\n```yaml\n").Append(y.Finish()).Append("```\n");
    }

    private static string Heading(string title, string? key) =>
        key is null ? title : title.Length == 0 ? $"{{#{key}}}" : $"{title} {{#{key}}}";

    private static void WriteChannelList(YamlOut y, Channels channels)
    {
        y.BeginList(flow: true);
        foreach (var (name, channel) in ChannelNames)
        {
            if ((channels & channel) == channel) y.Token(name);
        }
        y.EndList();
    }

    /// <summary>One channel as its name, several (or none) as a list.</summary>
    private static void WriteChannels(YamlOut y, Channels channels)
    {
        var single = ChannelNames.Where(c => c.Value == channels).Select(c => c.Key).FirstOrDefault();
        if (single is not null) y.Token(single);
        else WriteChannelList(y, channels);
    }

    private static string NameOf<T>(IReadOnlyDictionary<string, T> names, T value) where T : struct, Enum =>
        names.FirstOrDefault(n => EqualityComparer<T>.Default.Equals(n.Value, value)).Key
        ?? throw new ArgumentOutOfRangeException(nameof(value), value, "no file name for this value");

    /// <summary>Whether a title can stand in a heading and read back the same.</summary>
    internal static bool SafeHeading(string? text) =>
        text is not null && Unprintable(text) < 0 && !text.Contains('\n') && !text.Contains('\r') && text == text.Trim() && !text.Contains("{#", StringComparison.Ordinal)
        && !text.EndsWith('#');

    internal static bool SafeKey(string? key) => key is not null && KeyShape().IsMatch(key) && Unprintable(key) < 0;

    /// <summary>Whether a text can stand as Markdown paragraphs in the body and read back the same.</summary>
    internal static bool SafeBody(string? text)
    {
        if (text is null || text.Contains('\r') || text != text.Trim() || Unprintable(text) >= 0) return false;
        foreach (var line in text.Split('\n'))
        {
            var t = line.TrimStart();
            if (t.StartsWith('#') || t.StartsWith("```", StringComparison.Ordinal) || t.StartsWith("~~~", StringComparison.Ordinal)) return false;
        }
        return true;
    }

    /// <summary>
    /// The index of the first character a protocol file may not hold as it is (YAML's rule: control characters other
    /// than tab and line breaks, U+FFFE and U+FFFF, and halves of a surrogate pair standing alone), or -1. Texts with
    /// them are still written, escaped in double-quoted YAML; PostgreSQL, for one, cannot store a raw NUL.
    /// </summary>
    public static int Unprintable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ' ? c is not ('\t' or '\n' or '\r') : c is '\u007F' or '\uFFFE' or '\uFFFF' || (c is >= '\u0080' and <= '\u009F' && c != '\u0085'))
                return i;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return i;
        }
        return -1;
    }

    [GeneratedRegex(@"\A[^\s{}]+\z")]
    internal static partial Regex KeyShape();
}
