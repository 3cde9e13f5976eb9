using System.Globalization;
using System.Text;
using Pauta.Core.Contacts;
using Pauta.Core.Organisations;

namespace Pauta.Core.Protocols;

/// <summary>The rules for the parts format 2 added: targets, hand-offs, contact fields, selection rules, shared sections.</summary>
public static partial class ProtocolLinter
{
    /// <summary>
    /// The most of each unit a target may sensibly count: a year. More is almost always a slip of the unit (seconds
    /// written for minutes), so it is a warning, not an error.
    /// </summary>
    private static int PlausibleMax(TargetUnit unit) => unit switch
    {
        TargetUnit.Seconds => 365 * 24 * 3600,
        TargetUnit.Minutes => 365 * 24 * 60,
        TargetUnit.Hours => 365 * 24,
        TargetUnit.Days => 365,
        TargetUnit.BusinessDays => 260,
        _ => int.MaxValue,
    };

    /// <summary>A target's length in seconds when its unit is a fixed length; null for day units, which depend on the calendar.</summary>
    private static long? Seconds(int amount, TargetUnit unit) => unit switch
    {
        TargetUnit.Seconds => amount,
        TargetUnit.Minutes => amount * 60L,
        TargetUnit.Hours => amount * 3600L,
        TargetUnit.Days or TargetUnit.BusinessDays => null,
        _ => null,
    };

    private static bool SubChannelsOverlap(SubChannels a, SubChannels b) =>
        (a == SubChannels.None && b == SubChannels.None) || (a & b) != SubChannels.None;

    private static void Targets(Protocol protocol, LintContext context, Findings findings)
    {
        var ruleKeys = protocol.EscalationRules.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var fromLevels = protocol.ServiceLevels
            .SelectMany(l => new[] { (Clock: ContactClock.FirstResponse, Seconds: l.FirstResponseSeconds), (Clock: ContactClock.Resolution, Seconds: l.ResolutionSeconds) }
                .Where(c => c.Seconds >= 0).Select(c => (c.Clock, l.Channel)))
            .ToList();

        for (var i = 0; i < protocol.ServiceTargets.Count; i++)
        {
            var target = protocol.ServiceTargets[i];
            var path = $"serviceTargets[{i}]";

            if ((target.Channel & Channels.All) == Channels.None)
                findings.Add(LintCodes.TargetChannelMissing, $"{path}.channel");
            else if ((target.Channel & ~protocol.Channels & Channels.All) is var unused and not Channels.None && protocol.Kind == ProtocolKind.Protocol)
                findings.Add(LintCodes.TargetChannelUnused, $"{path}.channel", unused);

            // Two targets one contact would both match leave the clock guessing; one naming a sub-channel beats one naming none.
            var earlier = Enumerable.Range(0, i).Select(j => protocol.ServiceTargets[j])
                .Where(o => o.Clock == target.Clock && SubChannelsOverlap(o.SubChannels, target.SubChannels))
                .Select(o => o.Channel & target.Channel & Channels.All)
                .Concat(target.SubChannels == SubChannels.None
                    ? fromLevels.Where(l => l.Clock == target.Clock).Select(l => l.Channel & target.Channel & Channels.All)
                    : [])
                .FirstOrDefault(c => c != Channels.None);
            if (earlier != Channels.None)
                findings.Add(LintCodes.TargetDuplicate, $"{path}.channel", target.Clock, earlier);

            if (target.SubChannels != SubChannels.None && target.Channel != Channels.Electronic)
                findings.Add(LintCodes.TargetSubChannelsOutsideElectronic, $"{path}.subChannels");

            if (target.Amount < 1)
                findings.Add(LintCodes.TargetAmountNotPositive, $"{path}.amount", target.Amount);
            else if (target.Amount > PlausibleMax(target.Unit))
                findings.Add(LintCodes.TargetAmountImplausible, $"{path}.amount", target.Amount, target.Unit);

            // Days are counted on the calendar whatever "counting" says; saying "calendar" for business days contradicts the unit.
            if (target.Unit == TargetUnit.BusinessDays && target.Counting == ServiceClock.Calendar)
                findings.Add(LintCodes.TargetCountingIgnored, $"{path}.counting", target.Unit);

            if (target.ExtendableBy is < 1)
                findings.Add(LintCodes.TargetExtensionNotPositive, $"{path}.extendableBy", target.ExtendableBy.Value);

            var calendar = target.Calendar ?? "";
            if (calendar is not (CalendarRefs.Site or CalendarRefs.Legal))
            {
                if (!CalendarRefs.IsValidKey(calendar))
                    findings.Add(LintCodes.TargetCalendarInvalid, $"{path}.calendar", calendar);
                else if (context.CalendarKeys is { } keys && !keys.Contains(calendar))
                    findings.Add(LintCodes.TargetCalendarUnknown, $"{path}.calendar", calendar);
            }

            for (var w = 0; w < target.Warnings.Count; w++)
                Warning(target, target.Warnings[w], $"{path}.warnings[{w}]", ruleKeys, findings);
        }
    }

