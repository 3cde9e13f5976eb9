using System.Globalization;
using Pauta.Core.Protocols;
using Protocol = Pauta.Core.Protocols.Protocol;

namespace Pauta.Web.Features.Protocols;

/// <summary>
/// The editor's form: the whole protocol posted back on every save, check or row change. Every value binds as text
/// (a browser can post anything), and <see cref="ToProtocol"/> reports values that do not convert beside their input,
/// under the same paths the linter uses ("serviceLevels[0].firstResponseSeconds"), so one error model serves both.
/// Property names are the protocol's own, so a linter path names its input ("steps[3].scripts[0].text" →
/// "Input.Steps[3].Scripts[0].Text").
/// </summary>
public sealed class ProtocolForm
{
    public const int MaxItems = 500;
    public const int MaxFieldLength = 50_000;

    public string? Title { get; set; }
    public string? Department { get; set; }
    public string? Purpose { get; set; }
    public string? Scope { get; set; }
    public string? Owner { get; set; }
    public string? Language { get; set; }
    /// <summary>Channel names ("Phone"), one per ticked box.</summary>
    public List<string?> Channels { get; set; } = [];
    public string? ReviewEveryDays { get; set; }
    public List<TermForm> Terms { get; set; } = [];
    public List<ResponsibilityForm> Responsibilities { get; set; } = [];
    public List<StepForm> Steps { get; set; } = [];
    public List<PlanForm> ContingencyPlans { get; set; } = [];
    public List<RuleForm> EscalationRules { get; set; } = [];
    public List<LevelForm> ServiceLevels { get; set; } = [];
    public AssessmentForm Assessment { get; set; } = new();

    public static ProtocolForm From(Protocol p) => new()
    {
        Title = p.Title,
        Department = p.Department,
        Purpose = p.Purpose,
        Scope = p.Scope,
        Owner = p.Owner,
        Language = p.Language,
        Channels = ChannelList.Each.Where(c => (p.Channels & c) == c).Select(c => (string?)c.ToString()).ToList(),
        ReviewEveryDays = p.ReviewEveryDays?.ToString(CultureInfo.InvariantCulture),
        Terms = p.Terms.Select(t => new TermForm { Name = t.Name, Definition = t.Definition }).ToList(),
        Responsibilities = p.Responsibilities.Select(r => new ResponsibilityForm { Position = r.Position, Duties = r.Duties }).ToList(),
        Steps = p.Steps.Select(StepForm.From).ToList(),
        ContingencyPlans = p.ContingencyPlans.Select(c => new PlanForm
        {
            Key = c.Key, Name = c.Name, Trigger = c.Trigger, Steps = c.Steps.Select(StepForm.From).ToList(),
        }).ToList(),
        EscalationRules = p.EscalationRules.Select(r => new RuleForm
        {
            Key = r.Key, Condition = r.Condition.ToString(), Detail = r.Detail,
            Amount = r.Amount?.ToString(CultureInfo.InvariantCulture), Target = r.Target,
        }).ToList(),
        ServiceLevels = p.ServiceLevels.Select(LevelForm.From).ToList(),
        Assessment = AssessmentForm.From(p.Assessment),
    };

