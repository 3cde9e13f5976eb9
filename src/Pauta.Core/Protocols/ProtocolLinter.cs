using Pauta.Core.Organisations;

namespace Pauta.Core.Protocols;

/// <summary>
/// Checks a protocol before it can be published, and while it is edited. Errors block publishing, warnings are
/// advice. The same checks run in the editor, the API, the importer and <c>pauta lint</c>, so they are pure: all
/// the organisation knowledge they need comes in a <see cref="LintContext"/>. Findings are grouped by rule, in a
/// fixed order, so the same protocol always gives the same list.
/// </summary>
public static partial class ProtocolLinter
{
    public static IReadOnlyList<LintFinding> Lint(Protocol protocol, LintContext context)
    {
        var findings = new Findings();
        RequiredParts(protocol, findings);
        Texts(protocol, context, findings);
        StepKeys(protocol, findings);
        MainFlow(protocol, findings);
        Plans(protocol, findings);
        PlanChannels(protocol, findings);
        Greetings(protocol, findings);
        ServiceLevels(protocol, findings);
        Targets(protocol, context, findings);
        StepLinks(protocol, context, findings);
        Fields(protocol, findings);
        Selection(protocol, findings);
        SharedSections(protocol, findings);
        EscalationRules(protocol, context, findings);
        AssessmentAndReview(protocol, findings);
        return findings;
    }

    /// <summary>
    /// The checks <see cref="Lint"/> skips with <see cref="LintContext.Offline"/> because they need the organisation
    /// (<see cref="LintCodes.NeedOrganisation"/>): each code with the path it would look at.
    /// </summary>
    public static IReadOnlyList<(string Code, string Path)> NotRunOffline(Protocol protocol) => NotRun(protocol, LintContext.Offline);

    /// <summary>The checks <see cref="Lint"/> skips with <paramref name="context"/> because it lacks what they need, each with its path.</summary>
    public static IReadOnlyList<(string Code, string Path)> NotRun(Protocol protocol, LintContext context)
    {
        var skipped = new List<(string Code, string Path)>();
        if (!context.KnowsOrganisation)
        {
            skipped.AddRange(protocol.EscalationRules
                .Select((rule, i) => (rule, i))
                .Where(r => !string.IsNullOrWhiteSpace(r.rule.Target))
                .Select(r => (LintCodes.EscalationTargetUnknown, $"escalationRules[{r.i}].target")));
        }
        if (context.CalendarKeys is null)
        {
            skipped.AddRange(protocol.ServiceTargets
                .Select((target, i) => (target, i))
                .Where(t => t.target.Calendar is not (CalendarRefs.Site or CalendarRefs.Legal) && CalendarRefs.IsValidKey(t.target.Calendar))
                .Select(t => (LintCodes.TargetCalendarUnknown, $"serviceTargets[{t.i}].calendar")));
        }
        if (context.ProtocolTitles is null)
        {
            skipped.AddRange(AllSteps(protocol)
                .Where(s => !string.IsNullOrWhiteSpace(s.Step.Handoff) && !string.Equals(s.Step.Handoff.Trim(), protocol.Title.Trim(), StringComparison.OrdinalIgnoreCase))
                .Select(s => (LintCodes.HandoffUnknown, $"{s.Path}.handoff")));
        }
        if (context.PlaceholderNames is null) skipped.AddRange(UncheckedPlaceholders(protocol));
        return skipped;
    }

    /// <summary>Script placeholders that are neither built-in nor the protocol's fields: offline, they may be the organisation's own.</summary>
    private static IEnumerable<(string Code, string Path)> UncheckedPlaceholders(Protocol protocol)
    {
        var scope = new PlaceholderScope(protocol.Fields, null);
        foreach (var (path, step) in AllSteps(protocol))
        {
            for (var s = 0; s < step.Scripts.Count; s++)
            {
                if (ScriptTemplate.Parse(step.Scripts[s].Text, scope).UsedPlaceholders.Any(p => p.Source == PlaceholderSource.Custom))
                    yield return (LintCodes.PlaceholderUnknown, $"{path}.scripts[{s}].text");
            }
        }
    }

    /// <summary>Whether the findings allow publishing: no errors, whatever the warnings.</summary>
    public static bool AllowsPublishing(IEnumerable<LintFinding> findings) => !findings.Any(f => f.IsError);

    /// <summary>Findings whose severity always follows from the code, so the two can never disagree.</summary>
    private sealed class Findings : List<LintFinding>
    {
        public void Add(string code, string path, params object[] args) =>
            Add(new LintFinding(LintCodes.SeverityOf(code), code, path, args));
    }

    private static void RequiredParts(Protocol protocol, Findings findings)
    {
        if (string.IsNullOrWhiteSpace(protocol.Title)) findings.Add(LintCodes.TitleMissing, "title");
        if (string.IsNullOrWhiteSpace(protocol.Department)) findings.Add(LintCodes.DepartmentMissing, "department");
        if (string.IsNullOrWhiteSpace(protocol.Purpose)) findings.Add(LintCodes.PurposeMissing, "purpose");
        if (!OrganisationRules.Languages.Contains(protocol.Language))
            findings.Add(LintCodes.LanguageUnknown, "language", protocol.Language ?? "");
        if ((protocol.Channels & Channels.All) == Channels.None) findings.Add(LintCodes.ChannelMissing, "channels");
        // A shared section is spliced into protocols, never run by itself: it needs no stage of its own.
        if (protocol.Kind == ProtocolKind.SharedSection) return;
        foreach (var stage in Stages.InOrder)
        {
            if (!protocol.Steps.Any(s => s.Stage == stage)) findings.Add(LintCodes.StageEmpty, "steps", stage);
        }
    }

