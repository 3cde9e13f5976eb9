using System.Globalization;
using Pauta.Core.Contacts;
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
    /// <summary>Format-1 levels are shown as targets (<see cref="ProtocolMigration.ToFormat2"/>).</summary>
    public List<TargetForm> ServiceTargets { get; set; } = [];
    public List<FieldForm> Fields { get; set; } = [];
    public SelectionForm Selection { get; set; } = new();
    /// <summary>"Protocol" or "SharedSection".</summary>
    public string? Kind { get; set; }
    /// <summary>Keys of the shared sections it includes.</summary>
    public List<string?> SharedSections { get; set; } = [];
    public AssessmentForm Assessment { get; set; } = new();

    public static ProtocolForm From(Protocol protocol)
    {
        // Steps and plans copied in from shared sections belong to the published version, not to the protocol's own text.
        var p = ProtocolMigration.ToFormat2(SharedSectionExpansion.Own(protocol));
        return FromOwn(p);
    }

    private static ProtocolForm FromOwn(Protocol p) => new()
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
            Channels = Names(c.Channels),
        }).ToList(),
        EscalationRules = p.EscalationRules.Select(r => new RuleForm
        {
            Key = r.Key, Condition = r.Condition.ToString(), Detail = r.Detail,
            Amount = r.Amount?.ToString(CultureInfo.InvariantCulture), Currency = r.Currency, Target = r.Target,
        }).ToList(),
        ServiceTargets = p.ServiceTargets.Select(TargetForm.From).ToList(),
        Fields = p.Fields.Select(FieldForm.From).ToList(),
        Selection = SelectionForm.From(p.Selection),
        Kind = p.Kind.ToString(),
        SharedSections = p.SharedSections.Select(k => (string?)k).ToList(),
        Assessment = AssessmentForm.From(p.Assessment),
    };

    internal static List<string?> Names(Channels channels) =>
        ChannelList.Each.Where(c => (channels & c) == c).Select(c => (string?)c.ToString()).ToList();

    /// <summary>The protocol the form describes, or the problems of the values that do not convert (keyed by linter path).</summary>
    public (Protocol Protocol, IReadOnlyList<Problem> Problems) ToProtocol()
    {
        var c = new Conversion();
        c.Count("terms", Terms.Count);
        c.Count("responsibilities", Responsibilities.Count);
        c.Count("steps", Steps.Count);
        c.Count("contingencyPlans", ContingencyPlans.Count);
        c.Count("escalationRules", EscalationRules.Count);
        c.Count("serviceTargets", ServiceTargets.Count);
        c.Count("fields", Fields.Count);
        c.Count("sharedSections", SharedSections.Count);
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
                    Channels = c.Channels($"{path}.channels", p.Channels),
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
                    Currency = c.OptionalCurrency($"{path}.currency", r.Currency),
                    Target = c.Line($"{path}.target", r.Target),
                };
            }).ToList(),
            ServiceTargets = ServiceTargets.Select((t, i) => t.ToTarget($"serviceTargets[{i}]", c)).ToList(),
            Fields = Fields.Select((x, i) => x.ToField($"fields[{i}]", c)).ToList(),
            Selection = Selection.ToRules(c),
            Kind = string.IsNullOrEmpty(Kind) ? ProtocolKind.Protocol : c.Choice("kind", Kind, ProtocolKind.Protocol),
            SharedSections = SharedSections.Select((k, i) => c.Line($"sharedSections[{i}]", k)).ToList(),
            Assessment = Assessment.ToAssessment(c),
        };
        return (protocol, c.Problems);
    }

    /// <summary>
    /// What saving stores: the form's protocol with plain targets written back as format-1 levels
    /// (<see cref="ProtocolMigration.ToFormat1WherePlain"/>), so a format-1 protocol saved unchanged keeps its file.
    /// </summary>
    public static Protocol Saved(Protocol fromForm) => ProtocolMigration.ToFormat1WherePlain(fromForm);

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
                (ProtocolForm f, "serviceTargets") => f.ServiceTargets,
                (ProtocolForm f, "fields") => f.Fields,
                (ProtocolForm f, "selection") => f.Selection,
                (ProtocolForm f, "sharedSections") => f.SharedSections,
                (SelectionForm x, "winsWhen") => x.WinsWhen,
                (SelectionForm x, "winsForSegments") => x.WinsForSegments,
                (SelectionForm x, "notFor") => x.NotFor,
                (TargetForm t, "warnings") => t.Warnings,
                (FieldForm x, "options") => x.Options,
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
            "serviceTargets" => (new TargetForm
            {
                Clock = nameof(ContactClock.Resolution), Channels = [FirstChannel().ToString()], Amount = "1", Unit = nameof(TargetUnit.Hours),
                Counting = nameof(ServiceClock.Business), Calendar = CalendarRefs.Site,
            }, ".clock"),
            "fields" => (new FieldForm { Key = NewKey(Language == "en" ? "field" : "campo", Fields.Select(x => x.Key)), Type = nameof(ContactFieldType.Text) }, ".label"),
            "warnings" => (new WarningForm { Kind = nameof(TargetWarning.PercentUsed), Value = "80", LeftUnit = nameof(TargetUnit.BusinessDays) }, ".percentUsed"),
            "winsWhen" or "winsForSegments" or "notFor" or "sharedSections" => ("", ""),
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

    /// <summary>The first channel of the protocol without a target yet, else its first channel, else the phone.</summary>
    private Channels FirstChannel()
    {
        var covered = ServiceTargets.SelectMany(t => t.Channels).ToHashSet();
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
    /// <summary>The clock reaching this step fulfils ("Acknowledgement"); empty for none.</summary>
    public string? Fulfils { get; set; }
    /// <summary>The title of the protocol this step hands the contact off to; empty for none.</summary>
    public string? Handoff { get; set; }

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
        Fulfils = s.Fulfils?.ToString(),
        Handoff = s.Handoff,
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
            Fulfils = string.IsNullOrEmpty(Fulfils) ? null : c.Choice($"{path}.fulfils", Fulfils, ContactClock.Resolution),
            Handoff = c.Optional($"{path}.handoff", Handoff),
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
    /// <summary>The channels the plan may be used on; none ticked means every channel of the protocol.</summary>
    public List<string?> Channels { get; set; } = [];
}