    /// <summary>The protocol the form describes, or the problems of the values that do not convert (keyed by linter path).</summary>
    public (Protocol Protocol, IReadOnlyList<Problem> Problems) ToProtocol()
    {
        var c = new Conversion();
        c.Count("terms", Terms.Count);
        c.Count("responsibilities", Responsibilities.Count);
        c.Count("steps", Steps.Count);
        c.Count("contingencyPlans", ContingencyPlans.Count);
        c.Count("escalationRules", EscalationRules.Count);
        c.Count("serviceLevels", ServiceLevels.Count);
        var protocol = new Protocol
        {
            Title = c.Line("title", Title),
            Department = c.Line("department", Department),
            Purpose = c.Text("purpose", Purpose),
            Scope = c.Text("scope", Scope),
            Owner = c.Line("owner", Owner),
            Language = c.Line("language", Language),
            Channels = c.Channels("channels", Channels),
            ReviewEveryDays = c.OptionalInt("reviewEveryDays", ReviewEveryDays),
            Terms = Terms.Select((t, i) => new Term(c.Line($"terms[{i}].name", t.Name), c.Text($"terms[{i}].definition", t.Definition))).ToList(),
            Responsibilities = Responsibilities.Select((r, i) =>
                new Responsibility(c.Line($"responsibilities[{i}].position", r.Position), c.Text($"responsibilities[{i}].duties", r.Duties))).ToList(),
            Steps = Steps.Select((s, i) => s.ToStep($"steps[{i}]", c)).ToList(),
            ContingencyPlans = ContingencyPlans.Select((p, i) =>
            {
                var path = $"contingencyPlans[{i}]";
                c.Count($"{path}.steps", p.Steps.Count);
                return new ContingencyPlan
                {
                    Key = c.Line($"{path}.key", p.Key),
                    Name = c.Line($"{path}.name", p.Name),
                    Trigger = c.Text($"{path}.trigger", p.Trigger),
                    Steps = p.Steps.Select((s, j) => s.ToStep($"{path}.steps[{j}]", c)).ToList(),
                };
            }).ToList(),
            EscalationRules = EscalationRules.Select((r, i) =>
            {
                var path = $"escalationRules[{i}]";
                return new EscalationRule
                {
                    Key = c.Line($"{path}.key", r.Key),
                    Condition = c.Choice($"{path}.condition", r.Condition, EscalationCondition.Other),
                    Detail = c.Text($"{path}.detail", r.Detail),
                    Amount = c.OptionalDecimal($"{path}.amount", r.Amount),
                    Target = c.Line($"{path}.target", r.Target),
                };
            }).ToList(),
            ServiceLevels = ServiceLevels.Select((l, i) => l.ToLevel($"serviceLevels[{i}]", c)).ToList(),
            Assessment = Assessment.ToAssessment(c),
        };
        return (protocol, c.Problems);
    }

    // ---------------------------------------------------------------- row operations

