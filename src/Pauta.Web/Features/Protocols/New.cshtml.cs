using System.Globalization;
using Pauta.Data.Configurations;
using Protocol = Pauta.Core.Protocols.Protocol;

namespace Pauta.Web.Features.Protocols;

/// <summary>A new protocol, blank or from a template, in a department of the organisation; it opens in the editor.</summary>
[Authorize(Policy = nameof(Permission.AuthorProtocols))]
public sealed class NewModel(ProtocolsService protocols, AuthoringLookups lookups, IStringLocalizer<SharedResource> l) : PageModel
{
    public const string Blank = "blank";

    [BindProperty] public NewProtocolInput Input { get; set; } = new();
    public IReadOnlyList<string> Departments { get; private set; } = [];

    /// <summary>The UI language's templates come first; the other language's are a click away.</summary>
    public string FirstLanguage => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "es";
    public string OtherLanguage => FirstLanguage == "en" ? "es" : "en";

    public async Task OnGetAsync(string? template, CancellationToken ct)
    {
        Input.Template = ProtocolTemplates.Find(template)?.Id ?? Blank;
        Departments = (await lookups.ChoicesAsync(ct)).Departments;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        Departments = (await lookups.ChoicesAsync(ct)).Departments;
        var template = ProtocolTemplates.Find(Input.Template);
        var problems = new List<Problem>();
        if (template is null && Input.Template != Blank) problems.Add(new Problem("Template", "Editor.TemplateUnknown"));
        var title = string.IsNullOrWhiteSpace(Input.Title) ? template?.Protocol.Title ?? "" : Input.Title.Trim();
        if (title.Length == 0) problems.Add(new Problem("Title", "Editor.TitleRequired"));
        else if (title.Length > ProtocolLimits.MaxTitleLength) problems.Add(new Problem("Title", "Protocol.TitleTooLong", ProtocolLimits.MaxTitleLength));
        var department = Input.Department?.Trim() ?? "";
        // With no departments yet the protocol can still be started; the linter asks for one before publishing.
        if (Departments.Count > 0 && department.Length == 0) problems.Add(new Problem("Department", "Editor.DepartmentRequired"));
        else if (department.Length > 0 && !Departments.Contains(department)) problems.Add(new Problem("Department", "Field.UnknownDepartment"));
        if (problems.Count > 0)
        {
            problems.AddTo(ModelState, l);
            return Page();
        }

        var protocol = (template?.Protocol ?? new Protocol { Language = FirstLanguage }) with { Title = title, Department = department };
        var outcome = await protocols.CreateAsync(protocol, ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                TempData[EditModel.StatusKey] = l["Editor.Created"].Value;
                return Redirect($"/protocols/{outcome.Value!.Id}/edit");
            case Failure.Forbidden:
                return Forbid();
            default:
                outcome.Problems.Select(p => p with { Field = EditorFieldOf(p.Field) }).AddTo(ModelState, l);
                return Page();
        }
    }

    private static string EditorFieldOf(string field) => field switch
    {
        "title" => "Title",
        "department" => "Department",
        _ => field,
    };
}

public sealed class NewProtocolInput
{
    public string? Template { get; set; }

    [Display(Name = "Editor.Field.Title")]
    public string? Title { get; set; }

    [Display(Name = "Editor.Field.Department")]
    public string? Department { get; set; }
}
