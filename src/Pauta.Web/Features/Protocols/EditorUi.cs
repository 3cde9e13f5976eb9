using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Pauta.Core.Protocols;

namespace Pauta.Web.Features.Protocols;

/// <summary>
/// Element ids and form names derived from linter paths, so a finding at "steps[3].scripts[0].text" finds its input
/// ("f-steps-3-scripts-0-text", named "Input.Steps[3].Scripts[0].Text") and its message ("m-…") without a lookup table.
/// </summary>
public static class EditorIds
{
    public static string Field(string path) => "f-" + Slug(path);

    public static string Message(string path) => "m-" + Slug(path);

    public static string Button(string op) => "b-" + Slug(op);

    public static string Name(string path)
    {
        var b = new StringBuilder("Input");
        foreach (var segment in path.Split('.'))
        {
            b.Append('.');
            if (segment.Length > 0) b.Append(char.ToUpperInvariant(segment[0])).Append(segment, 1, segment.Length - 1);
        }
        return b.ToString();
    }

    private static string Slug(string path)
    {
        var b = new StringBuilder(path.Length);
        foreach (var c in path)
        {
            if (char.IsAsciiLetterOrDigit(c)) b.Append(c);
            else if (b.Length > 0 && b[^1] != '-') b.Append('-');
        }
        return b.ToString().TrimEnd('-');
    }
}

/// <summary>One message shown beside a part of the protocol.</summary>
public sealed record EditorMark(Severity Severity, string Path, string Message);

/// <summary>
/// The linter's findings and the form's own problems, by path, with localised messages: what the editor shows beside
/// each input and in the summary at the top.
/// </summary>
public sealed class EditorMarks
{
    private readonly Dictionary<string, List<EditorMark>> _byPath = new(StringComparer.Ordinal);
    private readonly List<EditorMark> _all = [];

    public EditorMarks(IEnumerable<LintFinding> findings, IEnumerable<Problem> problems, IStringLocalizer l)
    {
        foreach (var p in problems) Add(new EditorMark(Severity.Error, p.Field, p.Message(l)));
        foreach (var f in findings) Add(new EditorMark(f.Severity, f.Path, LintText.Message(f, l)));
    }

    public static EditorMarks None { get; } = new([], [], new EmptyLocalizer());

    private void Add(EditorMark mark)
    {
        _all.Add(mark);
        if (!_byPath.TryGetValue(mark.Path, out var list)) _byPath[mark.Path] = list = [];
        list.Add(mark);
    }

    public IReadOnlyList<EditorMark> At(string path) => _byPath.TryGetValue(path, out var list) ? list : [];

    public bool HasError(string path) => At(path).Any(m => m.Severity == Severity.Error);

    /// <summary>Errors first, then warnings, each in the order of the protocol.</summary>
    public IReadOnlyList<EditorMark> All => _all.OrderBy(m => m.Severity).ToList();

    public int Errors => _all.Count(m => m.Severity == Severity.Error);

    public int Warnings => _all.Count(m => m.Severity == Severity.Warning);

    /// <summary>Whether anything is marked at <paramref name="prefix"/> or inside it ("steps[2]" covers "steps[2].scripts[0].text").</summary>
    public bool AnyUnder(string prefix) => _byPath.Keys.Any(k => k == prefix || k.StartsWith(prefix + ".", StringComparison.Ordinal)
        || k.StartsWith(prefix + "[", StringComparison.Ordinal));

    private sealed class EmptyLocalizer : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, name);
        public LocalizedString this[string name, params object[] arguments] => new(name, name);
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}

/// <summary>Localised text for linter findings: the sentence comes from <see cref="LintMessage"/>, shared with <c>pauta lint</c>.</summary>
public static class LintText
{
    private static Func<string, object[], string> Text(IStringLocalizer l) => (key, args) => l[key, args].Value;

    public static string Message(LintFinding f, IStringLocalizer l) => LintMessage.Format(f, Text(l), CultureInfo.CurrentCulture);

    public static string StageName(Stage stage, IStringLocalizer l) => LintMessage.StageName(stage, Text(l));

    public static string ChannelName(Channels channels, IStringLocalizer l) => LintMessage.ChannelNames(channels, Text(l));

    /// <summary>"20 s", "4 h", "2 d": in the unit that divides the time exactly.</summary>
    public static string Duration(int seconds, IStringLocalizer l) => LintMessage.Duration(seconds, Text(l));

