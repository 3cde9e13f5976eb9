using System.Globalization;
using System.Text;

namespace Pauta.Core.Protocols;

/// <summary>What is wrong with a piece of a script template.</summary>
public enum TemplateProblemKind
{
    /// <summary>A name that is not one of <see cref="Placeholders.ByName"/>.</summary>
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

/// <summary>A placeholder as written; <paramref name="Placeholder"/> is null when the name is unknown.</summary>
public sealed record PlaceholderSegment(string Name, Placeholder? Placeholder, string? Fallback, int Line, int Column) : TemplateSegment;

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

    public static ScriptTemplate Parse(string? text)
    {
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
                    Placeholder? known = Placeholders.ByName.TryGetValue(name, out var p) ? p : null;
                    if (known is null) problems.Add(new TemplateProblem(TemplateProblemKind.UnknownPlaceholder, line, column, name));
                    FlushLiteral();
                    segments.Add(new PlaceholderSegment(name, known, fallback, line, column));
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
    public string Render(ScriptValues values, CultureInfo culture)
    {
        var text = new StringBuilder(Source.Length);
        foreach (var segment in Segments)
        {
            switch (segment)
            {
                case TextSegment literal:
                    text.Append(literal.Text);
                    break;
                case PlaceholderSegment placeholder:
                    var value = placeholder.Placeholder is { } known ? values.Format(known, culture) : null;
                    text.Append(value ?? placeholder.Fallback ?? $"[{placeholder.Name}]");
                    break;
            }
        }
        return text.ToString();
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
        };

    /// <summary>The script as the editor previews it: rendered with <see cref="SampleValues"/> in the language's culture.</summary>
    public static string Preview(string? text, string language) =>
        Parse(text).Render(SampleValues(language), CultureFor(language));

    public static CultureInfo CultureFor(string language) =>
        CultureInfo.GetCultureInfo(language == "en" ? "en" : "es");
}
