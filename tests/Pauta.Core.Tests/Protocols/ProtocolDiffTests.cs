using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Protocols;

public class ProtocolDiffTests
{
    private static Step Step(Protocol p, string key) => p.Steps.Single(s => s.Key == key);

    private static Protocol WithStep(Protocol p, string key, Func<Step, Step> edit) =>
        p with { Steps = p.Steps.Select(s => s.Key == key ? edit(s) : s).ToList() };

    private static IReadOnlyList<SectionDiff> Changes(Protocol before, Protocol after) =>
        ProtocolDiff.Compare(before, after).Where(d => d.Kind != SectionChangeKind.Unchanged).ToList();

    private static string Side(IEnumerable<DiffPiece> pieces, DiffOp skipped) =>
        string.Concat(pieces.Where(p => p.Op != skipped).Select(p => p.Text));

    [Fact]
    public void Two_equal_protocols_have_every_section_unchanged()
    {
        var diff = ProtocolDiff.Compare(PhoneProtocol(), PhoneProtocol());

        diff.ShouldNotBeEmpty();
        diff.ShouldAllBe(d => d.Kind == SectionChangeKind.Unchanged);
        ProtocolDiff.ChangedSections(PhoneProtocol(), PhoneProtocol()).ShouldBeEmpty();
    }

    [Fact]
    public void The_texts_write_stages_channels_conditions_clocks_and_role_names_in_the_words_given()
    {
        var before = PhoneProtocol();
        var after = before with
        {
            Responsibilities = [.. before.Responsibilities, new Responsibility("agent", "Atiende.")],
            EscalationRules = [new EscalationRule { Key = "jefe", Condition = EscalationCondition.CustomerAsks, Detail = "Lo pide.", Target = "Manager" }],
        };
        var words = new DiffWords(s => $"<{s}>", c => $"<{c}>", c => $"<{c}>", c => $"<{c}>", r => $"<role {r}>");

        var diff = ProtocolDiff.Compare(before, after, words);

        diff.Single(d => d.Section == "responsibilities").After.ShouldContain("<role Agent>: Atiende.");
        diff.Single(d => d.Section == "escalation" && d.Key == "jefe").After.ShouldBe("<CustomerAsks>: Lo pide. ⇧ <role Manager>");
        diff.First(d => d.Section == "step").After.ShouldStartWith($"[<{before.Steps[0].Stage}>");
        string.Concat(diff.Select(d => d.Before + d.After)).ShouldNotContain("[Opening");
        // Without words, the invariant names the audit trail keeps.
        ProtocolDiff.Compare(before, after).Single(d => d.Section == "escalation" && d.Key == "jefe").After.ShouldBe("CustomerAsks: Lo pide. ⇧ Manager");
    }

    [Fact]
    public void A_changed_purpose_is_one_changed_section_with_both_texts()
    {
        var before = PhoneProtocol();
        var after = before with { Purpose = before.Purpose.Replace("amable", "cordial", StringComparison.Ordinal) };

        var change = Changes(before, after).ShouldHaveSingleItem();

        change.Section.ShouldBe("purpose");
        change.Key.ShouldBeNull();
        change.Kind.ShouldBe(SectionChangeKind.Changed);
        change.Before.ShouldBe(before.Purpose);
        change.After.ShouldBe(after.Purpose);
    }

    [Fact]
    public void One_edited_word_of_a_step_is_a_removed_and_an_added_piece_between_unchanged_text()
    {
        var before = PhoneProtocol();
        var after = WithStep(before, "saludo", s => s with { Instruction = "Conteste antes del segundo tono. Salude con voz clara y amable." });

        var change = Changes(before, after).ShouldHaveSingleItem();

        change.Section.ShouldBe("step");
        change.Key.ShouldBe("saludo");
        change.Label.ShouldBe("Saludar");
        change.Pieces.Where(p => p.Op != DiffOp.Same).ShouldBe([new DiffPiece(DiffOp.Removed, "tercer"), new DiffPiece(DiffOp.Added, "segundo")]);
    }

    [Fact]
    public void An_added_step_is_an_added_section_after_the_steps_it_follows()
    {
        var before = PhoneProtocol();
        var added = new Step { Key = "confirmar", Stage = Stage.Solution, Title = "Confirmar la solución", Instruction = "Repita lo acordado." };
        var steps = before.Steps.ToList();
        steps.Insert(steps.FindIndex(s => s.Key == "informar") + 1, added);
        var after = before with { Steps = steps };

        var change = Changes(before, after).ShouldHaveSingleItem();

        change.Kind.ShouldBe(SectionChangeKind.Added);
        change.Key.ShouldBe("confirmar");
        change.Before.ShouldBeEmpty();
        change.After.ShouldContain("Confirmar la solución");
        change.After.ShouldContain("Repita lo acordado.");
        var stepKeys = ProtocolDiff.Compare(before, after).Where(d => d.Section == "step").Select(d => d.Key).ToList();
        stepKeys.IndexOf("confirmar").ShouldBe(stepKeys.IndexOf("informar") + 1);
    }

    [Fact]
    public void A_removed_step_is_a_removed_section_with_its_old_text()
    {
        var before = PhoneProtocol();
        var after = before with { Steps = before.Steps.Where(s => s.Key != "escuchar").ToList() };

        var change = Changes(before, after).ShouldHaveSingleItem();

        change.Kind.ShouldBe(SectionChangeKind.Removed);
        change.Key.ShouldBe("escuchar");
        change.After.ShouldBeEmpty();
        change.Before.ShouldContain(Step(before, "escuchar").Instruction);
        change.Pieces.ShouldAllBe(p => p.Op == DiffOp.Removed);
    }