    /// <summary>
    /// Applies one row operation the editor's buttons post ("add:steps:Opening", "remove:terms[2]", "up:steps[4]",
    /// "move:steps:5:2", "add:steps[1].scripts"), and returns the id of the element that should have the focus
    /// afterwards; null when the operation names nothing.
    /// </summary>
    public string? Apply(string? op)
    {
        if (string.IsNullOrWhiteSpace(op)) return null;
        var colon = op.IndexOf(':');
        if (colon <= 0) return null;
        var verb = op[..colon];
        var rest = op[(colon + 1)..];
        try
        {
            return verb switch
            {
                "add" => Add(rest),
                "remove" => Remove(rest),
                "up" => Move(rest, -1),
                "down" => Move(rest, +1),
                "move" => MoveTo(rest),
                _ => null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private string? Add(string target)
    {
        if (target == "assessment")
        {
            Assessment = new AssessmentForm
            {
                Enabled = "true", PassMark = "80",
                Questions = [new QuestionForm { Options = ["", ""], CorrectIndex = "0" }],
            };
            return EditorIds.Field("assessment.passMark");
        }
        if (target.StartsWith("steps:", StringComparison.Ordinal))
        {
            if (!Enum.TryParse<Stage>(target["steps:".Length..], out var stage) || !Enum.IsDefined(stage)) return null;
            // A new step goes at the end of its stage, so the stages stay in their order.
            var at = 0;
            for (var i = 0; i < Steps.Count; i++)
            {
                if (Enum.TryParse<Stage>(Steps[i].Stage, out var s) && s <= stage) at = i + 1;
            }
            Steps.Insert(at, NewStep(stage));
            return EditorIds.Field($"steps[{at}].title");
        }
        var list = ListAt(target);
        if (list is null || list.Count >= MaxItems) return null;
        var (item, focus) = NewItem(target);
        list.Add(item);
        return EditorIds.Field($"{target}[{list.Count - 1}]{focus}");
    }

    private string? Remove(string target)
    {
        if (target == "assessment")
        {
            Assessment = new AssessmentForm();
            return EditorIds.Button("add:assessment");
        }
        var (listPath, index) = SplitItem(target);
        var list = ListAt(listPath);
        if (list is null || index < 0 || index >= list.Count) return null;
        list.RemoveAt(index);
        return EditorIds.Button(AddOpFor(listPath));
    }

    private string? Move(string target, int by)
    {
        var (listPath, index) = SplitItem(target);
        var list = ListAt(listPath);
        if (list is null || index < 0 || index >= list.Count) return null;
        if (list is List<StepForm> steps && listPath == "steps" && CrossStage(steps, index, by)) return EditorIds.Button($"{(by < 0 ? "up" : "down")}:{target}");
        var to = index + by;
        if (to < 0 || to >= list.Count) return EditorIds.Button($"{(by < 0 ? "up" : "down")}:{target}");
        (list[index], list[to]) = (list[to], list[index]);
        // The focus stays on the same button, unless the item reached the end where that button is disabled.
        var direction = (by < 0 && to == 0) || (by > 0 && to == list.Count - 1) ? (by < 0 ? "down" : "up") : (by < 0 ? "up" : "down");
        return EditorIds.Button($"{direction}:{listPath}[{to}]");
    }

    /// <summary>
    /// The main flow is shown grouped by stage, so moving the first step of a stage up (or the last one down) takes it
    /// into the neighbouring stage where it is, rather than past a step of another stage.
    /// </summary>
    private static bool CrossStage(List<StepForm> steps, int index, int by)
    {
        var neighbour = index + by;
        if (neighbour < 0 || neighbour >= steps.Count || steps[neighbour].Stage == steps[index].Stage) return false;
        steps[index].Stage = steps[neighbour].Stage;
        return true;
    }

    private string? MoveTo(string rest)
    {
        var parts = rest.Split(':');
        if (parts.Length != 3) return null;
        var list = ListAt(parts[0]);
        if (list is null || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var to)
            || from >= list.Count || to >= list.Count) return null;
        var item = list[from];
        list.RemoveAt(from);
        list.Insert(to, item);
        // Dropped between two steps of one stage, a step joins that stage.
        if (list is List<StepForm> steps && parts[0] == "steps")
        {
            var before = to > 0 ? steps[to - 1].Stage : null;
            var after = to + 1 < steps.Count ? steps[to + 1].Stage : null;
            if (before is not null && before == after) steps[to].Stage = before;
            else if (before is null && after is not null) steps[to].Stage = after;
            else if (after is null && before is not null) steps[to].Stage = before;
        }
        return EditorIds.Field($"{parts[0]}[{to}].title");
    }

    private static (string List, int Index) SplitItem(string target)
    {
        var open = target.LastIndexOf('[');
        if (open <= 0 || !target.EndsWith(']')) throw new FormatException(target);
        if (!int.TryParse(target[(open + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var index)) throw new FormatException(target);
        return (target[..open], index);
    }

    private static string AddOpFor(string listPath) => "add:" + listPath;

    /// <summary>The list a path names ("steps[2].scripts"), or null when it names none.</summary>
    internal System.Collections.IList? ListAt(string path)
    {
        object current = this;
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var open = segment.IndexOf('[');
            var name = open < 0 ? segment : segment[..open];
            int? index = null;
            if (open >= 0)
            {
                if (!segment.EndsWith(']') || !int.TryParse(segment[(open + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return null;
                index = n;
            }
            object? next = (current, name) switch
            {
                (ProtocolForm f, "terms") => f.Terms,
                (ProtocolForm f, "responsibilities") => f.Responsibilities,
                (ProtocolForm f, "steps") => f.Steps,
                (ProtocolForm f, "contingencyPlans") => f.ContingencyPlans,
                (ProtocolForm f, "escalationRules") => f.EscalationRules,
                (ProtocolForm f, "serviceLevels") => f.ServiceLevels,
                (ProtocolForm f, "assessment") => f.Assessment,
                (PlanForm p, "steps") => p.Steps,
                (StepForm s, "checklist") => s.Checklist,
                (StepForm s, "scripts") => s.Scripts,
                (StepForm s, "answers") => s.Answers,
                (StepForm s, "images") => s.Images,
                (AssessmentForm a, "questions") => a.Questions,
                (QuestionForm q, "options") => q.Options,
                _ => null,
            };
            if (next is null) return null;
            if (index is { } k)
            {
                if (next is not System.Collections.IList items || k >= items.Count) return null;
                next = items[k]!;
            }
            current = next;
        }
        return current as System.Collections.IList;
    }

    /// <summary>A new row for the list at <paramref name="path"/>, and the field (after the row's path) to focus.</summary>
    private (object Item, string Focus) NewItem(string path)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        return name switch
        {
            "terms" => (new TermForm(), ".name"),
            "responsibilities" => (new ResponsibilityForm(), ".position"),
            "contingencyPlans" => (new PlanForm { Key = NewKey("plan", PlanKeys()), Steps = [NewStep(Stage.Analysis)] }, ".name"),
            "escalationRules" => (new RuleForm { Key = NewKey(Language == "en" ? "rule" : "regla", EscalationRules.Select(r => r.Key)), Condition = nameof(EscalationCondition.CustomerAsks) }, ".detail"),
            "serviceLevels" => (LevelForm.From(new ServiceLevel(FirstUncoveredChannel(), 60, 3600, ServiceClock.Business)), ".channel"),
            "steps" => (NewStep(Stage.Analysis), ".title"),
            "checklist" or "images" or "options" => ("", ""),
            "scripts" => (new ScriptForm(), ".text"),
            "answers" => (new AnswerForm(), ".label"),
            "questions" => (new QuestionForm { Options = ["", ""], CorrectIndex = "0" }, ".text"),
            _ => throw new FormatException(path),
        };
    }

    private StepForm NewStep(Stage stage) => new()
    {
        Key = NewKey(Language == "en" ? "step" : "paso", AllSteps().Select(s => s.Key)),
        Stage = stage.ToString(),
    };

    private IEnumerable<StepForm> AllSteps() => Steps.Concat(ContingencyPlans.SelectMany(p => p.Steps));

    private IEnumerable<string?> PlanKeys() => ContingencyPlans.Select(p => p.Key);

    private static string NewKey(string stem, IEnumerable<string?> taken)
    {
        var used = taken.OfType<string>().ToHashSet(StringComparer.Ordinal);
        for (var n = 1; ; n++)
        {
            var key = $"{stem}-{n}";
            if (!used.Contains(key)) return key;
        }
    }

    private Channels FirstUncoveredChannel()
    {
        var covered = ServiceLevels.SelectMany(l => l.Channels).ToHashSet();
        return ChannelList.Each.FirstOrDefault(c => Channels.Contains(c.ToString()) && !covered.Contains(c.ToString()),
            ChannelList.Each.FirstOrDefault(c => Channels.Contains(c.ToString()), Pauta.Core.Organisations.Channels.Phone));
    }
}

public sealed class TermForm
{
    public string? Name { get; set; }
    public string? Definition { get; set; }
}

public sealed class ResponsibilityForm
{
    public string? Position { get; set; }
    public string? Duties { get; set; }
}

public sealed class StepForm
{
    public string? Key { get; set; }
    public string? Stage { get; set; }
    public string? Title { get; set; }
    public string? Instruction { get; set; }
    /// <summary>"true" when the step may be skipped; a box left unticked posts nothing, which reads as required (the default).</summary>
    public string? Optional { get; set; }
    public List<string?> Checklist { get; set; } = [];
    public List<ScriptForm> Scripts { get; set; } = [];
    public string? Question { get; set; }
    public List<AnswerForm> Answers { get; set; } = [];
    public string? Next { get; set; }
    public List<string?> Images { get; set; } = [];
    public string? VideoUrl { get; set; }
    public string? GoodExample { get; set; }
    public string? BadExample { get; set; }

    public static StepForm From(Step s) => new()
    {
        Key = s.Key,
        Stage = s.Stage.ToString(),
        Title = s.Title,
        Instruction = s.Instruction,
        Optional = s.Required ? null : "true",
        Checklist = s.Checklist.Select(c => (string?)c).ToList(),
        Scripts = s.Scripts.Select(x => new ScriptForm
        {
            Text = x.Text,
            Channels = x.Channel is { } ch ? ChannelList.Each.Where(c => (ch & c) == c).Select(c => (string?)c.ToString()).ToList() : [],
            Language = x.Language,
            Greeting = x.IsGreeting ? "true" : null,
        }).ToList(),
        Question = s.Question,
        Answers = s.Answers.Select(a => new AnswerForm { Label = a.Label, Next = a.Next, EscalationRuleKey = a.EscalationRuleKey }).ToList(),
        Next = s.Next,
        Images = s.Images.Select(i => (string?)i).ToList(),
        VideoUrl = s.VideoUrl,
        GoodExample = s.GoodExample,
        BadExample = s.BadExample,
    };

    internal Step ToStep(string path, Conversion c)
    {
        c.Count($"{path}.checklist", Checklist.Count);
        c.Count($"{path}.scripts", Scripts.Count);
        c.Count($"{path}.answers", Answers.Count);
        c.Count($"{path}.images", Images.Count);
        return new Step
        {
            Key = c.Line($"{path}.key", Key),
            Stage = c.Choice($"{path}.stage", Stage, Pauta.Core.Protocols.Stage.Analysis),
            Title = c.Line($"{path}.title", Title),
            Instruction = c.Text($"{path}.instruction", Instruction),
            Required = Optional != "true",
            Checklist = Checklist.Select((x, i) => c.Line($"{path}.checklist[{i}]", x)).ToList(),
            Scripts = Scripts.Select((x, i) => new Script(
                c.Text($"{path}.scripts[{i}].text", x.Text),
                x.Channels.Count == 0 ? null : c.Channels($"{path}.scripts[{i}].channel", x.Channels),
                x.Greeting == "true",
                string.IsNullOrEmpty(x.Language) ? null : c.Line($"{path}.scripts[{i}].language", x.Language))).ToList(),
            Question = c.Optional($"{path}.question", Question),
            Answers = Answers.Select((a, i) => new Answer(
                c.Line($"{path}.answers[{i}].label", a.Label),
                c.Optional($"{path}.answers[{i}].next", a.Next),
                c.Optional($"{path}.answers[{i}].escalationRuleKey", a.EscalationRuleKey))).ToList(),
            Next = c.Optional($"{path}.next", Next),
            Images = Images.Select((x, i) => c.Line($"{path}.images[{i}]", x)).ToList(),
            VideoUrl = c.Optional($"{path}.videoUrl", VideoUrl),
            GoodExample = c.Optional($"{path}.goodExample", GoodExample),
            BadExample = c.Optional($"{path}.badExample", BadExample),
        };
    }
}

public sealed class ScriptForm
{
    public string? Text { get; set; }
    /// <summary>The channels it is for; none ticked means every channel.</summary>
    public List<string?> Channels { get; set; } = [];
    /// <summary>Empty means the protocol's language.</summary>
    public string? Language { get; set; }
    public string? Greeting { get; set; }
}

public sealed class AnswerForm
{
    public string? Label { get; set; }
    /// <summary>A step key, "end", or empty for the following step.</summary>
    public string? Next { get; set; }
    public string? EscalationRuleKey { get; set; }
}

public sealed class PlanForm
{
    public string? Key { get; set; }
    public string? Name { get; set; }
    public string? Trigger { get; set; }
    public List<StepForm> Steps { get; set; } = [];
}

public sealed class RuleForm
{
    public string? Key { get; set; }
    public string? Condition { get; set; }
    public string? Detail { get; set; }
    public string? Amount { get; set; }
    public string? Target { get; set; }
}

/// <summary>The units a service-level time is shown and typed in.</summary>
public enum TimeUnit
{
    Seconds = 1,
    Minutes = 60,
    Hours = 3600,
    Days = 86400,
}

public sealed class LevelForm
{
    public List<string?> Channels { get; set; } = [];
    public string? FirstResponse { get; set; }
    public string? FirstResponseUnit { get; set; }
    public string? Resolution { get; set; }
    public string? ResolutionUnit { get; set; }
    public string? Clock { get; set; }

    public static LevelForm From(ServiceLevel l)
    {
        var (first, firstUnit) = Split(l.FirstResponseSeconds);
        var (resolution, resolutionUnit) = Split(l.ResolutionSeconds);
        return new LevelForm
        {
            Channels = ChannelList.Each.Where(c => (l.Channel & c) == c).Select(c => (string?)c.ToString()).ToList(),
            FirstResponse = first, FirstResponseUnit = firstUnit.ToString(),
            Resolution = resolution, ResolutionUnit = resolutionUnit.ToString(),
            Clock = l.Clock.ToString(),
        };
    }

    /// <summary>Seconds in the largest unit that divides them exactly, so the form shows "4 hours" and posts back 14,400 s.</summary>
    public static (string Value, TimeUnit Unit) Split(int seconds)
    {
        foreach (var unit in new[] { TimeUnit.Days, TimeUnit.Hours, TimeUnit.Minutes })
        {
            if (seconds > 0 && seconds % (int)unit == 0) return ((seconds / (int)unit).ToString(CultureInfo.InvariantCulture), unit);
        }
        return (seconds.ToString(CultureInfo.InvariantCulture), TimeUnit.Seconds);
    }

    internal ServiceLevel ToLevel(string path, Conversion c) => new(
        c.Channels($"{path}.channel", Channels),
        c.Seconds($"{path}.firstResponseSeconds", FirstResponse, FirstResponseUnit),
        c.Seconds($"{path}.resolutionSeconds", Resolution, ResolutionUnit),
        c.Choice($"{path}.clock", Clock, ServiceClock.Business));
}

public sealed class AssessmentForm
{
    /// <summary>"true" when the protocol has a self-assessment (it may have no questions yet).</summary>
    public string? Enabled { get; set; }
    public string? PassMark { get; set; }
    public List<QuestionForm> Questions { get; set; } = [];

    public bool IsOn => Enabled == "true";

    public static AssessmentForm From(Assessment? a) => a is null ? new AssessmentForm() : new AssessmentForm
    {
        Enabled = "true",
        PassMark = a.PassMark.ToString(CultureInfo.InvariantCulture),
        Questions = a.Questions.Select(q => new QuestionForm
        {
            Text = q.Text, Options = q.Options.Select(o => (string?)o).ToList(),
            CorrectIndex = q.CorrectIndex.ToString(CultureInfo.InvariantCulture), Explanation = q.Explanation,
        }).ToList(),
    };

    internal Assessment? ToAssessment(Conversion c)
    {
        if (!IsOn) return null;
        c.Count("assessment.questions", Questions.Count);
        return new Assessment(Questions.Select((q, i) =>
        {
            var path = $"assessment.questions[{i}]";
            c.Count($"{path}.options", q.Options.Count);
            return new AssessmentQuestion(
                c.Text($"{path}.text", q.Text),
                q.Options.Select((o, j) => c.Text($"{path}.options[{j}]", o)).ToList(),
                c.Int($"{path}.correctIndex", q.CorrectIndex),
                c.Text($"{path}.explanation", q.Explanation));
        }).ToList(), c.Int("assessment.passMark", PassMark));
    }
}

public sealed class QuestionForm
{
    public string? Text { get; set; }
    public List<string?> Options { get; set; } = [];
    public string? CorrectIndex { get; set; }
    public string? Explanation { get; set; }
}

/// <summary>Converts posted text to protocol values, collecting a problem for each value that does not fit.</summary>
internal sealed class Conversion
{
    public List<Problem> Problems { get; } = [];

    private void Fail(string path, string code, params object[] args) => Problems.Add(new Problem(path, code, args));

    public void Count(string path, int count)
    {
        if (count > ProtocolForm.MaxItems) Fail(path, "Editor.TooMany", ProtocolForm.MaxItems);
    }

    /// <summary>Multi-line text: browsers post line breaks as CR LF, files keep LF.</summary>
    public string Text(string path, string? value)
    {
        var text = (value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (text.Length > ProtocolForm.MaxFieldLength) Fail(path, "Editor.TooLong", ProtocolForm.MaxFieldLength);
        return text;
    }

    /// <summary>A one-line input; kept as typed (not trimmed) so saving an unchanged form changes nothing.</summary>
    public string Line(string path, string? value) => Text(path, value);

    /// <summary>Empty means absent.</summary>
    public string? Optional(string path, string? value) => string.IsNullOrEmpty(value) ? null : Text(path, value);

    public int? OptionalInt(string path, string? value) => string.IsNullOrWhiteSpace(value) ? null : Int(path, value);

    /// <summary>A whole number; empty reads as 0 so the linter, not the form, says it must be positive.</summary>
    public int Int(string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return 0;
        if (int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
        Fail(path, "Editor.WholeNumber", Cut(value));
        return 0;
    }

    /// <summary>An amount such as 150.00; a decimal comma ("150,50") is read as well, as Spanish speakers type it.</summary>
    public decimal? OptionalDecimal(string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        if (!text.Contains('.') && text.Count(ch => ch == ',') == 1) text = text.Replace(',', '.');
        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)) return d;
        Fail(path, "Editor.Number", Cut(value));
        return null;
    }

    public int Seconds(string path, string? value, string? unit)
    {
        var amount = Int(path, value);
        if (!Enum.TryParse<TimeUnit>(unit, out var u) || !Enum.IsDefined(u))
        {
            Fail(path, "Editor.UnknownChoice", Cut(unit ?? ""));
            return amount;
        }
        var seconds = (long)amount * (int)u;
        if (seconds is > int.MaxValue or < int.MinValue)
        {
            Fail(path, "Editor.OutOfRange");
            return 0;
        }
        return (int)seconds;
    }

    public T Choice<T>(string path, string? value, T fallback) where T : struct, Enum
    {
        if (Enum.TryParse<T>(value, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _)) return parsed;
        Fail(path, "Editor.UnknownChoice", Cut(value ?? ""));
        return fallback;
    }

    public Channels Channels(string path, IEnumerable<string?> names)
    {
        var result = Pauta.Core.Organisations.Channels.None;
        foreach (var name in names)
        {
            var channel = ChannelList.Each.FirstOrDefault(c => c.ToString() == name);
            if (channel == Pauta.Core.Organisations.Channels.None) Fail(path, "Editor.UnknownChoice", Cut(name ?? ""));
            result |= channel;
        }
        return result;
    }

    /// <summary>Echoing a rejected value back is useful; echoing a megabyte of it is not.</summary>
    private static string Cut(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
