using System.Text.RegularExpressions;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using YamlDotNet.RepresentationModel;

namespace Pauta.Data.Protocols;

/// <summary>Reads one protocol file; see <see cref="ProtocolFile"/>.</summary>
internal sealed partial class ProtocolFileParser(string file)
{
    private readonly List<ProtocolFileProblem> _problems = [];
    private readonly Dictionary<string, (int, int)> _where = new(StringComparer.Ordinal);

    private static readonly string[] FrontKeys =
        ["title", "department", "purpose", "scope", "owner", "language", "channels", "reviewEveryDays", "terms", "responsibilities", "escalationRules", "serviceLevels", "selection", "assessment"];
    private static readonly string[] StepKeys =
        ["title", "key", "instruction", "required", "checklist", "scripts", "question", "answers", "next", "images", "videoUrl", "goodExample", "badExample"];
    private static readonly string[] PlanStepKeys = [.. StepKeys, "stage"];

    public void Error(int line, int column, string code, string message) => _problems.Add(new(file, line, column, code, message));

    public void Record(string path, int line, int column) => _where.TryAdd(path, (line, column));

    public ProtocolFileResult Parse(string text)
    {
        // Limits first, before any work whose cost they bound.
        var bytes = System.Text.Encoding.UTF8.GetByteCount(text);
        if (bytes > ProtocolFileLimits.MaxFileBytes)
        {
            Error(1, 1, ProtocolFile.Codes.TooLarge,
                $"the file has {bytes / 1024:N0} KB; a protocol file may have at most {ProtocolFileLimits.MaxFileBytes / 1024:N0} KB");
            return Done(null);
        }
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > ProtocolFileLimits.MaxLineChars)
            {
                Error(i + 1, ProtocolFileLimits.MaxLineChars + 1, ProtocolFile.Codes.LineTooLong,
                    $"the line has {lines[i].Length:N0} characters; a line may have at most {ProtocolFileLimits.MaxLineChars:N0}");
                return Done(null);
            }
            if (ProtocolFile.Unprintable(lines[i]) is >= 0 and var at)
            {
                Error(i + 1, at + 1, ProtocolFile.Codes.Unprintable,
                    $"U+{(int)lines[i][at]:X4} is a control character a protocol file may not hold as it is; write it escaped in double quotes (\"\\u{(int)lines[i][at]:X4}\"), or remove it");
                return Done(null);
            }
        }
        if (lines.Length > 0 && lines[^1].Length == 0) lines = lines[..^1];
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            Error(1, 1, ProtocolFile.Codes.FrontMatterMissing, "the file must start with a '---' line, then the YAML front matter, then another '---' line");
            return Done(null);
        }
        var end = Array.FindIndex(lines, 1, l => l.TrimEnd() == "---");
        if (end < 0)
        {
            Error(lines.Length, 1, ProtocolFile.Codes.FrontMatterMissing, "the front matter is not closed with a '---' line");
            return Done(null);
        }

        var front = new YamlIn(this, 1);
        var root = front.Load(string.Join('\n', lines[1..end]) + "\n");
        var protocol = front.Failed ? new Protocol() : ReadFront(front, root);
        var (steps, plans) = ReadBody(lines, end + 1);
        return Done(protocol with { Steps = steps, ContingencyPlans = plans });
    }

    private ProtocolFileResult Done(Protocol? protocol) =>
        new(file, protocol, _problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ToList(), _where);

    // ---------------------------------------------------------------- front matter

    private static Protocol ReadFront(YamlIn y, YamlNode? root)
    {
        var m = y.Map(root, "", FrontKeys) ?? [];
        var terms = new List<Term>();
        foreach (var (node, path) in y.List(m, "terms", ""))
        {
            if (y.Map(node, path, "name", "definition") is not { } t) continue;
            y.Require(t, "name", path, node);
            terms.Add(new Term(y.Text(t, "name", path), y.Text(t, "definition", path)));
        }
        var responsibilities = new List<Responsibility>();
        foreach (var (node, path) in y.List(m, "responsibilities", ""))
        {
            if (y.Map(node, path, "position", "duties") is not { } r) continue;
            y.Require(r, "position", path, node);
            responsibilities.Add(new Responsibility(y.Text(r, "position", path), y.Text(r, "duties", path)));
        }
        var rules = new List<EscalationRule>();
        foreach (var (node, path) in y.List(m, "escalationRules", ""))
        {
            if (y.Map(node, path, "key", "condition", "detail", "amount", "target") is not { } r) continue;
            y.Require(r, "key", path, node);
            rules.Add(new EscalationRule
            {
                Key = y.Text(r, "key", path),
                Condition = y.Name(r, "condition", path, ProtocolFile.ConditionNames, ProtocolFile.Codes.UnknownName) ?? EscalationCondition.Other,
                Detail = y.Text(r, "detail", path),
                Amount = y.Decimal(r, "amount", path),
                Target = y.Text(r, "target", path),
            });
        }
        var levels = new List<ServiceLevel>();
        foreach (var (node, path) in y.List(m, "serviceLevels", ""))
        {
            if (y.Map(node, path, "channel", "firstResponseSeconds", "resolutionSeconds", "clock") is not { } s) continue;
            y.Require(s, "channel", path, node);
            y.Require(s, "firstResponseSeconds", path, node);
            y.Require(s, "resolutionSeconds", path, node);
            levels.Add(new ServiceLevel(
                y.ChannelSet(s, "channel", path) ?? Channels.None,
                y.Int(s, "firstResponseSeconds", path) ?? 0,
                y.Int(s, "resolutionSeconds", path) ?? 0,
                y.Name(s, "clock", path, ProtocolFile.ClockNames, ProtocolFile.Codes.UnknownName) ?? ServiceClock.Business));
        }
        // Selection rules (format 2, read here so the demo's rules load; the format part owns the full reader).
        var selection = new SelectionRules();
        if (m.TryGetValue("selection", out var selectionNode) && y.Map(selectionNode, "selection", "winsWhen", "winsOnChannels", "winsForSegments", "notFor") is { } sel)
        {
            selection = new SelectionRules
            {
                WinsWhen = y.TextList(sel, "winsWhen", "selection"),
                WinsOnChannels = y.ChannelSet(sel, "winsOnChannels", "selection") ?? Channels.None,
                WinsForSegments = y.TextList(sel, "winsForSegments", "selection"),
                NotFor = y.TextList(sel, "notFor", "selection"),
            };
        }
        Assessment? assessment = null;
        if (m.TryGetValue("assessment", out var assessmentNode) && y.Map(assessmentNode, "assessment", "passMark", "questions") is { } a)
        {
            var questions = new List<AssessmentQuestion>();
            foreach (var (node, path) in y.List(a, "questions", "assessment"))
            {
                if (y.Map(node, path, "text", "options", "correctIndex", "explanation") is not { } q) continue;
                y.Require(q, "text", path, node);
                questions.Add(new AssessmentQuestion(y.Text(q, "text", path), y.TextList(q, "options", path), y.Int(q, "correctIndex", path) ?? 0, y.Text(q, "explanation", path)));
            }
            assessment = new Assessment(questions, y.Int(a, "passMark", "assessment") ?? 0);
        }

        return new Protocol
        {
            Title = y.Text(m, "title", ""),
            Department = y.Text(m, "department", ""),
            Purpose = y.Text(m, "purpose", ""),
            Scope = y.Text(m, "scope", ""),
            Owner = y.Text(m, "owner", ""),
            Language = y.Text(m, "language", "", "es"),
            Channels = y.ChannelSet(m, "channels", "") ?? Channels.None,
            ReviewEveryDays = y.Int(m, "reviewEveryDays", ""),
            Terms = terms,
            Responsibilities = responsibilities,
            EscalationRules = rules,
            ServiceLevels = levels,
            Selection = selection,
            Assessment = assessment,
        };
    }

    // ---------------------------------------------------------------- body

    /// <summary>A heading with the text lines and the yaml block that follow it, before the next heading.</summary>
    private sealed class Unit(int line, string heading)
    {
        public int Line { get; } = line;
        public string Heading { get; } = heading;
        public List<(int Line, string Text)> Text { get; } = [];
        public (int Line, string Yaml)? Yaml { get; set; }
    }

    private (List<Step> Steps, List<ContingencyPlan> Plans) ReadBody(string[] lines, int start)
    {
        var steps = new List<Step>();
        var plans = new List<ContingencyPlan>();
        Stage? stage = null;
        var skipping = false;           // under an unknown heading: its steps are not read, the heading is the error
        Unit? planHeader = null;
        var planSteps = new List<Step>();
        Unit? step = null;

        void FinishStep()
        {
            if (step is null) return;
            if (!skipping)
            {
                if (planHeader is not null) planSteps.Add(ReadStep(step, $"contingencyPlans[{plans.Count}].steps[{planSteps.Count}]", null));
                else if (stage is { } s) steps.Add(ReadStep(step, $"steps[{steps.Count}]", s));
            }
            step = null;
        }
        void FinishPlan()
        {
            FinishStep();
            if (planHeader is null) return;
            plans.Add(ReadPlan(planHeader, $"contingencyPlans[{plans.Count}]", planSteps));
            planHeader = null;
            planSteps = [];
        }

        Unit? current = null;   // where text and yaml go
        int stepCount = 0, planCount = 0;
        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = i + 1;
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                var language = line[3..].Trim();
                var close = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
                if (close < 0)
                {
                    Error(number, 1, ProtocolFile.Codes.Yaml, "this ``` block is never closed");
                    break;
                }
                if (language != "yaml") Error(number, 4, ProtocolFile.Codes.Misplaced, "only ```yaml blocks are read in a protocol file");
                else if (current is null) Error(number, 1, ProtocolFile.Codes.Misplaced, "a ```yaml block must follow a step or plan heading");
                else if (current.Yaml is not null) Error(number, 1, ProtocolFile.Codes.Twice, "a step or plan has at most one ```yaml block");
                else current.Yaml = (number, string.Join('\n', lines[(i + 1)..close]) + "\n");
                i = close;
                continue;
            }
            var heading = HeadingLine().Match(line);
            if (heading.Success && heading.Groups[1].Length == 2)
            {
                var title = heading.Groups[2].Value.Trim();
                FinishStep();
                if (title.StartsWith(ProtocolFile.PlanPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    if (++planCount > ProtocolFileLimits.MaxPlans)
                    {
                        Error(number, 1, ProtocolFile.Codes.TooManyPlans, $"a protocol may have at most {ProtocolFileLimits.MaxPlans} contingency plans; this is plan {planCount}");
                        return (steps, plans);
                    }
                    FinishPlan();
                    skipping = false;
                    planHeader = new Unit(number, title[ProtocolFile.PlanPrefix.Length..].Trim());
                    current = planHeader;
                }
                else if (ProtocolFile.StageHeadings.TryGetValue(title, out var s))
                {
                    if (planHeader is not null || plans.Count > 0)
                        Error(number, 4, ProtocolFile.Codes.Misplaced, "stages of the main flow come before the contingency plans");
                    stage = s;
                    skipping = false;
                    current = null;
                }
                else
                {
                    FinishPlan();
                    Error(number, 4, ProtocolFile.Codes.UnknownStage,
                        $"unknown section '{title}'; expected a stage (Apertura, Análisis y comprensión, Solución / Opening, Analysis, Solution) or 'Plan: <name> {{#key}}'");
                    skipping = true;
                    current = null;
                }
                continue;
            }
            if (heading.Success && heading.Groups[1].Length == 3)
            {
                if (++stepCount > ProtocolFileLimits.MaxSteps)
                {
                    Error(number, 1, ProtocolFile.Codes.TooManySteps, $"a protocol may have at most {ProtocolFileLimits.MaxSteps} steps, plans included; this is step {stepCount}");
                    return (steps, plans);
                }
                FinishStep();
                if (stage is null && planHeader is null && !skipping)
                    Error(number, 1, ProtocolFile.Codes.Misplaced, "a step must be under a stage heading (## Apertura) or a plan heading (## Plan: ...)");
                step = new Unit(number, heading.Groups[2].Value.Trim());
                current = step;
                continue;
            }
            if (string.IsNullOrWhiteSpace(line))
            {
                current?.Text.Add((number, line));
                continue;
            }
            if (current is null)
            {
                if (!skipping) Error(number, 1, ProtocolFile.Codes.Misplaced, "text must follow a step or plan heading");
                continue;
            }
            if (current.Yaml is not null)
            {
                Error(number, 1, ProtocolFile.Codes.Misplaced, "text after a step's ```yaml block; put it before the block");
                continue;
            }
            current.Text.Add((number, line));
        }
        FinishPlan();
        return (steps, plans);
    }

    /// <summary>The text lines of a unit without the blank lines around them; null when there are none.</summary>
    private static (int Line, string Text)? Paragraphs(Unit unit)
    {
        var text = unit.Text.SkipWhile(t => string.IsNullOrWhiteSpace(t.Text)).ToList();
        while (text.Count > 0 && string.IsNullOrWhiteSpace(text[^1].Text)) text.RemoveAt(text.Count - 1);
        return text.Count == 0 ? null : (text[0].Line, string.Join('\n', text.Select(t => t.Text)));
    }

    private (string Title, string? Key) SplitHeading(Unit unit, string path)
    {
        Record(path, unit.Line, 1);
        var match = KeySuffix().Match(unit.Heading);
        if (!match.Success) return (unit.Heading, null);
        Record($"{path}.key", unit.Line, 1);
        return (match.Groups[1].Value.Trim(), match.Groups[2].Value);
    }

    private Dictionary<string, YamlNode> ReadYaml(Unit unit, string path, string[] keys, out YamlIn reader)
    {
        reader = new YamlIn(this, unit.Yaml?.Line ?? 0);
        if (unit.Yaml is not { } yaml) return [];
        var root = reader.Load(yaml.Yaml);
        if (reader.Failed) return [];
        // The block belongs to the unit: its keys are recorded under the unit's path.
        return reader.Map(root, path, keys) ?? [];
    }

    private string Either(Unit unit, YamlIn y, Dictionary<string, YamlNode> map, string key, string path, string? fromHeading, string what)
    {
        var inYaml = map.ContainsKey(key);
        if (inYaml && !string.IsNullOrEmpty(fromHeading))
        {
            Error(unit.Line, 1, ProtocolFile.Codes.Twice, $"the {what} is given both in the heading and in the ```yaml block");
        }
        if (inYaml) return y.Text(map, key, path);
        if (fromHeading is not null) Record($"{path}.{key}", unit.Line, 1);
        return fromHeading ?? "";
    }

    private string Body(Unit unit, YamlIn y, Dictionary<string, YamlNode> map, string key, string path)
    {
        var body = Paragraphs(unit);
        if (map.ContainsKey(key))
        {
            if (body is { } b) Error(b.Line, 1, ProtocolFile.Codes.Twice, $"the {key} is given both as text and in the ```yaml block");
            return y.Text(map, key, path);
        }
        if (body is not { } text) return "";
        Record($"{path}.{key}", text.Line, 1);
        return text.Text;
    }

    private Step ReadStep(Unit unit, string path, Stage? stage)
    {
        var (title, key) = SplitHeading(unit, path);
        var m = ReadYaml(unit, path, stage is null ? PlanStepKeys : StepKeys, out var y);
        if (key is null && !m.ContainsKey("key"))
            Error(unit.Line, 1, ProtocolFile.Codes.MissingKey, "the step has no key: end its heading with {#key}");
        var scripts = new List<Script>();
        foreach (var (node, p) in y.List(m, "scripts", path))
        {
            if (y.Map(node, p, "channel", "language", "greeting", "text") is not { } s) continue;
            y.Require(s, "text", p, node);
            scripts.Add(new Script(y.Text(s, "text", p), y.ChannelSet(s, "channel", p), y.Bool(s, "greeting", p) ?? false, y.OptionalText(s, "language", p)));
        }
        var answers = new List<Answer>();
        foreach (var (node, p) in y.List(m, "answers", path))
        {
            if (y.Map(node, p, "label", "next", "escalationRuleKey") is not { } a) continue;
            y.Require(a, "label", p, node);
            answers.Add(new Answer(y.Text(a, "label", p), y.OptionalText(a, "next", p), y.OptionalText(a, "escalationRuleKey", p)));
        }
        return new Step
        {
            Key = Either(unit, y, m, "key", path, key, "key"),
            Stage = stage ?? y.Name(m, "stage", path, ProtocolFile.StageNames, ProtocolFile.Codes.UnknownStage) ?? Stage.Analysis,
            Title = Either(unit, y, m, "title", path, title, "title"),
            Instruction = Body(unit, y, m, "instruction", path),
            Required = y.Bool(m, "required", path) ?? true,
            Checklist = y.TextList(m, "checklist", path),
            Scripts = scripts,
            Question = y.OptionalText(m, "question", path),
            Answers = answers,
            Next = y.OptionalText(m, "next", path),
            Images = y.TextList(m, "images", path),
            VideoUrl = y.OptionalText(m, "videoUrl", path),
            GoodExample = y.OptionalText(m, "goodExample", path),
            BadExample = y.OptionalText(m, "badExample", path),
        };
    }

    private ContingencyPlan ReadPlan(Unit unit, string path, List<Step> steps)
    {
        var (name, key) = SplitHeading(unit, path);
        var m = ReadYaml(unit, path, ["name", "key", "trigger"], out var y);
        if (key is null && !m.ContainsKey("key"))
            Error(unit.Line, 1, ProtocolFile.Codes.MissingKey, "the plan has no key: end its heading with {#key}");
        if (steps.Count > 0) Record($"{path}.steps", _where[$"{path}.steps[0]"].Item1, 1);
        return new ContingencyPlan
        {
            Key = Either(unit, y, m, "key", path, key, "key"),
            Name = Either(unit, y, m, "name", path, name, "name"),
            Trigger = Body(unit, y, m, "trigger", path),
            Steps = steps,
        };
    }

    [GeneratedRegex(@"^(#{2,3})(?:[ \t]+(.*))?$")]
    private static partial Regex HeadingLine();

    [GeneratedRegex(@"^(.*?)\s*\{#([^\s{}]+)\}\s*$")]
    private static partial Regex KeySuffix();
}