    /// <summary>The channels the protocol applies to, one flag each, in the usual order.</summary>
    private static IEnumerable<Channels> ChannelsOf(Protocol protocol) =>
        ChannelList.Each.Where(c => (protocol.Channels & c) == c);

    /// <summary>Every channel needs a way to open the contact: a greeting in the Opening stage that applies to it.</summary>
    private static void Greetings(Protocol protocol, Findings findings)
    {
        if (protocol.Kind == ProtocolKind.SharedSection) return;
        var greetings = protocol.Steps
            .Where(s => s.Stage == Stage.Opening)
            .SelectMany(s => s.Scripts)
            .Where(s => s.IsGreeting)
            .ToList();
        foreach (var channel in ChannelsOf(protocol))
        {
            if (!greetings.Any(g => g.AppliesTo(channel))) findings.Add(LintCodes.GreetingMissing, "channels", channel);
        }
    }

    /// <summary>
    /// Every channel needs a target of some clock, written as a format-1 service level or a format-2 target; a protocol
    /// may set targets for some clocks only. A shared section is never run by itself and needs none.
    /// </summary>
    private static void ServiceLevels(Protocol protocol, Findings findings)
    {
        foreach (var channel in ChannelsOf(protocol))
        {
            var covering = Enumerable.Range(0, protocol.ServiceLevels.Count)
                .Where(i => (protocol.ServiceLevels[i].Channel & channel) == channel)
                .ToList();
            if (covering.Count == 0 && protocol.Kind == ProtocolKind.Protocol && !protocol.ServiceTargets.Any(t => (t.Channel & channel) == channel))
                findings.Add(LintCodes.ServiceLevelMissing, protocol.ServiceTargets.Count > 0 ? "serviceTargets" : "serviceLevels", channel);
            // Two targets for one channel leave the clocks guessing which one to run.
            foreach (var extra in covering.Skip(1))
                findings.Add(LintCodes.ServiceLevelDuplicate, $"serviceLevels[{extra}].channel", channel);
        }

        for (var i = 0; i < protocol.ServiceLevels.Count; i++)
        {
            var level = protocol.ServiceLevels[i];
            var path = $"serviceLevels[{i}]";
            if (level.FirstResponseSeconds <= 0)
                findings.Add(LintCodes.ServiceLevelNotPositive, $"{path}.firstResponseSeconds", level.FirstResponseSeconds);
            if (level.ResolutionSeconds <= 0)
                findings.Add(LintCodes.ServiceLevelNotPositive, $"{path}.resolutionSeconds", level.ResolutionSeconds);
            else if (level.FirstResponseSeconds > 0 && level.ResolutionSeconds < level.FirstResponseSeconds)
                findings.Add(LintCodes.ResolutionBeforeFirstResponse, $"{path}.resolutionSeconds", level.ResolutionSeconds, level.FirstResponseSeconds);
        }
    }

    private static void EscalationRules(Protocol protocol, LintContext context, Findings findings)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < protocol.EscalationRules.Count; i++)
        {
            var rule = protocol.EscalationRules[i];
            var path = $"escalationRules[{i}]";
            if (!string.IsNullOrWhiteSpace(rule.Key) && !keys.Add(rule.Key))
                findings.Add(LintCodes.EscalationRuleKeyDuplicate, $"{path}.key", rule.Key);

            if (string.IsNullOrWhiteSpace(rule.Target))
                findings.Add(LintCodes.EscalationTargetMissing, $"{path}.target");
            // An escalation nobody can receive is worse than none: the agent waits for a supervisor who never comes.
            else if (context.KnowsOrganisation && !context.IsKnownTarget(rule.Target))
                findings.Add(LintCodes.EscalationTargetUnknown, $"{path}.target", rule.Target);

            if (rule.Condition == EscalationCondition.AmountOver && rule.Amount is not > 0)
                findings.Add(LintCodes.EscalationAmountMissing, $"{path}.amount");
            if (rule.Currency is not null && !Currencies.IsKnown(rule.Currency))
                findings.Add(LintCodes.EscalationCurrencyUnknown, $"{path}.currency", rule.Currency);
        }
    }

    private static void AssessmentAndReview(Protocol protocol, Findings findings)
    {
        if (protocol.Assessment is { } assessment)
        {
            if (assessment.PassMark is < 1 or > 100)
                findings.Add(LintCodes.PassMarkOutOfRange, "assessment.passMark", assessment.PassMark);
            for (var q = 0; q < assessment.Questions.Count; q++)
            {
                var question = assessment.Questions[q];
                if (question.CorrectIndex < 0 || question.CorrectIndex >= question.Options.Count)
                    findings.Add(LintCodes.CorrectIndexOutOfRange, $"assessment.questions[{q}].correctIndex", question.CorrectIndex, question.Options.Count);
            }
        }

        if (protocol.ReviewEveryDays is <= 0)
            findings.Add(LintCodes.ReviewCadenceNotPositive, "reviewEveryDays", protocol.ReviewEveryDays.Value);
    }
}