    public static string UnitName(TargetUnit unit, IStringLocalizer l) => unit switch
    {
        TargetUnit.Seconds => l["Editor.Unit.Seconds"],
        TargetUnit.Minutes => l["Editor.Unit.Minutes"],
        TargetUnit.Hours => l["Editor.Unit.Hours"],
        TargetUnit.Days => l["Editor.Unit.Days"],
        TargetUnit.BusinessDays => l["Editor.Unit.BusinessDays"],
    };

    public static string ClockName(Pauta.Core.Contacts.ContactClock clock, IStringLocalizer l) => clock switch
    {
        Pauta.Core.Contacts.ContactClock.FirstResponse => l["Editor.TargetClock.FirstResponse"],
        Pauta.Core.Contacts.ContactClock.Resolution => l["Editor.TargetClock.Resolution"],
        Pauta.Core.Contacts.ContactClock.Acknowledgement => l["Editor.TargetClock.Acknowledgement"],
        Pauta.Core.Contacts.ContactClock.Answer => l["Editor.TargetClock.Answer"],
    };

    public static string FieldTypeName(ContactFieldType type, IStringLocalizer l) => type switch
    {
        ContactFieldType.Text => l["Editor.FieldType.Text"],
        ContactFieldType.Number => l["Editor.FieldType.Number"],
        ContactFieldType.Date => l["Editor.FieldType.Date"],
        ContactFieldType.Time => l["Editor.FieldType.Time"],
        ContactFieldType.DateTime => l["Editor.FieldType.DateTime"],
        ContactFieldType.Amount => l["Editor.FieldType.Amount"],
        ContactFieldType.Choice => l["Editor.FieldType.Choice"],
    };

    public static string SubChannelName(SubChannels sub, IStringLocalizer l) => sub switch
    {
        SubChannels.Chat => l["Editor.SubChannel.Chat"],
        SubChannels.Email => l["Editor.SubChannel.Email"],
        SubChannels.Social => l["Editor.SubChannel.Social"],
        SubChannels.WhatsApp => l["Editor.SubChannel.WhatsApp"],
        _ => string.Join(", ", SubChannelList.Each.Where(x => (sub & x) == x).Select(x => SubChannelName(x, l))),
    };

    public static string ConditionName(EscalationCondition c, IStringLocalizer l) => c switch
    {
        EscalationCondition.CustomerAsks => l["Editor.Condition.CustomerAsks"],
        EscalationCondition.AmountOver => l["Editor.Condition.AmountOver"],
        EscalationCondition.TargetMissed => l["Editor.Condition.TargetMissed"],
        EscalationCondition.PlanSays => l["Editor.Condition.PlanSays"],
        EscalationCondition.FlowAnswer => l["Editor.Condition.FlowAnswer"],
        EscalationCondition.TargetAtRisk => l["Editor.Condition.TargetAtRisk"],
        _ => l["Editor.Condition.Other"],
    };

    public static string StatusName(ProtocolStatus s, IStringLocalizer l) => s switch
    {
        ProtocolStatus.Draft => l["Protocols.Status.Draft"],
        ProtocolStatus.InReview => l["Protocols.Status.InReview"],
        ProtocolStatus.Approved => l["Protocols.Status.Approved"],
        ProtocolStatus.Published => l["Protocols.Status.Published"],
        _ => l["Protocols.Status.Archived"],
    };