public sealed class RuleForm
{
    public string? Key { get; set; }
    public string? Condition { get; set; }
    public string? Detail { get; set; }
    public string? Amount { get; set; }
    /// <summary>ISO 4217 code of the amount; empty means the organisation's currency.</summary>
    public string? Currency { get; set; }
    public string? Target { get; set; }
}

/// <summary>One service-level target row: which clock, on which channels, how long, on which calendar, with its warnings.</summary>
public sealed class TargetForm
{
    public string? Clock { get; set; }
    public List<string?> Channels { get; set; } = [];
    /// <summary>Inside the electronic channel; none ticked means every sub-channel.</summary>
    public List<string?> SubChannels { get; set; } = [];
    public string? Amount { get; set; }
    public string? Unit { get; set; }
    /// <summary>For seconds, minutes and hours: "Business" or "Calendar".</summary>
    public string? Counting { get; set; }
    /// <summary>"site", "legal" or a named calendar's key.</summary>
    public string? Calendar { get; set; }
    public string? ExtendableBy { get; set; }
    public List<WarningForm> Warnings { get; set; } = [];

    public static TargetForm From(ServiceTarget t) => new()
    {
        Clock = t.Clock.ToString(),
        Channels = ProtocolForm.Names(t.Channel),
        SubChannels = SubChannelList.Each.Where(x => (t.SubChannels & x) == x).Select(x => (string?)x.ToString()).ToList(),
        Amount = t.Amount.ToString(CultureInfo.InvariantCulture),
        Unit = t.Unit.ToString(),
        Counting = t.Counting.ToString(),
        Calendar = t.Calendar,
        ExtendableBy = t.ExtendableBy?.ToString(CultureInfo.InvariantCulture),
        Warnings = t.Warnings.Select(w => new WarningForm
        {
            Kind = w.PercentUsed is not null ? nameof(TargetWarning.PercentUsed) : nameof(TargetWarning.Left),
            Value = (w.PercentUsed ?? w.Left)?.ToString(CultureInfo.InvariantCulture),
            LeftUnit = w.LeftUnit.ToString(),
            EscalationRuleKey = w.EscalationRuleKey,
        }).ToList(),
    };

    internal ServiceTarget ToTarget(string path, Conversion c)
    {
        c.Count($"{path}.warnings", Warnings.Count);
        var sub = Pauta.Core.Protocols.SubChannels.None;
        foreach (var name in SubChannels)
        {
            var one = SubChannelList.Each.FirstOrDefault(x => x.ToString() == name);
            if (one == Pauta.Core.Protocols.SubChannels.None) c.Fail($"{path}.subChannels", "Editor.UnknownChoice", Conversion.Cut(name ?? ""));
            sub |= one;
        }
        return new ServiceTarget
        {
            Clock = c.Choice($"{path}.clock", Clock, ContactClock.Resolution),
            Channel = c.Channels($"{path}.channel", Channels),
            SubChannels = sub,
            Amount = c.Int($"{path}.amount", Amount),
            Unit = c.Choice($"{path}.unit", Unit, TargetUnit.Hours),
            Counting = string.IsNullOrEmpty(Counting) ? ServiceClock.Business : c.Choice($"{path}.counting", Counting, ServiceClock.Business),
            Calendar = string.IsNullOrEmpty(Calendar) ? CalendarRefs.Site : c.Line($"{path}.calendar", Calendar),
            ExtendableBy = c.OptionalInt($"{path}.extendableBy", ExtendableBy),
            Warnings = Warnings.Select((w, j) => w.ToWarning($"{path}.warnings[{j}]", c)).ToList(),
        };
    }
}