    private static void Warning(ServiceTarget target, TargetWarning warning, string path, HashSet<string> ruleKeys, Findings findings)
    {
        if ((warning.PercentUsed is null) == (warning.Left is null))
            findings.Add(LintCodes.TargetWarningShape, path);
        if (warning.PercentUsed is { } percent and (< 1 or > 99))
            findings.Add(LintCodes.TargetWarningPercentOutOfRange, $"{path}.percentUsed", percent);
        if (warning.Left is { } left)
        {
            // A warning must come before the breach: "n left" has to be less than the whole term. Units compare when
            // both are fixed lengths or both are the same unit; business days against hours depend on the calendar.
            var leftSeconds = Seconds(left, warning.LeftUnit);
            var targetSeconds = Seconds(target.Amount, target.Unit);
            var notBelow = warning.LeftUnit == target.Unit ? left >= target.Amount
                : leftSeconds is { } ls && targetSeconds is { } ts && ls >= ts;
            if (left < 1 || (target.Amount >= 1 && notBelow))
                findings.Add(LintCodes.TargetWarningLeftOutOfRange, $"{path}.left", left, warning.LeftUnit, target.Amount, target.Unit);
        }
        if (!string.IsNullOrWhiteSpace(warning.EscalationRuleKey) && !ruleKeys.Contains(warning.EscalationRuleKey))
            findings.Add(LintCodes.EscalationRuleUnknown, $"{path}.escalationRuleKey", warning.EscalationRuleKey);
    }

    /// <summary>What steps point at outside their flow: the clock they fulfil and the protocol they hand off to.</summary>
    private static void StepLinks(Protocol protocol, LintContext context, Findings findings)
    {
        var clocks = ServiceTargets.Of(protocol).Select(t => t.Clock).ToHashSet();
        foreach (var (path, step) in AllSteps(protocol))
        {
            if (step.Fulfils is { } clock && !clocks.Contains(clock))
                findings.Add(LintCodes.StepFulfilsWithoutTarget, $"{path}.fulfils", clock);
            if (step.Handoff is not { } handoff) continue;
            if (!string.IsNullOrWhiteSpace(protocol.Title) && string.Equals(handoff.Trim(), protocol.Title.Trim(), StringComparison.OrdinalIgnoreCase))
                findings.Add(LintCodes.HandoffToItself, $"{path}.handoff", handoff);
            else if (string.IsNullOrWhiteSpace(handoff) || !context.IsKnownProtocol(handoff))
                findings.Add(LintCodes.HandoffUnknown, $"{path}.handoff", handoff);
        }
    }

