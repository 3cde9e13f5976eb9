using System.Globalization;
using System.Text;

namespace Pauta.Core.Protocols;

/// <summary>What is wrong with a piece of a script template.</summary>
public enum TemplateProblemKind
{
    /// <summary>A name that is none of <see cref="Placeholders.ByName"/>, the protocol's fields or the organisation's placeholders.</summary>
    UnknownPlaceholder,
    /// <summary>A "{" with no "}" before the end of the line (or before another "{").</summary>
    UnclosedBrace,
    /// <summary>A "}" that closes nothing; "}}" writes a literal brace.</summary>
    StrayClosingBrace,
    /// <summary>"{}" or "{|fallback}".</summary>
    EmptyName,
}

/// <summary>
/// A problem at a 1-based <paramref name="Line"/> and <paramref name="Column"/> of the script text (lines because
/// e-mail and letter scripts span several). <paramref name="Text"/> is the placeholder name or the offending piece.
/// </summary>
public sealed record TemplateProblem(TemplateProblemKind Kind, int Line, int Column, string Text);

public abstract record TemplateSegment;

/// <summary>Literal text, with "{{" and "}}" already turned into single braces.</summary>
public sealed record TextSegment(string Text) : TemplateSegment;

/// <summary>What a placeholder's name resolved to.</summary>
public enum PlaceholderSource
{
    /// <summary>One of <see cref="Placeholders.ByName"/> (the company, the agent, the site…).</summary>
    BuiltIn,
    /// <summary>A contact field the protocol declares (<see cref="Protocol.Fields"/>).</summary>
    Field,
    /// <summary>
    /// One of the organisation's own placeholders, set in settings; also a name that may be one when the organisation's
    /// names are not known (<see cref="PlaceholderScope.Custom"/> null, as when linting offline).
    /// </summary>
    Custom,
    /// <summary>None of them: an error.</summary>
    Unknown,
}

/// <summary>
/// A placeholder as written. <paramref name="Placeholder"/> is set for a built-in; <see cref="Field"/> for a contact
/// field; <see cref="Source"/> says which it is.
/// </summary>
public sealed record PlaceholderSegment(string Name, Placeholder? Placeholder, string? Fallback, int Line, int Column) : TemplateSegment
{
    public PlaceholderSource Source { get; init; } = Placeholder is null ? PlaceholderSource.Unknown : PlaceholderSource.BuiltIn;

    public ContactField? Field { get; init; }
}

/// <summary>
/// The names a script may use besides the built-ins: the protocol's contact fields and the organisation's own
/// placeholders. <see cref="Custom"/> null means the organisation's names are not known (offline): a name that is
/// neither built-in nor a field is then taken as one of them rather than reported.
/// </summary>
public sealed record PlaceholderScope(IReadOnlyList<ContactField> Fields, IReadOnlySet<string>? Custom)
{
    /// <summary>Built-ins only: every other name is unknown.</summary>
    public static PlaceholderScope BuiltInOnly { get; } = new([], new HashSet<string>());

    /// <summary>The protocol's fields, and the organisation's placeholder names (null when not known).</summary>
    public static PlaceholderScope For(Protocol protocol, IEnumerable<string>? custom)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return new PlaceholderScope(protocol.Fields,
            custom?.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// What <paramref name="name"/> names: a declared field first (the protocol's author chose it for this protocol),
    /// then a built-in, then one of the organisation's placeholders.
    /// </summary>
    public (PlaceholderSource Source, Placeholder? BuiltIn, ContactField? Field) Resolve(string name)
    {
        var field = Fields.FirstOrDefault(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase));
        if (field is not null) return (PlaceholderSource.Field, null, field);
        if (Placeholders.ByName.TryGetValue(name, out var builtIn)) return (PlaceholderSource.BuiltIn, builtIn, null);
        if (Custom is null || Custom.Contains(name)) return (PlaceholderSource.Custom, null, null);
        return (PlaceholderSource.Unknown, null, null);
    }
}

/// <summary>How one piece of a rendered script came to be, so a page can style values, slots and errors apart.</summary>
public enum ScriptPieceKind
{
    /// <summary>The script's own words.</summary>
    Text,
    /// <summary>A placeholder filled with its value.</summary>
    Value,
    /// <summary>A placeholder with no value, said with the script's fallback.</summary>
    Fallback,
    /// <summary>A placeholder with no value and no fallback (or where values are never made up): "[cliente]", "[Fecha de la cita]".</summary>
    Slot,
    /// <summary>A name that is no placeholder: shown as written, "{citaa}".</summary>
    Unknown,
}