/// <summary>One early warning of a target: "80" percent used, or "3" units left.</summary>
public sealed class WarningForm
{
    /// <summary>"PercentUsed" or "Left".</summary>
    public string? Kind { get; set; }
    public string? Value { get; set; }
    public string? LeftUnit { get; set; }
    public string? EscalationRuleKey { get; set; }

    public bool IsLeft => Kind == nameof(TargetWarning.Left);

    /// <summary>The path the value's messages are under: the linter's name of the property the value fills.</summary>
    public static string ValuePath(string path, WarningForm w) => path + (w.IsLeft ? ".left" : ".percentUsed");

    internal TargetWarning ToWarning(string path, Conversion c)
    {
        if (Kind is not (nameof(TargetWarning.PercentUsed) or nameof(TargetWarning.Left)))
            c.Fail($"{path}.kind", "Editor.UnknownChoice", Conversion.Cut(Kind ?? ""));
        var value = c.Int(ValuePath(path, this), Value);
        return IsLeft
            ? new TargetWarning
            {
                Left = value, LeftUnit = c.Choice($"{path}.leftUnit", LeftUnit, TargetUnit.BusinessDays),
                EscalationRuleKey = c.Optional($"{path}.escalationRuleKey", EscalationRuleKey),
            }
            : new TargetWarning { PercentUsed = value, EscalationRuleKey = c.Optional($"{path}.escalationRuleKey", EscalationRuleKey) };
    }
}

/// <summary>One contact field the agent fills during the run.</summary>
public sealed class FieldForm
{
    public string? Key { get; set; }
    public string? Label { get; set; }
    public string? Type { get; set; }
    public string? Required { get; set; }
    public List<string?> Options { get; set; } = [];
    public string? Currency { get; set; }
    public string? Sample { get; set; }

    public static FieldForm From(ContactField f) => new()
    {
        Key = f.Key, Label = f.Label, Type = f.Type.ToString(), Required = f.Required ? "true" : null,
        Options = f.Options.Select(o => (string?)o).ToList(), Currency = f.Currency, Sample = f.Sample,
    };

    internal ContactField ToField(string path, Conversion c)
    {
        c.Count($"{path}.options", Options.Count);
        return new ContactField
        {
            Key = c.Line($"{path}.key", Key),
            Label = c.Line($"{path}.label", Label),
            Type = c.Choice($"{path}.type", Type, ContactFieldType.Text),
            Required = Required == "true",
            Options = Options.Select((o, i) => c.Line($"{path}.options[{i}]", o)).ToList(),
            Currency = c.OptionalCurrency($"{path}.currency", Currency),
            Sample = c.Optional($"{path}.sample", Sample),
        };
    }
}

/// <summary>When the protocol wins over others, and what it is not for: one phrase or segment per row.</summary>
public sealed class SelectionForm
{
    public List<string?> WinsWhen { get; set; } = [];
    public List<string?> WinsOnChannels { get; set; } = [];
    public List<string?> WinsForSegments { get; set; } = [];
    public List<string?> NotFor { get; set; } = [];

    public static SelectionForm From(SelectionRules r) => new()
    {
        WinsWhen = r.WinsWhen.Select(x => (string?)x).ToList(),
        WinsOnChannels = ProtocolForm.Names(r.WinsOnChannels),
        WinsForSegments = r.WinsForSegments.Select(x => (string?)x).ToList(),
        NotFor = r.NotFor.Select(x => (string?)x).ToList(),
    };

    internal SelectionRules ToRules(Conversion c)
    {
        c.Count("selection.winsWhen", WinsWhen.Count);
        c.Count("selection.winsForSegments", WinsForSegments.Count);
        c.Count("selection.notFor", NotFor.Count);
        return new SelectionRules
        {
            WinsWhen = WinsWhen.Select((x, i) => c.Line($"selection.winsWhen[{i}]", x)).ToList(),
            WinsOnChannels = c.Channels("selection.winsOnChannels", WinsOnChannels),
            WinsForSegments = WinsForSegments.Select((x, i) => c.Line($"selection.winsForSegments[{i}]", x)).ToList(),
            NotFor = NotFor.Select((x, i) => c.Line($"selection.notFor[{i}]", x)).ToList(),
        };
    }
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

    public void Fail(string path, string code, params object[] args) => Problems.Add(new Problem(path, code, args));

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

    /// <summary>An ISO 4217 code ("EUR", "cop" is read as "COP"); empty means the organisation's currency.</summary>
    public string? OptionalCurrency(string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var code = value.Trim().ToUpperInvariant();
        if (code.Length == 3 && code.All(char.IsAsciiLetterUpper)) return code;
        Fail(path, "Editor.Currency", Cut(value));
        return null;
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
    public static string Cut(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