    private static void Fields(Protocol protocol, Findings findings)
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < protocol.Fields.Count; i++)
        {
            var field = protocol.Fields[i];
            var path = $"fields[{i}]";
            // Placeholders match ignoring case, so keys must be unique ignoring case too.
            if (!IsSlug(field.Key))
                findings.Add(LintCodes.FieldKeyInvalid, $"{path}.key", field.Key ?? "");
            else if (Placeholders.ByName.ContainsKey(field.Key))
                findings.Add(LintCodes.FieldKeyReserved, $"{path}.key", field.Key);
            else if (!keys.Add(field.Key))
                findings.Add(LintCodes.FieldKeyDuplicate, $"{path}.key", field.Key);

            if (string.IsNullOrWhiteSpace(field.Label)) findings.Add(LintCodes.FieldLabelMissing, $"{path}.label", field.Key ?? "");

            if (field.Type == ContactFieldType.Choice)
            {
                var options = field.Options.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count();
                if (options < 2) findings.Add(LintCodes.FieldChoiceOptions, $"{path}.options", options);
            }
            else if (field.Options.Count > 0)
                findings.Add(LintCodes.FieldOptionsIgnored, $"{path}.options");

            if (field.Currency is not null && !Currencies.IsKnown(field.Currency))
                findings.Add(LintCodes.FieldCurrencyUnknown, $"{path}.currency", field.Currency);
        }
    }

    private static void Selection(Protocol protocol, Findings findings)
    {
        var selection = protocol.Selection;
        foreach (var (name, list) in new[] { ("winsWhen", selection.WinsWhen), ("winsForSegments", selection.WinsForSegments), ("notFor", selection.NotFor) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(list[i])) findings.Add(LintCodes.SelectionPhraseEmpty, $"selection.{name}[{i}]");
            }
        }

        var wins = selection.WinsWhen.Where(p => !string.IsNullOrWhiteSpace(p)).Select(Fold).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < selection.NotFor.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(selection.NotFor[i]) && wins.Contains(Fold(selection.NotFor[i])))
                findings.Add(LintCodes.SelectionPhraseContradicts, $"selection.notFor[{i}]", selection.NotFor[i]);
        }

        if ((selection.WinsOnChannels & ~protocol.Channels & Channels.All) is var outside and not Channels.None)
            findings.Add(LintCodes.SelectionChannelsOutside, "selection.winsOnChannels", outside);

        // The suggester reads exclusions from selection.notFor only; written in the scope they read as evidence for the protocol.
        if (selection.NotFor.Count == 0 && ScopeExclusionIn(protocol.Scope) is { } exclusion)
            findings.Add(LintCodes.ScopeExclusion, "scope", exclusion);
    }

    /// <summary>How scopes say what a protocol is not for, folded (lower case, no accents).</summary>
    private static readonly string[] ExclusionMarkers =
    [
        "no se aplica", "no aplica", "no es para", "no incluye", "no cubre", "quedan excluid", "queda excluid", "se excluye", "excepto", "salvo",
        "not for", "does not apply", "doesn't apply", "do not apply", "does not cover", "doesn't cover", "excluding", "except",
    ];

    /// <summary>The first exclusion marker in a scope, as written there, or null.</summary>
    internal static string? ScopeExclusionIn(string? scope)
    {
        if (string.IsNullOrWhiteSpace(scope)) return null;
        var folded = Fold(scope);
        foreach (var marker in ExclusionMarkers)
        {
            var at = folded.IndexOf(marker, StringComparison.Ordinal);
            // As whole words: "salvo" in "salvoconducto" or "except" in "exceptional" is not an exclusion.
            while (at >= 0 && !(IsWordEdge(folded, at - 1) && IsWordEdge(folded, at + marker.Length) ||
                                marker.EndsWith("excluid", StringComparison.Ordinal) && IsWordEdge(folded, at - 1)))
                at = folded.IndexOf(marker, at + 1, StringComparison.Ordinal);
            if (at >= 0) return scope.Substring(at, Math.Min(marker.Length, scope.Length - at));
        }
        return null;
    }

    private static bool IsWordEdge(string text, int index) => index < 0 || index >= text.Length || !char.IsLetterOrDigit(text[index]);

    /// <summary>Lower case without accents, one character for each of the text's, so positions carry over.</summary>
    private static string Fold(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            // Halves of a surrogate pair (an emoji) cannot be normalised alone, and have no accents to lose.
            var bare = char.IsSurrogate(c) ? c : c.ToString().Normalize(NormalizationForm.FormD)[0];
            result.Append(char.ToLower(bare, CultureInfo.InvariantCulture));
        }
        return result.ToString().Replace('’', '\'');
    }

    private static void PlanChannels(Protocol protocol, Findings findings)
    {
        for (var p = 0; p < protocol.ContingencyPlans.Count; p++)
        {
            if ((protocol.ContingencyPlans[p].Channels & ~protocol.Channels & Channels.All) is var outside and not Channels.None)
                findings.Add(LintCodes.PlanChannelsOutside, $"contingencyPlans[{p}].channels", outside);
        }
    }

    private static void SharedSections(Protocol protocol, Findings findings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < protocol.SharedSections.Count; i++)
        {
            var key = protocol.SharedSections[i];
            var path = $"sharedSections[{i}]";
            // Publication copies a section in once; a section including others would make that a tree to expand.
            if (protocol.Kind == ProtocolKind.SharedSection)
                findings.Add(LintCodes.SharedSectionNested, path, key);
            else if (!IsSlug(key))
                findings.Add(LintCodes.SharedSectionKeyInvalid, path, key);
            else if (!seen.Add(key))
                findings.Add(LintCodes.SharedSectionDuplicate, path, key);
        }
    }
}