    [Fact]
    public void Reordered_steps_keep_their_own_sections_and_are_listed_in_the_newer_order()
    {
        var before = PhoneProtocol();
        var reordered = before.Steps.ToList();
        var a = reordered.FindIndex(s => s.Key == "informar");
        var b = reordered.FindIndex(s => s.Key == "devolucion");
        (reordered[a], reordered[b]) = (reordered[b], reordered[a]);
        var after = before with { Steps = reordered };

        var steps = ProtocolDiff.Compare(before, after).Where(d => d.Section == "step").ToList();

        steps.Select(d => d.Key).ShouldBe(reordered.Select(s => s.Key));
        // Matched by key, so a moved step is not reported as one removal and one addition.
        steps.ShouldNotContain(d => d.Kind == SectionChangeKind.Added || d.Kind == SectionChangeKind.Removed);
    }

    [Fact]
    public void A_changed_step_keeps_its_key_when_its_title_changes_and_shows_the_new_title()
    {
        var before = PhoneProtocol();
        var after = WithStep(before, "saludo", s => s with { Title = "Saludar al cliente" });

        var change = Changes(before, after).ShouldHaveSingleItem();

        change.Key.ShouldBe("saludo");
        change.Label.ShouldBe("Saludar al cliente");
        change.Kind.ShouldBe(SectionChangeKind.Changed);
    }

    [Fact]
    public void Changes_to_plans_escalation_rules_and_service_levels_land_in_their_own_sections()
    {
        var before = PhoneProtocol();
        var after = before with
        {
            ServiceLevels = before.ServiceLevels.Select(l => l with { FirstResponseSeconds = l.FirstResponseSeconds + 10 }).ToList(),
            EscalationRules = before.EscalationRules.Select(r => r with { Detail = r.Detail + " Siempre." }).ToList(),
        };

        var sections = Changes(before, after).Select(c => c.Section).ToList();

        sections.ShouldContain("serviceLevels");
        sections.ShouldContain("escalation");
        sections.ShouldNotContain("purpose");
    }

    public static TheoryData<string, string> TextPairs() => new()
    {
        { "", "" },
        { "", "nuevo texto" },
        { "texto viejo", "" },
        { "Conteste antes del tercer tono.", "Conteste antes del segundo tono." },
        { "uno dos tres", "tres dos uno" },
        { "Saludo  con   espacios\n\ty saltos", "Saludo con espacios\ny saltos\n" },
        { "¿Qué desea? ¡Gracias! á é í ó ú ñ", "¿Qué necesita? ¡Muchas gracias! á é í ó ú ñ Ñ" },
        { " leading and trailing ", "leading and trailing" },
        { "a b a b a b", "b a b a b a" },
        { "same", "same" },
    };

    [Theory]
    [MemberData(nameof(TextPairs))]
    public void Word_pieces_reassemble_both_texts_exactly(string before, string after)
    {
        var pieces = WordDiff.Compute(before, after);

        Side(pieces, skipped: DiffOp.Added).ShouldBe(before);
        Side(pieces, skipped: DiffOp.Removed).ShouldBe(after);
        pieces.ShouldAllBe(p => p.Text.Length > 0);
        // Neighbouring pieces of the same kind are merged, so a page marks one run, not one tag per word.
        pieces.Zip(pieces.Skip(1)).ShouldAllBe(pair => pair.First.Op != pair.Second.Op);
    }

    [Fact]
    public void Word_pieces_reassemble_long_texts_beyond_the_comparison_limit()
    {
        var before = string.Join(" ", Enumerable.Range(0, 2500).Select(i => $"palabra{i}"));
        var after = string.Join(" ", Enumerable.Range(0, 2500).Select(i => i == 1200 ? "cambiada" : $"palabra{i}"));

        var pieces = WordDiff.Compute(before, after);

        Side(pieces, DiffOp.Added).ShouldBe(before);
        Side(pieces, DiffOp.Removed).ShouldBe(after);
    }

    [Fact]
    public void Word_pieces_of_one_changed_word_in_a_long_text_mark_only_that_word()
    {
        var words = Enumerable.Range(0, 400).Select(i => $"w{i}").ToList();
        var before = string.Join(" ", words);
        words[200] = "otra";
        var after = string.Join(" ", words);

        var changed = WordDiff.Compute(before, after).Where(p => p.Op != DiffOp.Same).ToList();

        changed.ShouldBe([new DiffPiece(DiffOp.Removed, "w200"), new DiffPiece(DiffOp.Added, "otra")]);
    }

    [Fact]
    public void Randomly_edited_texts_always_reassemble_exactly()
    {
        var random = new Random(20251124);
        string[] vocabulary = ["el", "cliente", "¿qué?", "¡hola!", "ñandú", "  ", "\n", "paso", "tono", "x"];
        string Text() => string.Concat(Enumerable.Range(0, random.Next(0, 30)).Select(_ => vocabulary[random.Next(vocabulary.Length)] + (random.Next(3) == 0 ? "" : " ")));
        for (var i = 0; i < 300; i++)
        {
            var before = Text();
            var after = random.Next(4) == 0 ? before : Text();
            var pieces = WordDiff.Compute(before, after);
            Side(pieces, DiffOp.Added).ShouldBe(before);
            Side(pieces, DiffOp.Removed).ShouldBe(after);
        }
    }
}
