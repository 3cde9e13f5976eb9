using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Pauta.Core.Contacts;
using Pauta.Core.Protocols;

namespace Pauta.Web.Features.Protocols;

public enum PreviewKind
{
    /// <summary>Literal text of the script.</summary>
    Text,
    /// <summary>A placeholder filled with a sample value: shown marked as an example, never as if it were real.</summary>
    Value,
    /// <summary>A placeholder with no sample value, shown with its fallback or as its slot ("[web]").</summary>
    Fallback,
    /// <summary>A placeholder Pauta does not know: an error, shown where it is.</summary>
    Unknown,
}

public sealed record PreviewPiece(PreviewKind Kind, string Text);

/// <summary>
/// A script rendered with <see cref="ScriptTemplate.SampleValues"/> (and each contact field's sample), piece by piece so
/// the page can mark every sample value as an example (visibly and for screen readers) and show unknown placeholders as
/// errors in place, with the template's problems (unclosed braces…) as messages.
/// </summary>
public sealed record ScriptPreview(string Path, IReadOnlyList<PreviewPiece> Pieces, IReadOnlyList<string> Problems)
{
    public string Id => "pv-" + EditorIds.Field(Path)[2..];

    /// <summary>
    /// The pieces as inline HTML, written without whitespace between them: the preview keeps the script's own line breaks.
    /// A sample value is a <c>&lt;mark class="sample"&gt;</c> whose hidden text says it is an example (<paramref name="example"/>).
    /// </summary>
    public IHtmlContent Text(string unknownTitle, string example)
    {
        var html = new HtmlContentBuilder();
        foreach (var piece in Pieces)
        {
            if (piece.Kind == PreviewKind.Text)
            {
                html.Append(piece.Text);
                continue;
            }
            var tag = new TagBuilder(piece.Kind is PreviewKind.Unknown or PreviewKind.Value ? "mark" : "span");
            tag.AddCssClass(piece.Kind switch
            {
                PreviewKind.Unknown => "ph-unknown",
                PreviewKind.Fallback => "ph fallback",
                PreviewKind.Value => "ph sample",
                PreviewKind.Text => "",
            });
            if (piece.Kind == PreviewKind.Unknown) tag.Attributes["title"] = unknownTitle;
            if (piece.Kind == PreviewKind.Value) tag.Attributes["title"] = example;
            tag.InnerHtml.Append(piece.Text);
            if (piece.Kind == PreviewKind.Value)
            {
                var hidden = new TagBuilder("span");
                hidden.AddCssClass("sr-only");
                hidden.InnerHtml.Append($" ({example})");
                tag.InnerHtml.AppendHtml(hidden);
            }
            html.AppendHtml(tag);
        }
        return html;
    }

    /// <summary>
    /// The preview of one script. <paramref name="scope"/> names the protocol's contact fields (filled with their
    /// <see cref="ContactField.Sample"/>, else a value made up from the type) and the organisation's placeholders; without
    /// it only the built-ins are known.
    /// </summary>
    public static ScriptPreview Of(string path, string? text, string? language, IStringLocalizer l, PlaceholderScope? scope = null)
    {
        var lang = language == "en" ? "en" : "es";
        scope ??= PlaceholderScope.BuiltInOnly;
        var template = ScriptTemplate.Parse(text, scope);
        var values = ScriptTemplate.SampleValues(lang) with
        {
            Fields = scope.Fields
                .Select(f => (f.Key, Sample: ContactFieldValues.MadeUpSample(f)))
                .Where(f => f.Sample is not null)
                .GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First().Sample!),
            Currency = "EUR",
        };
        var culture = ScriptTemplate.CultureFor(lang);
        var pieces = template.Pieces(values, culture).Select(p => p.Kind switch
        {
            ScriptPieceKind.Text => new PreviewPiece(PreviewKind.Text, p.Text),
            ScriptPieceKind.Value => new PreviewPiece(PreviewKind.Value, p.Text),
            ScriptPieceKind.Fallback or ScriptPieceKind.Slot => p.Placeholder?.Source == PlaceholderSource.Unknown
                ? new PreviewPiece(PreviewKind.Unknown, "{" + p.Placeholder.Name + "}")
                : new PreviewPiece(PreviewKind.Fallback, p.Text),
            ScriptPieceKind.Unknown => new PreviewPiece(PreviewKind.Unknown, p.Text),
        }).ToList();
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