/// <summary>One piece of a rendered script; <paramref name="Placeholder"/> is null for the script's own words.</summary>
public sealed record ScriptPiece(ScriptPieceKind Kind, string Text, PlaceholderSegment? Placeholder = null);

/// <summary>
/// A script with placeholders: <c>{cliente}</c>, or <c>{cliente|estimado cliente}</c> with a fallback used when the
/// value is missing. <c>{{</c> and <c>}}</c> write literal braces. Parsing never throws: a malformed piece is kept as
/// literal text and reported, so the editor can preview a script while it is being typed.
/// </summary>
public sealed class ScriptTemplate
{
    private ScriptTemplate(string source, IReadOnlyList<TemplateSegment> segments, IReadOnlyList<TemplateProblem> problems)
    {
        Source = source;
        Segments = segments;
        Problems = problems;
    }

    public string Source { get; }

    public IReadOnlyList<TemplateSegment> Segments { get; }

    public IReadOnlyList<TemplateProblem> Problems { get; }

    public bool IsValid => Problems.Count == 0;

    /// <summary>Parses with the built-in placeholders only; every other name is reported unknown.</summary>
    public static ScriptTemplate Parse(string? text) => Parse(text, PlaceholderScope.BuiltInOnly);

    /// <summary>Parses knowing the protocol's fields and the organisation's placeholders (<paramref name="scope"/>).</summary>
    public static ScriptTemplate Parse(string? text, PlaceholderScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        text ??= "";
        var segments = new List<TemplateSegment>();
        var problems = new List<TemplateProblem>();
        var literal = new StringBuilder();
        var line = 1;
        var lineStart = 0;
        var i = 0;

        void FlushLiteral()
        {
            if (literal.Length == 0) return;
            segments.Add(new TextSegment(literal.ToString()));
            literal.Clear();
        }

        while (i < text.Length)
        {
            var c = text[i];
            var column = i - lineStart + 1;
            var doubled = i + 1 < text.Length && text[i + 1] == c;

            if (c == '\n')
            {
                literal.Append(c);
                i++;
                line++;
                lineStart = i;
            }
            else if (c == '{' && doubled)
            {
                literal.Append('{');
                i += 2;
            }
            else if (c == '{')
            {
                // A placeholder never spans lines or nests, so the first of those marks a missing "}" and keeps
                // one typo from swallowing the rest of the script.
                var close = i + 1;
                while (close < text.Length && text[close] is not ('}' or '{' or '\n')) close++;
                if (close >= text.Length || text[close] != '}')
                {
                    problems.Add(new TemplateProblem(TemplateProblemKind.UnclosedBrace, line, column, "{"));
                    literal.Append('{');
                    i++;
                    continue;
                }

                var inner = text[(i + 1)..close];
                var bar = inner.IndexOf('|');
                var name = (bar < 0 ? inner : inner[..bar]).Trim();
                var fallback = bar < 0 ? null : inner[(bar + 1)..].Trim();
                if (name.Length == 0)
                {
                    problems.Add(new TemplateProblem(TemplateProblemKind.EmptyName, line, column, "{" + inner + "}"));
                    literal.Append('{').Append(inner).Append('}');
                }
                else
                {
                    var (source, builtIn, field) = scope.Resolve(name);
                    if (source == PlaceholderSource.Unknown) problems.Add(new TemplateProblem(TemplateProblemKind.UnknownPlaceholder, line, column, name));
                    FlushLiteral();
                    segments.Add(new PlaceholderSegment(name, builtIn, fallback, line, column) { Source = source, Field = field });
                }
                i = close + 1;
            }
            else if (c == '}' && doubled)
            {
                literal.Append('}');
                i += 2;
            }
            else if (c == '}')
            {
                problems.Add(new TemplateProblem(TemplateProblemKind.StrayClosingBrace, line, column, "}"));
                literal.Append('}');
                i++;
            }
            else
            {
                literal.Append(c);
                i++;
            }
        }

        FlushLiteral();
        return new ScriptTemplate(text, segments, problems);
    }

    /// <summary>The placeholders the script uses, known or not, in order of appearance.</summary>
    public IEnumerable<PlaceholderSegment> UsedPlaceholders => Segments.OfType<PlaceholderSegment>();