    /// <summary>A short "where" for the summary list: which step, plan, rule… a path points into.</summary>
    public static string Where(string path, ProtocolForm form, IStringLocalizer l)
    {
        var head = path.Split('.', 2)[0];
        var name = head.Split('[')[0];
        var index = Index(head);
        string StepLabel(IReadOnlyList<StepForm> steps, int? i) =>
            i is { } k && k < steps.Count ? l["Editor.Where.Step", k + 1, Blank(steps[k].Title, l)] : l["Editor.Section.Steps"];
        switch (name)
        {
            case "steps":
                return StepLabel(form.Steps, index);
            case "contingencyPlans" when index is { } p && p < form.ContingencyPlans.Count:
                var plan = form.ContingencyPlans[p];
                var where = l["Editor.Where.Plan", Blank(plan.Name, l)].Value;
                var rest = path.Split('.', 3);
                if (rest.Length > 1 && rest[1].StartsWith("steps[", StringComparison.Ordinal))
                    where += " · " + StepLabel(plan.Steps, Index(rest[1]));
                return where;
            case "contingencyPlans":
                return l["Editor.Section.Plans"];
            case "escalationRules":
                return index is { } r ? l["Editor.Where.Rule", r + 1] : l["Editor.Section.Escalation"];
            case "serviceLevels":
                return index is { } s ? l["Editor.Where.Level", s + 1] : l["Editor.Section.ServiceLevels"];
            case "serviceTargets":
                return index is { } g ? l["Editor.Where.Target", g + 1] : l["Editor.Section.ServiceLevels"];
            case "fields":
                return index is { } fi ? l["Editor.Where.ContactField", fi + 1] : l["Editor.Section.Fields"];
            case "selection":
                return l["Editor.Section.Selection"];
            case "sharedSections":
            case "kind":
                return l["Editor.Section.Kind"];
            case "terms":
                return index is { } t ? l["Editor.Where.Term", t + 1] : l["Editor.Section.Terms"];
            case "responsibilities":
                return index is { } x ? l["Editor.Where.Responsibility", x + 1] : l["Editor.Section.Responsibilities"];
            case "assessment":
                return l["Editor.Section.Assessment"];
            case "title":
                return l["Editor.Field.Title"];
            case "department":
                return l["Editor.Field.Department"];
            case "purpose":
                return l["Editor.Field.Purpose"];
            case "scope":
                return l["Editor.Field.Scope"];
            case "owner":
                return l["Editor.Field.Owner"];
            case "language":
                return l["Editor.Field.Language"];
            case "channels":
                return l["Editor.Section.Channels"];
            case "reviewEveryDays":
                return l["Editor.Field.ReviewEveryDays"];
            default:
                return l["Editor.Section.General"];
        }
    }

    private static string Blank(string? text, IStringLocalizer l) => string.IsNullOrWhiteSpace(text) ? l["Editor.Untitled"] : text;

