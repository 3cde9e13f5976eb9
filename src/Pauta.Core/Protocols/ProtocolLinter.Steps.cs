using System.Text.RegularExpressions;

namespace Pauta.Core.Protocols;

public static partial class ProtocolLinter
{
    /// <summary>
    /// Keys are unique across the whole protocol, plans included, because suggestions, contacts and the audit
    /// trail name a step by its key alone. A key is a lower-case slug and never the reserved "end".
    /// </summary>
    private static void StepKeys(Protocol protocol, Findings findings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, step) in AllSteps(protocol))
        {
            if (!IsSlug(step.Key) || step.Key == Step.End)
                findings.Add(LintCodes.StepKeyInvalid, $"{path}.key", step.Key ?? "");
            else if (!seen.Add(step.Key))
                findings.Add(LintCodes.StepKeyDuplicate, $"{path}.key", step.Key);
        }
    }

    /// <summary>The main flow; a shared section's steps are spliced into other flows, so they need not end in the Solution stage.</summary>
    private static void MainFlow(Protocol protocol, Findings findings) =>
        Flow("steps", protocol.Steps, mustEndInSolution: protocol.Kind == ProtocolKind.Protocol, protocol, findings);

    /// <summary>Plans are linted like the main flow, except that leaving a plan returns to the main flow, so it may end in any stage.</summary>
    private static void Plans(Protocol protocol, Findings findings)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var p = 0; p < protocol.ContingencyPlans.Count; p++)
        {
            var plan = protocol.ContingencyPlans[p];
            var path = $"contingencyPlans[{p}]";
            if (!string.IsNullOrWhiteSpace(plan.Key) && !keys.Add(plan.Key))
                findings.Add(LintCodes.PlanKeyDuplicate, $"{path}.key", plan.Key);
            if (string.IsNullOrWhiteSpace(plan.Name)) findings.Add(LintCodes.PlanNameMissing, $"{path}.name");
            if (plan.Steps.Count == 0) findings.Add(LintCodes.PlanEmpty, $"{path}.steps");
            Flow($"{path}.steps", plan.Steps, mustEndInSolution: false, protocol, findings);
        }
    }

    private static void Flow(string prefix, IReadOnlyList<Step> steps, bool mustEndInSolution, Protocol protocol, Findings findings)
    {
        var flow = ProtocolFlow.Of(steps);
        var ruleKeys = protocol.EscalationRules.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);

        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var path = $"{prefix}[{i}]";
            if (step.IsQuestion)
            {
                if (step.Answers.Count == 0) findings.Add(LintCodes.QuestionWithoutAnswers, $"{path}.answers");
                if (string.IsNullOrWhiteSpace(step.Question)) findings.Add(LintCodes.QuestionTextMissing, $"{path}.question");
                // The answers decide where a question step goes; a Next beside them would silently do nothing.
                if (!string.IsNullOrWhiteSpace(step.Next)) findings.Add(LintCodes.NextIgnored, $"{path}.next", step.Next);
            }

            for (var a = 0; a < step.Answers.Count; a++)
            {
                var ruleKey = step.Answers[a].EscalationRuleKey;
                if (!string.IsNullOrWhiteSpace(ruleKey) && !ruleKeys.Contains(ruleKey))
                    findings.Add(LintCodes.EscalationRuleUnknown, $"{path}.answers[{a}].escalationRuleKey", ruleKey);
            }

            foreach (var edge in flow.EdgesFrom(i).Where(e => e.IsDangling))
            {
                var where = edge.AnswerIndex is { } a ? $"{path}.answers[{a}].next" : $"{path}.next";
                findings.Add(LintCodes.NextStepUnknown, where, edge.Target);
            }
        }

        var reachable = flow.Reachable();
        for (var i = 0; i < steps.Count; i++)
        {
            if (!reachable.Contains(i)) findings.Add(LintCodes.StepUnreachable, $"{prefix}[{i}]", steps[i].Key);
        }

        // Unreachable steps are already reported; a path only "ends" if a contact can walk it.
        if (mustEndInSolution)
        {
            foreach (var i in flow.TerminalSteps().Where(reachable.Contains))
            {
                if (steps[i].Stage != Stage.Solution)
                    findings.Add(LintCodes.PathEndsOutsideSolution, $"{prefix}[{i}]", steps[i].Key, steps[i].Stage);
            }
        }

        foreach (var loop in flow.LoopsWithoutExit().Where(l => l.Any(reachable.Contains)))
            findings.Add(LintCodes.LoopWithoutExit, $"{prefix}[{loop[0]}]", string.Join(" → ", loop.Select(i => steps[i].Key)));
    }

    /// <summary>Every step of the protocol with its path: the main flow, then each plan's.</summary>
    private static IEnumerable<(string Path, Step Step)> AllSteps(Protocol protocol)
    {
        for (var i = 0; i < protocol.Steps.Count; i++)
            yield return ($"steps[{i}]", protocol.Steps[i]);
        for (var p = 0; p < protocol.ContingencyPlans.Count; p++)
        {
            var plan = protocol.ContingencyPlans[p];
            for (var i = 0; i < plan.Steps.Count; i++)
                yield return ($"contingencyPlans[{p}].steps[{i}]", plan.Steps[i]);
        }
    }

    private static bool IsSlug(string? key) => key is not null && Slug().IsMatch(key);

    [GeneratedRegex(@"^[a-z0-9]+(?:-[a-z0-9]+)*\z")]
    private static partial Regex Slug();
}