    /// <summary>
    /// Fills the placeholders. A missing or blank value takes the fallback; without one the agent sees a marker
    /// such as "[cliente]" rather than a silent gap, so they know to say the name themselves.
    /// </summary>
    public string Render(ScriptValues values, CultureInfo culture) =>
        string.Concat(Pieces(values, culture).Select(p => p.Text));

    /// <summary>
    /// The script piece by piece: the words, each placeholder's value, its fallback, or a slot ("[cliente]"; a field's
    /// slot is its label, "[Fecha y hora de la cita]"). With <paramref name="slotsOverFallbacks"/> a missing value is
    /// always shown as its slot, as the reading page and the PDF show a script nobody is saying yet.
    /// </summary>
    public IReadOnlyList<ScriptPiece> Pieces(ScriptValues values, CultureInfo culture, bool slotsOverFallbacks = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(culture);
        var pieces = new List<ScriptPiece>(Segments.Count);
        foreach (var segment in Segments)
        {
            switch (segment)
            {
                case TextSegment literal:
                    pieces.Add(new ScriptPiece(ScriptPieceKind.Text, literal.Text));
                    break;
                case PlaceholderSegment placeholder:
                    pieces.Add(Piece(placeholder, values, culture, slotsOverFallbacks));
                    break;
            }
        }
        return pieces;
    }

    private static ScriptPiece Piece(PlaceholderSegment p, ScriptValues values, CultureInfo culture, bool slotsOverFallbacks)
    {
        var value = p.Source switch
        {
            PlaceholderSource.BuiltIn => values.Format(p.Placeholder!.Value, culture),
            PlaceholderSource.Field => values.Format(p.Field!, culture),
            PlaceholderSource.Custom => values.FormatCustom(p.Name),
            PlaceholderSource.Unknown => null,
        };
        if (value is not null) return new ScriptPiece(ScriptPieceKind.Value, value, p);
        if (p.Fallback is not null && !slotsOverFallbacks) return new ScriptPiece(ScriptPieceKind.Fallback, p.Fallback, p);
        return p.Source == PlaceholderSource.Unknown && slotsOverFallbacks
            ? new ScriptPiece(ScriptPieceKind.Unknown, "{" + p.Name + "}", p)
            : new ScriptPiece(ScriptPieceKind.Slot, SlotOf(p), p);
    }

    /// <summary>How a placeholder without a value is shown: its field's label, else its name, in brackets.</summary>
    public static string SlotOf(PlaceholderSegment placeholder)
    {
        ArgumentNullException.ThrowIfNull(placeholder);
        var label = placeholder.Field is { Label: { Length: > 0 } l } && !string.IsNullOrWhiteSpace(l) ? l.Trim() : placeholder.Name;
        return $"[{label}]";
    }

    /// <summary>Believable values for the editor's preview, in the protocol's language.</summary>
    public static ScriptValues SampleValues(string language) => language == "en"
        ? new ScriptValues
        {
            Company = "Suárez Stores",
            Agent = "Lucy Gómez",
            Customer = "Mrs Martin",
            Date = new DateOnly(2025, 3, 14),
            Time = new TimeOnly(10, 30),
            Channel = "phone",
            Department = "Customer service",
            Protocol = "Phone service",
            Site = "Downtown store",
            Address = "12 High Street",
            Hours = "Monday to Friday, 10:00 to 20:30",
            SitePhone = "+34 910 000 000",
        }
        : new ScriptValues
        {
            Company = "Tiendas Suárez",
            Agent = "Lucía Gómez",
            Customer = "Sra. Martín",
            Date = new DateOnly(2025, 3, 14),
            Time = new TimeOnly(10, 30),
            Channel = "teléfono",
            Department = "Atención al cliente",
            Protocol = "Atención telefónica",
            Site = "Tienda Centro",
            Address = "Calle Mayor 12",
            Hours = "de lunes a viernes, de 10:00 a 20:30",
            SitePhone = "+34 910 000 000",
        };

    /// <summary>The script as the editor previews it: rendered with <see cref="SampleValues"/> in the language's culture.</summary>
    public static string Preview(string? text, string language) =>
        Parse(text).Render(SampleValues(language), CultureFor(language));

    public static CultureInfo CultureFor(string language) =>
        CultureInfo.GetCultureInfo(language == "en" ? "en" : "es");
}
