using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Pauta.Core.Protocols;

namespace Pauta.Web.Features.Protocols;

public enum PreviewKind
{
    /// <summary>Literal text of the script.</summary>
    Text,
    /// <summary>A placeholder filled with its sample value.</summary>
    Value,
    /// <summary>A placeholder with no sample value, shown with its fallback.</summary>
    Fallback,
    /// <summary>A placeholder Pauta does not know: an error, shown where it is.</summary>
    Unknown,
}

public sealed record PreviewPiece(PreviewKind Kind, string Text);

/// <summary>
/// A script rendered with <see cref="ScriptTemplate.SampleValues"/>, piece by piece so the page can mark filled values and
/// show unknown placeholders as errors in place, with the template's problems (unclosed braces…) as messages.
/// </summary>
public sealed record ScriptPreview(string Path, IReadOnlyList<PreviewPiece> Pieces, IReadOnlyList<string> Problems)
{
    public string Id => "pv-" + EditorIds.Field(Path)[2..];

    /// <summary>The pieces as inline HTML, written without whitespace between them: the preview keeps the script's own line breaks.</summary>
    public IHtmlContent Text(string unknownTitle)
    {
        var html = new HtmlContentBuilder();
        foreach (var piece in Pieces)
        {
            if (piece.Kind == PreviewKind.Text)
            {
                html.Append(piece.Text);
                continue;
            }
            var tag = new TagBuilder(piece.Kind == PreviewKind.Unknown ? "mark" : "span");
            tag.AddCssClass(piece.Kind switch { PreviewKind.Unknown => "ph-unknown", PreviewKind.Fallback => "ph fallback", _ => "ph" });
            if (piece.Kind == PreviewKind.Unknown) tag.Attributes["title"] = unknownTitle;
            tag.InnerHtml.Append(piece.Text);
            html.AppendHtml(tag);
        }
        return html;
    }

    public static ScriptPreview Of(string path, string? text, string? language, IStringLocalizer l)
    {
        var lang = language == "en" ? "en" : "es";
        var template = ScriptTemplate.Parse(text);
        var values = ScriptTemplate.SampleValues(lang);
        var culture = ScriptTemplate.CultureFor(lang);
        var pieces = new List<PreviewPiece>();
        foreach (var segment in template.Segments)
        {
            switch (segment)
            {
                case TextSegment t:
                    pieces.Add(new PreviewPiece(PreviewKind.Text, t.Text));
                    break;
                case PlaceholderSegment { Placeholder: { } known } p:
                    var value = values.Format(known, culture);
                    pieces.Add(value is not null ? new PreviewPiece(PreviewKind.Value, value)
                        : new PreviewPiece(PreviewKind.Fallback, p.Fallback ?? $"[{p.Name}]"));
                    break;
                case PlaceholderSegment p:
                    pieces.Add(new PreviewPiece(PreviewKind.Unknown, "{" + p.Name + "}"));
                    break;
            }
        }
        var problems = template.Problems.Select(p => l[p.Kind switch
        {
            TemplateProblemKind.UnknownPlaceholder => LintCodes.PlaceholderUnknown,
            TemplateProblemKind.UnclosedBrace => LintCodes.PlaceholderUnclosed,
            TemplateProblemKind.StrayClosingBrace => LintCodes.BraceStray,
            _ => LintCodes.PlaceholderEmpty,
        }, p.Line, p.Column, p.Text].Value).ToList();
        return new ScriptPreview(path, pieces, problems);
    }
}
