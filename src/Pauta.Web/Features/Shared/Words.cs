using Pauta.Core.Protocols;

namespace Pauta.Web.Features.Shared;

/// <summary>
/// The fixed words protocols store in English (role names in escalation targets and responsibilities, stages,
/// channels) shown in the reader's language wherever a page, the PDF or a diff writes them out.
/// </summary>
public static class Words
{
    /// <summary>A role's name in the UI language ("Manager" → "Responsable"); any other name (a position) as written.</summary>
    public static string Who(string name, IStringLocalizer l) => RoleNames.Parse(name) is { } role ? l["Role." + role].Value : name;

    /// <summary>The words of a version diff in the UI language.</summary>
    public static DiffWords ForDiff(IStringLocalizer l) => new(
        stage => l["Stage." + stage].Value,
        channel => l["Channel." + channel].Value,
        condition => l["Editor.Condition." + condition].Value,
        clock => l["Editor.Clock." + clock].Value,
        role => l["Role." + role].Value)
    {
        ContactClock = clock => l["LintWord.Clock." + clock].Value,
        Unit = unit => l["LintWord.Unit." + unit].Value,
    };
}
