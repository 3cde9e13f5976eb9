using Pauta.Core.Organisations;

namespace Pauta.Core.Protocols;

public static partial class ProtocolLinter
{
    /// <summary>An instruction longer than this is a paragraph, not a step: split it.</summary>
    public const int MaxInstructionWords = 60;

    /// <summary>
    /// Readability formulas were calibrated on samples of about a hundred words; on a handful of words one long
    /// word decides the score ("Compruebe la documentación." would fail), so shorter instructions are not scored.
    /// </summary>
    public const int MinWordsToScoreReadability = 15;

    private static void Texts(Protocol protocol, LintContext context, Findings findings)
    {
        var scope = Scope(protocol, context);
        var defined = Acronyms.DefinedBy(protocol.Terms);
        foreach (var (path, text) in Prose(protocol))
        {
            foreach (var acronym in Acronyms.Find(text))
            {
                if (!defined.Contains(Acronyms.Normalise(acronym))) findings.Add(LintCodes.AcronymUndefined, path, acronym);
            }
        }

        foreach (var (path, step) in AllSteps(protocol))
        {
            for (var s = 0; s < step.Scripts.Count; s++) Script($"{path}.scripts[{s}]", step.Scripts[s], scope, findings);
            Instruction($"{path}.instruction", step.Instruction, protocol.Language, findings);
        }
    }

    /// <summary>The names scripts may use: built-ins, the protocol's fields, the organisation's placeholders (unknown offline).</summary>
    private static PlaceholderScope Scope(Protocol protocol, LintContext context) =>
        new(protocol.Fields, context.PlaceholderNames);

    private static void Script(string path, Script script, PlaceholderScope scope, Findings findings)
    {
        if (script.Language is not null && !OrganisationRules.Languages.Contains(script.Language))
            findings.Add(LintCodes.LanguageUnknown, $"{path}.language", script.Language);

        foreach (var problem in ScriptTemplate.Parse(script.Text, scope).Problems)
        {
            var code = problem.Kind switch
            {
                TemplateProblemKind.UnknownPlaceholder => LintCodes.PlaceholderUnknown,
                TemplateProblemKind.UnclosedBrace => LintCodes.PlaceholderUnclosed,
                TemplateProblemKind.StrayClosingBrace => LintCodes.BraceStray,
                TemplateProblemKind.EmptyName => LintCodes.PlaceholderEmpty,
            };
            // Line and column come first in the arguments so every template message can show them the same way.
            findings.Add(code, $"{path}.text", problem.Line, problem.Column, problem.Text);
        }
    }

    private static void Instruction(string path, string instruction, string language, Findings findings)
    {
        var words = Readability.Words(instruction).Count;
        if (words > MaxInstructionWords)
            findings.Add(LintCodes.InstructionTooLong, path, words, MaxInstructionWords);

        if (words < MinWordsToScoreReadability) return;
        var score = Readability.Measure(instruction, language);
        var threshold = Readability.Threshold(language);
        if (score is not null && score.Score < threshold)
            findings.Add(LintCodes.InstructionHardToRead, path, Math.Round(score.Score, 1), threshold);
    }

    /// <summary>
    /// Every piece of prose a reader meets, with its path: where jargon must be explained. Names (department,
    /// owner, positions, term names) and links are not prose.
    /// </summary>
    private static IEnumerable<(string Path, string Text)> Prose(Protocol protocol)
    {
        yield return ("title", protocol.Title);
        yield return ("purpose", protocol.Purpose);
        yield return ("scope", protocol.Scope);
        for (var i = 0; i < protocol.Terms.Count; i++)
            yield return ($"terms[{i}].definition", protocol.Terms[i].Definition);
        for (var i = 0; i < protocol.Responsibilities.Count; i++)
            yield return ($"responsibilities[{i}].duties", protocol.Responsibilities[i].Duties);
        for (var p = 0; p < protocol.ContingencyPlans.Count; p++)
        {
            yield return ($"contingencyPlans[{p}].name", protocol.ContingencyPlans[p].Name);
            yield return ($"contingencyPlans[{p}].trigger", protocol.ContingencyPlans[p].Trigger);
        }
        foreach (var (path, step) in AllSteps(protocol))
        {
            foreach (var text in StepProse(path, step)) yield return text;
        }
        for (var i = 0; i < protocol.EscalationRules.Count; i++)
            yield return ($"escalationRules[{i}].detail", protocol.EscalationRules[i].Detail);
        if (protocol.Assessment is { } assessment)
        {
            for (var q = 0; q < assessment.Questions.Count; q++)
            {
                var question = assessment.Questions[q];
                yield return ($"assessment.questions[{q}].text", question.Text);
                for (var o = 0; o < question.Options.Count; o++)
                    yield return ($"assessment.questions[{q}].options[{o}]", question.Options[o]);
                yield return ($"assessment.questions[{q}].explanation", question.Explanation);
            }
        }
    }

    private static IEnumerable<(string Path, string Text)> StepProse(string path, Step step)
    {
        yield return ($"{path}.title", step.Title);
        yield return ($"{path}.instruction", step.Instruction);
        for (var c = 0; c < step.Checklist.Count; c++) yield return ($"{path}.checklist[{c}]", step.Checklist[c]);
        for (var s = 0; s < step.Scripts.Count; s++) yield return ($"{path}.scripts[{s}].text", step.Scripts[s].Text);
        if (step.Question is not null) yield return ($"{path}.question", step.Question);
        for (var a = 0; a < step.Answers.Count; a++) yield return ($"{path}.answers[{a}].label", step.Answers[a].Label);
        if (step.GoodExample is not null) yield return ($"{path}.goodExample", step.GoodExample);
        if (step.BadExample is not null) yield return ($"{path}.badExample", step.BadExample);
    }
}
