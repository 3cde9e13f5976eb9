using System.Globalization;
using System.Text;

namespace Pauta.Core.Protocols;

/// <summary>
/// Copies the organisation's shared sections into a protocol when a version of it is published. Each shared section's
/// opening steps go before the protocol's own opening steps, its analysis steps after the protocol's analysis steps, its
/// solution steps after the protocol's solution steps, and its plans after the protocol's plans, in the order the
/// protocol lists the sections; every copied step and plan carries <see cref="Step.SharedFrom"/> (the section's key).
/// Keys are not renamed: a copied step or plan whose key is already taken is refused with a problem naming both, because
/// a renamed key would silently break the "next" and answer references of the section's own flow.
/// </summary>
public static class SharedSectionExpansion
{
    /// <summary>A shared section's key: its title folded to lower-case letters, digits and hyphens ("Saludo común" → "saludo-comun").</summary>
    public static string KeyOf(string title)
    {
        var b = new StringBuilder();
        foreach (var c in (title ?? "").Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c)) b.Append(char.ToLowerInvariant(c));
            else if (b.Length > 0 && b[^1] != '-') b.Append('-');
        }
        var key = b.ToString().Trim('-');
        if (key.Length > CalendarRefs.MaxKeyLength) key = key[..CalendarRefs.MaxKeyLength].Trim('-');
        return key.Length > 0 && char.IsAsciiDigit(key[0]) ? "s-" + key : key;
    }

    /// <summary>
    /// The protocol with its shared sections copied in from <paramref name="sections"/> (by key), or the problems that
    /// prevent it: a section that is not published, a key taken twice. Steps and plans already copied (a previous
    /// expansion) are removed first, so expanding again after a section changed replaces the old copy.
    /// </summary>
    public static ExpansionResult Expand(Protocol protocol, IReadOnlyDictionary<string, Protocol> sections)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(sections);
        var own = Own(protocol);
        if (protocol.Kind == ProtocolKind.SharedSection || own.SharedSections.Count == 0) return new ExpansionResult(own, []);

        var problems = new List<ExpansionProblem>();
        var stepOwners = new Dictionary<string, string?>(StringComparer.Ordinal);
        var planOwners = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var s in own.Steps) stepOwners.TryAdd(s.Key, null);
        foreach (var p in own.ContingencyPlans) planOwners.TryAdd(p.Key, null);

        var opening = new List<Step>();
        var analysis = new List<Step>();
        var solution = new List<Step>();
        var plans = new List<ContingencyPlan>();
        foreach (var key in own.SharedSections.Distinct(StringComparer.Ordinal))
        {
            if (!sections.TryGetValue(key, out var section) || section.Kind != ProtocolKind.SharedSection)
            {
                problems.Add(new ExpansionProblem(ExpansionProblem.UnknownSection, key, null, null));
                continue;
            }
            foreach (var step in section.Steps)
            {
                if (!stepOwners.TryAdd(step.Key, key))
                {
                    problems.Add(new ExpansionProblem(ExpansionProblem.StepKeyTaken, key, step.Key, stepOwners[step.Key]));
                    continue;
                }
                var copy = step with { SharedFrom = key };
                (step.Stage switch
                {
                    Stage.Opening => opening,
                    Stage.Analysis => analysis,
                    Stage.Solution => solution,
                }).Add(copy);
            }
            foreach (var plan in section.ContingencyPlans)
            {
                if (!planOwners.TryAdd(plan.Key, key))
                {
                    problems.Add(new ExpansionProblem(ExpansionProblem.PlanKeyTaken, key, plan.Key, planOwners[plan.Key]));
                    continue;
                }
                plans.Add(plan with { SharedFrom = key, Steps = plan.Steps.Select(s => s with { SharedFrom = key }).ToList() });
            }
        }
        if (problems.Count > 0) return new ExpansionResult(own, problems);

        var steps = new List<Step>(opening);
        steps.AddRange(own.Steps.Where(s => s.Stage == Stage.Opening));
        steps.AddRange(own.Steps.Where(s => s.Stage == Stage.Analysis));
        steps.AddRange(analysis);
        steps.AddRange(own.Steps.Where(s => s.Stage == Stage.Solution));
        steps.AddRange(solution);
        return new ExpansionResult(own with { Steps = steps, ContingencyPlans = [.. own.ContingencyPlans, .. plans] }, []);
    }

    /// <summary>
    /// The change summary of the minor version a protocol gets when a shared section it includes is published, in the
    /// protocol's own language (it is part of the version, like the summary its author writes).
    /// </summary>
    public static string RepublishSummary(string language, string sectionTitle) => language == "en"
        ? $"Shared section “{sectionTitle}” updated."
        : $"Sección compartida «{sectionTitle}» actualizada.";

    /// <summary>The protocol without the steps and plans a previous expansion copied in.</summary>
    public static Protocol Own(Protocol protocol) =>
        protocol.Steps.Any(s => s.SharedFrom is not null) || protocol.ContingencyPlans.Any(p => p.SharedFrom is not null)
            ? protocol with
            {
                Steps = protocol.Steps.Where(s => s.SharedFrom is null).ToList(),
                ContingencyPlans = protocol.ContingencyPlans.Where(p => p.SharedFrom is null).ToList(),
            }
            : protocol;
}

/// <summary>The expanded protocol, or (with <see cref="Problems"/>) the protocol as it was.</summary>
public sealed record ExpansionResult(Protocol Protocol, IReadOnlyList<ExpansionProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Why a shared section could not be copied in. <see cref="Key"/> is the step or plan key; <see cref="TakenBy"/> the
/// shared section that already holds it, or null when it is the protocol's own.
/// </summary>
public sealed record ExpansionProblem(string Code, string Section, string? Key, string? TakenBy)
{
    public const string UnknownSection = "Shared.UnknownSection";
    public const string StepKeyTaken = "Shared.StepKeyTaken";
    public const string PlanKeyTaken = "Shared.PlanKeyTaken";
}
