using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Pauta.Core.Protocols;

namespace Pauta.Web.Features.Protocols;

/// <summary>Two published versions side by side, section by section, words added and removed marked.</summary>
[Authorize(Policy = nameof(Permission.ReadProtocols))]
public sealed class DiffModel(ProtocolsService protocols, IStringLocalizer<SharedResource> l) : PageModel
{
    public VersionView From { get; private set; } = null!;
    public VersionView To { get; private set; } = null!;
    public IReadOnlyList<int> Numbers { get; private set; } = [];
    public IReadOnlyList<SectionDiff> Changed { get; private set; } = [];
    public IReadOnlyList<SectionDiff> Unchanged { get; private set; } = [];

    /// <summary>Without numbers it compares the latest version with the one before it.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, int? from, int? to, CancellationToken ct)
    {
        var versions = await protocols.ListVersionsAsync(id, ct);
        if (!versions.Succeeded || versions.Value!.Count == 0) return NotFound();
        Numbers = versions.Value.Select(v => v.Number).Order().ToList();
        var right = to ?? Numbers[^1];
        var left = from ?? Numbers.Where(n => n < right).DefaultIfEmpty(right).Max();
        var a = await protocols.GetVersionAsync(id, left, ct);
        var b = await protocols.GetVersionAsync(id, right, ct);
        if (!a.Succeeded || !b.Succeeded) return NotFound();
        From = a.Value!;
        To = b.Value!;
        var sections = ProtocolDiff.Compare(From.Protocol, To.Protocol, Words.ForDiff(l));
        Changed = sections.Where(s => s.Kind != SectionChangeKind.Unchanged).ToList();
        Unchanged = sections.Where(s => s.Kind == SectionChangeKind.Unchanged && s.Before.Length > 0).ToList();
        return Page();
    }

    /// <summary>A section's name in the reader's language (also used by the training lesson on what changed).</summary>
    public static string SectionName(SectionDiff s, IStringLocalizer l) => s.Section switch
    {
        "title" => l["Diff.Section.Title"],
        "department" => l["Diff.Section.Department"],
        "purpose" => l["Diff.Section.Purpose"],
        "scope" => l["Diff.Section.Scope"],
        "owner" => l["Diff.Section.Owner"],
        "language" => l["Diff.Section.Language"],
        "channels" => l["Diff.Section.Channels"],
        "terms" => l["Diff.Section.Terms"],
        "responsibilities" => l["Diff.Section.Responsibilities"],
        "step" => l["Diff.Section.Step", s.Label],
        "plan" => l["Diff.Section.Plan", s.Label],
        "escalation" => l["Diff.Section.Escalation", s.Label],
        "serviceLevels" => l["Diff.Section.ServiceLevels"],
        "review" => l["Diff.Section.Review"],
        "assessment" => l["Diff.Section.Assessment"],
        "serviceTargets" => l["Diff.Section.ServiceTargets"],
        "field" => l["Diff.Section.Field", s.Label],
        "selection" => l["Diff.Section.Selection"],
        "sharedSections" => l["Diff.Section.SharedSections"],
        "kind" => l["Diff.Section.Kind"],
        // A section Core adds later still shows, under its own name, until it gets a translation.
        _ => s.Label,
    };

    public int Count(SectionChangeKind kind) => kind == SectionChangeKind.Unchanged ? Unchanged.Count : Changed.Count(s => s.Kind == kind);

    /// <summary>
    /// One side of a section as HTML: the older side shows removed words in &lt;del&gt;, the newer added words in &lt;ins&gt;.
    /// Built as one string because the text keeps its line breaks (white-space: pre-wrap), so no template whitespace may slip in.
    /// </summary>
    public static IHtmlContent Side(SectionDiff s, bool before, IStringLocalizer l)
    {
        var text = before ? s.Before : s.After;
        var e = HtmlEncoder.Default;
        if (text.Length == 0) return new HtmlString($"<span class=\"empty\">{e.Encode(l["Diff.Empty"])}</span>");
        if (s.Kind == SectionChangeKind.Added) return new HtmlString($"<ins class=\"all\">{e.Encode(text)}</ins>");
        if (s.Kind == SectionChangeKind.Removed) return new HtmlString($"<del class=\"all\">{e.Encode(text)}</del>");
        var html = new System.Text.StringBuilder();
        foreach (var piece in s.Pieces)
        {
            switch (piece.Op)
            {
                case DiffOp.Same: html.Append(e.Encode(piece.Text)); break;
                case DiffOp.Removed when before: html.Append("<del>").Append(e.Encode(piece.Text)).Append("</del>"); break;
                case DiffOp.Added when !before: html.Append("<ins>").Append(e.Encode(piece.Text)).Append("</ins>"); break;
                case DiffOp.Removed or DiffOp.Added: break;
                default: throw new ArgumentOutOfRangeException(nameof(s), piece.Op, null);
            }
        }
        return new HtmlString(html.ToString());
    }
}