    private static int? Index(string segment)
    {
        var open = segment.IndexOf('[');
        return open >= 0 && segment.EndsWith(']') && int.TryParse(segment[(open + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}

/// <summary>
/// Renders the editor's inputs the same way everywhere: a label tied to the input, the value exactly as stored, the
/// messages for that path right after it (and named by aria-describedby), and the focus where the last row change put it.
/// </summary>
public sealed class EditorUi(EditorMarks marks, string? focusId, bool readOnly, IStringLocalizer l)
{
    public EditorMarks Marks => marks;

    public bool ReadOnly => readOnly;

    public IStringLocalizer L => l;

    public IHtmlContent Text(string path, string? value, string label, string? name = null, string type = "text",
        string? hint = null, string? list = null, bool hideLabel = false, string css = "field", int? maxLength = null, string? inputMode = null)
    {
        var input = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        input.Attributes["type"] = type;
        if (list is not null) input.Attributes["list"] = list;
        if (maxLength is { } max) input.Attributes["maxlength"] = max.ToString(CultureInfo.InvariantCulture);
        if (inputMode is not null) input.Attributes["inputmode"] = inputMode;
        input.Attributes["value"] = value ?? "";
        return Wrap(path, name, label, hint, hideLabel, css, input);
    }

    public IHtmlContent Area(string path, string? value, string label, int rows = 3, string? name = null, string? hint = null,
        bool hideLabel = false, string css = "field", IDictionary<string, string?>? attributes = null)
    {
        var area = new TagBuilder("textarea");
        area.Attributes["rows"] = rows.ToString(CultureInfo.InvariantCulture);
        if (attributes is not null) area.MergeAttributes(attributes);
        // The HTML parser drops one line break right after <textarea>, so one is always written: a text that starts
        // with a line break keeps it.
        area.InnerHtml.Append("\n" + (value ?? ""));
        return Wrap(path, name, label, hint, hideLabel, css, area);
    }

    public IHtmlContent Select(string path, string? value, string label, IEnumerable<(string Value, string Text)> options,
        string? name = null, bool hideLabel = false, string css = "field", IEnumerable<(string Group, IEnumerable<(string Value, string Text)> Options)>? groups = null)
    {
        var select = new TagBuilder("select");
        var known = new HashSet<string>(StringComparer.Ordinal);
        void Option(IHtmlContentBuilder into, string v, string text)
        {
            var option = new TagBuilder("option");
            option.Attributes["value"] = v;
            if (v == (value ?? "")) option.Attributes["selected"] = "selected";
            option.InnerHtml.Append(text);
            into.AppendHtml(option);
            known.Add(v);
        }
        foreach (var (v, text) in options) Option(select.InnerHtml, v, text);
        foreach (var (group, items) in groups ?? [])
        {
            var optgroup = new TagBuilder("optgroup");
            optgroup.Attributes["label"] = group;
            foreach (var (v, text) in items) Option(optgroup.InnerHtml, v, text);
            if (optgroup.HasInnerHtml) select.InnerHtml.AppendHtml(optgroup);
        }
        // A value the choices do not offer (typed in a file, or a position since renamed) stays, marked, so that
        // saving the form unchanged never changes the protocol.
        if (!known.Contains(value ?? "")) Option(select.InnerHtml, value ?? "", l["Editor.UnknownOption", value ?? ""]);
        return Wrap(path, name, label, null, hideLabel, css, select);
    }

    /// <summary>A ticked-box list (channels) as one fieldset.</summary>
    public IHtmlContent Checks(string path, IReadOnlyCollection<string?> values, string legend, IEnumerable<(string Value, string Text)> options,
        string? name = null, string? hint = null, string css = "checks")
    {
        var fieldset = new TagBuilder("fieldset");
        fieldset.AddCssClass(css);
        fieldset.Attributes["id"] = EditorIds.Field(path);
        Describe(fieldset, path, hint is null ? null : EditorIds.Field(path) + "-hint");
        var legendTag = new TagBuilder("legend");
        legendTag.InnerHtml.Append(legend);
        fieldset.InnerHtml.AppendHtml(legendTag);
        var first = true;
        foreach (var (v, text) in options)
        {
            var labelTag = new TagBuilder("label");
            labelTag.AddCssClass("check");
            var box = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
            box.Attributes["type"] = "checkbox";
            box.Attributes["name"] = name ?? EditorIds.Name(path);
            box.Attributes["value"] = v;
            if (values.Contains(v)) box.Attributes["checked"] = "checked";
            if (first && focusId == EditorIds.Field(path)) box.Attributes["autofocus"] = "autofocus";
            first = false;
            labelTag.InnerHtml.AppendHtml(box).Append(" " + text);
            fieldset.InnerHtml.AppendHtml(labelTag);
        }
        // Unknown names are kept like unknown options of a select.
        foreach (var v in values.OfType<string>().Where(v => !options.Any(o => o.Value == v)))
        {
            var hidden = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
            hidden.Attributes["type"] = "hidden";
            hidden.Attributes["name"] = name ?? EditorIds.Name(path);
            hidden.Attributes["value"] = v;
            fieldset.InnerHtml.AppendHtml(hidden);
        }
        if (hint is not null) fieldset.InnerHtml.AppendHtml(Hint(EditorIds.Field(path) + "-hint", hint));
        fieldset.InnerHtml.AppendHtml(Lint(path));
        return fieldset;
    }

    /// <summary>One ticked box posting "true".</summary>
    public IHtmlContent Check(string path, bool on, string label, string? name = null)
    {
        var labelTag = new TagBuilder("label");
        labelTag.AddCssClass("check");
        var box = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        box.Attributes["type"] = "checkbox";
        box.Attributes["id"] = EditorIds.Field(path);
        box.Attributes["name"] = name ?? EditorIds.Name(path);
        box.Attributes["value"] = "true";
        if (on) box.Attributes["checked"] = "checked";
        if (focusId == EditorIds.Field(path)) box.Attributes["autofocus"] = "autofocus";
        labelTag.InnerHtml.AppendHtml(box).Append(" " + label);
        return labelTag;
    }

    /// <summary>A row-operation button: a plain submit without JavaScript, an in-place update with htmx.</summary>
    public IHtmlContent Button(string op, string text, string? css = null, string? ariaLabel = null, bool disabled = false, string? title = null)
    {
        var button = new TagBuilder("button");
        button.Attributes["type"] = "submit";
        button.Attributes["name"] = "op";
        button.Attributes["value"] = op;
        button.Attributes["id"] = EditorIds.Button(op);
        button.Attributes["formnovalidate"] = "formnovalidate";
        if (css is not null) button.AddCssClass(css);
        if (ariaLabel is not null) button.Attributes["aria-label"] = ariaLabel;
        if (title is not null) button.Attributes["title"] = title;
        if (op.StartsWith("up:", StringComparison.Ordinal)) button.Attributes["data-move"] = "up";
        if (op.StartsWith("down:", StringComparison.Ordinal)) button.Attributes["data-move"] = "down";
        if (disabled || readOnly) button.Attributes["disabled"] = "disabled";
        if (focusId == EditorIds.Button(op)) button.Attributes["autofocus"] = "autofocus";
        button.InnerHtml.Append(text);
        return button;
    }

    /// <summary>The messages for one path, as a list the input names in aria-describedby.</summary>
    public IHtmlContent Lint(string path)
    {
        var marks1 = marks.At(path);
        if (marks1.Count == 0) return HtmlString.Empty;
        var ul = new TagBuilder("ul");
        ul.AddCssClass("lint");
        ul.Attributes["id"] = EditorIds.Message(path);
        foreach (var m in marks1)
        {
            var li = new TagBuilder("li");
            li.AddCssClass(m.Severity == Severity.Error ? "lint-error" : "lint-warning");
            var tag = new TagBuilder("span");
            tag.AddCssClass("lint-kind");
            tag.InnerHtml.Append(m.Severity == Severity.Error ? l["Editor.Error"] : l["Editor.Warning"]);
            li.InnerHtml.AppendHtml(tag).Append(" " + m.Message);
            ul.InnerHtml.AppendHtml(li);
        }
        return ul;
    }

    /// <summary>A container's id and messages, for findings about a whole step, plan or list.</summary>
    public string Id(string path) => EditorIds.Field(path);

    public string? Focus(string id) => focusId == id ? "autofocus" : null;

    private IHtmlContent Wrap(string path, string? name, string label, string? hint, bool hideLabel, string css, TagBuilder control)
    {
        var id = EditorIds.Field(path);
        control.Attributes["id"] = id;
        control.Attributes["name"] = name ?? EditorIds.Name(path);
        if (readOnly) control.Attributes["disabled"] = "disabled";
        if (focusId == id) control.Attributes["autofocus"] = "autofocus";
        var hintId = hint is null ? null : id + "-hint";
        Describe(control, path, hintId);

        var wrapper = new TagBuilder("div");
        wrapper.AddCssClass(css);
        if (marks.HasError(path)) wrapper.AddCssClass("has-error");
        else if (marks.At(path).Count > 0) wrapper.AddCssClass("has-warning");
        var labelTag = new TagBuilder("label");
        labelTag.Attributes["for"] = id;
        if (hideLabel) labelTag.AddCssClass("sr-only");
        labelTag.InnerHtml.Append(label);
        wrapper.InnerHtml.AppendHtml(labelTag).AppendHtml(control);
        if (hintId is not null) wrapper.InnerHtml.AppendHtml(Hint(hintId, hint!));
        wrapper.InnerHtml.AppendHtml(Lint(path));
        return wrapper;
    }

    private void Describe(TagBuilder control, string path, string? hintId)
    {
        var ids = new List<string>();
        if (hintId is not null) ids.Add(hintId);
        if (marks.At(path).Count > 0) ids.Add(EditorIds.Message(path));
        if (ids.Count > 0) control.Attributes["aria-describedby"] = string.Join(' ', ids);
        if (marks.HasError(path)) control.Attributes["aria-invalid"] = "true";
    }

    /// <summary>A word diff as inline HTML: insertions in &lt;ins&gt;, removals in &lt;del&gt;, with no whitespace added between pieces.</summary>
    public static IHtmlContent Diff(IEnumerable<DiffPiece> pieces)
    {
        var html = new HtmlContentBuilder();
        foreach (var piece in pieces)
        {
            if (piece.Op == DiffOp.Same)
            {
                html.Append(piece.Text);
                continue;
            }
            var tag = new TagBuilder(piece.Op == DiffOp.Added ? "ins" : "del");
            tag.InnerHtml.Append(piece.Text);
            html.AppendHtml(tag);
        }
        return html;
    }

    private static TagBuilder Hint(string id, string text)
    {
        var small = new TagBuilder("small");
        small.AddCssClass("hint");
        small.Attributes["id"] = id;
        small.InnerHtml.Append(text);
        return small;
    }
}
