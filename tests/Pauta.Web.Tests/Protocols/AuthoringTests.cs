using System.Net;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Data.Entities;
using Pauta.Data.Protocols;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Protocols.Authoring;

namespace Pauta.Web.Tests.Protocols;

/// <summary>
/// Managers write protocols through the pages: create from a template, edit every part, see the linter beside the part
/// it names, submit, have another manager approve, publish versions; and nobody else gets in.
/// (The demo organisation requires approval by another manager before publishing.)
/// </summary>
public abstract class AuthoringTests(PautaApp app)
{
    private const string Department = "Atención al cliente";

    private Task<Browser> LuciaAsync() => app.SignInAsync(Demo.Manager);
    private Task<Browser> MartaAsync() => app.SignInAsync("marta@suarez.example");

    public static TheoryData<string> Templates()
    {
        var data = new TheoryData<string>();
        foreach (var t in ProtocolTemplates.All) data.Add(t.Id);
        return data;
    }

    // ---------------------------------------------------------------- creating

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task A_manager_creates_a_protocol_from_a_template_and_it_opens_in_the_editor_with_nothing_to_fix(string template)
    {
        var lucia = await LuciaAsync();
        var id = await CreateAsync(lucia, template, Department);

        var expected = ProtocolTemplates.Find(template)!.Protocol with { Department = Department };
        (await DraftTextAsync(app, id)).ShouldBe(ProtocolFile.Write(expected));
        var editor = await OpenAsync(lucia, id);
        editor.Title.ShouldBe(expected.Title);
        editor.Text.ShouldContain(Text.Es("Editor.Created"));
        editor.Document.QuerySelector("#lint-summary")!.TextContent.Trim().ShouldBe(Text.Es("Editor.LintClean"));
        ValueAt(editor, "department").ShouldBe(Department);
        (await RecordAsync(app, id)).DraftState.ShouldBe(DraftState.Editing);
    }

    [Fact]
    public async Task The_new_page_lists_the_templates_of_the_page_language_first_and_asks_for_a_department()
    {
        var lucia = await LuciaAsync();
        var page = await lucia.GetPageAsync("/protocols/new");
        page.ShouldHaveStatus(HttpStatusCode.OK);
        var options = page.Document.QuerySelectorAll("input[name='Input.Template']").Select(i => i.GetAttribute("value")).ToList();
        options.ShouldBe(new[] { NewModel.Blank }.Concat(ProtocolTemplates.In("es").Select(t => t.Id)).Concat(ProtocolTemplates.In("en").Select(t => t.Id)));
        page.Document.QuerySelectorAll("select[name='Input.Department'] option").Select(o => o.TextContent).Skip(1).ShouldBe(Demo.DepartmentNames.Order());

        var missing = await lucia.SubmitAsync("/protocols/new", Browser.Form(("Input.Template", "es/queja-reclamo"), ("Input.Department", "")));
        missing.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        missing.FieldError("Input.Department").ShouldBe(Text.Es("Editor.DepartmentRequired"));
        var unknown = await lucia.SubmitAsync("/protocols/new", Browser.Form(("Input.Template", "es/nada"), ("Input.Department", "Marte")));
        unknown.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        unknown.FieldError("Input.Template").ShouldBe(Text.Es("Editor.TemplateUnknown"));
        unknown.FieldError("Input.Department").ShouldBe(Text.Es("Field.UnknownDepartment"));
        var blankWithoutTitle = await lucia.SubmitAsync("/protocols/new", Browser.Form(("Input.Template", NewModel.Blank), ("Input.Department", Department)));
        blankWithoutTitle.FieldError("Input.Title").ShouldBe(Text.Es("Editor.TitleRequired"));
    }

    [Fact]
    public async Task A_blank_protocol_opens_with_the_missing_parts_marked_beside_them()
    {
        var lucia = await LuciaAsync();
        var id = await CreateAsync(lucia, NewModel.Blank, Department, title: "Protocolo en blanco");
        var editor = await OpenAsync(lucia, id);
        MarksAt(editor, "purpose").ShouldContain(Text.Es("Lint.PurposeMissing"));
        MarksAt(editor, "channels").ShouldContain(Text.Es("Lint.ChannelMissing"));
        MarksAt(editor, "steps").ShouldContain(Text.Es("Lint.StageEmpty", Text.Es("Stage.Opening")));
        editor.Document.QuerySelectorAll("#lint-summary li.lint-error").Length.ShouldBe(5);
        editor.Document.QuerySelector("#lint-summary a[href='#f-purpose']").ShouldNotBeNull();
    }

    // ---------------------------------------------------------------- editing

    [Fact]
    public async Task Saving_the_editor_unchanged_keeps_every_demo_protocol_byte_for_byte()
    {
        var lucia = await LuciaAsync();
        foreach (var (name, _) in Pauta.Web.Features.Demo.DemoSeeder.ProtocolFiles())
        {
            var title = ProtocolFile.Parse(name, Pauta.Web.Features.Demo.DemoSeeder.ProtocolFiles().Single(f => f.Name == name).Text).Protocol!.Title;
            var id = await DemoProtocolAsync(app, title);
            (await LifecycleAsync(lucia, id, "StartDraft")).ShouldRedirectTo(EditUrl(id));
            var before = await DraftTextAsync(app, id);
            before.ShouldBe((await VersionsAsync(app, id)).Last().Text); // the draft starts from the latest published version (the demo salon protocol has two)

            var editor = await OpenAsync(lucia, id);
            await SaveAsync(lucia, id, Fields(editor));
            (await DraftTextAsync(app, id)).ShouldBe(before, name);
        }
    }

    [Fact]
    public async Task Every_part_of_a_protocol_is_edited_through_the_form_and_saved()
    {
        var lucia = await LuciaAsync();
        var id = await CreateAsync(lucia, "es/atencion-telefonica", Department);
        var fields = Fields(await OpenAsync(lucia, id))
            .Set("Input.Title", "Atención telefónica de la tienda")
            .Set("Input.Department", "Caja y facturación")
            .Set("Input.Purpose", "Resolver la llamada.\r\nY dejarla anotada.")
            .Set("Input.Scope", "Todas las llamadas.")
            .Set("Input.Owner", "Jefe de caja")
            .Set("Input.ReviewEveryDays", "90")
            .Plus("Input.Channels", "Electronic")
            .Set("Input.Terms[0].Name", "Espera")
            .Set("Input.Terms[0].Definition", "Pausa con música.")
            .Set("Input.Responsibilities[1].Position", "Supervisor de tienda")
            .Set("Input.Steps[0].Title", "Contestar")
            .Set("Input.Steps[0].Instruction", "Contesta rápido.")
            .Set("Input.Steps[0].Optional", "true")
            .Set("Input.Steps[0].Checklist[0]", "Antes del segundo tono")
            .Set("Input.Steps[0].Scripts[0].Text", "Hola, {empresa}, le atiende {agente}.")
            .Plus("Input.Steps[0].Scripts[0].Channels", "Electronic")
            .Set("Input.Steps[0].Scripts[0].Language", "es")
            .Set("Input.Steps[0].Images[0]", "https://img.example/saludo.png")
            .Set("Input.Steps[0].VideoUrl", "https://video.example/saludo.mp4")
            .Set("Input.Steps[0].GoodExample", "«Hola, le atiende Diego.»")
            .Set("Input.Steps[0].BadExample", "«¿Qué?»")
            .Set("Input.Steps[1].Key", "identificar-cliente")
            .Set("Input.Steps[3].Answers[1].Next", "transferir")
            .Set("Input.Steps[3].Answers[0].EscalationRuleKey", "sin-solucion")
            .Set("Input.Steps[4].Next", "despedida")
            .Set("Input.ContingencyPlans[0].Name", "Corte de línea")
            .Set("Input.ContingencyPlans[0].Trigger", "Se cae la línea.")
            .Set("Input.ContingencyPlans[0].Steps[0].Stage", "Solution")
            .Set("Input.EscalationRules[1].Condition", "AmountOver")
            .Set("Input.EscalationRules[1].Amount", "75,50")
            .Set("Input.EscalationRules[1].Target", "Manager")
            .Set("Input.EscalationRules[1].Detail", "Devolución grande.")
            .Set("Input.ServiceTargets[0].Amount", "30")
            .Set("Input.ServiceTargets[0].Unit", "Seconds")
            .Set("Input.ServiceTargets[0].Counting", "Calendar")
            .Set("Input.ServiceTargets[1].Amount", "2")
            .Set("Input.ServiceTargets[1].Unit", "Hours")
            .Set("Input.ServiceTargets[1].Counting", "Calendar")
            .Set("Input.ServiceTargets[2].Clock", "FirstResponse")
            .Set("Input.ServiceTargets[2].Channels", "Electronic")
            .Set("Input.ServiceTargets[2].Amount", "4")
            .Set("Input.ServiceTargets[2].Unit", "Hours")
            .Set("Input.ServiceTargets[2].Counting", "Business")
            .Set("Input.ServiceTargets[3].Clock", "Resolution")
            .Set("Input.ServiceTargets[3].Channels", "Electronic")
            .Set("Input.ServiceTargets[3].Amount", "48")
            .Set("Input.ServiceTargets[3].Unit", "Hours")
            .Set("Input.ServiceTargets[3].Counting", "Business")
            .Set("Input.Assessment.Enabled", "true")
            .Set("Input.Assessment.PassMark", "75")
            .Set("Input.Assessment.Questions[0].Text", "¿Cuándo se descuelga?")
            .Set("Input.Assessment.Questions[0].Options[0]", "Al primer tono")
            .Set("Input.Assessment.Questions[0].Options[1]", "Antes del tercer tono")
            .Set("Input.Assessment.Questions[0].CorrectIndex", "1")
            .Set("Input.Assessment.Questions[0].Explanation", "Así nadie espera.");
        await SaveAsync(lucia, id, fields);

        var p = await DraftAsync(app, id);
        (p.Title, p.Department, p.Purpose, p.Scope, p.Owner, p.ReviewEveryDays)
            .ShouldBe(("Atención telefónica de la tienda", "Caja y facturación", "Resolver la llamada.\nY dejarla anotada.", "Todas las llamadas.", "Jefe de caja", 90));
        p.Channels.ShouldBe(Channels.Phone | Channels.Electronic);
        p.Terms[0].ShouldBe(new Term("Espera", "Pausa con música."));
        p.Responsibilities[1].Position.ShouldBe("Supervisor de tienda");
        var s = p.Steps[0];
        (s.Title, s.Instruction, s.Required, s.Checklist[0], s.VideoUrl, s.GoodExample, s.BadExample)
            .ShouldBe(("Contestar", "Contesta rápido.", false, "Antes del segundo tono", "https://video.example/saludo.mp4", "«Hola, le atiende Diego.»", "«¿Qué?»"));
        s.Images.ShouldBe(["https://img.example/saludo.png"]);
        s.Scripts[0].ShouldBe(new Script("Hola, {empresa}, le atiende {agente}.", Channels.Phone | Channels.Electronic, true, "es"));
        p.Steps[1].Key.ShouldBe("identificar-cliente");
        p.Steps[3].Answers[0].EscalationRuleKey.ShouldBe("sin-solucion");
        p.Steps[3].Answers[1].Next.ShouldBe("transferir");
        p.Steps[4].Next.ShouldBe("despedida");
        (p.ContingencyPlans[0].Name, p.ContingencyPlans[0].Trigger, p.ContingencyPlans[0].Steps[0].Stage).ShouldBe(("Corte de línea", "Se cae la línea.", Stage.Solution));
        var rule = p.EscalationRules[1];
        (rule.Condition, rule.Amount, rule.Target, rule.Detail).ShouldBe((EscalationCondition.AmountOver, 75.50m, "Manager", "Devolución grande."));
        p.ServiceLevels.ShouldBe([
            new ServiceLevel(Channels.Phone, 30, 7200, ServiceClock.Calendar),
            new ServiceLevel(Channels.Electronic, 14_400, 172_800, ServiceClock.Business)]);
        p.Assessment.ShouldNotBeNull();
        p.Assessment.PassMark.ShouldBe(75);
        p.Assessment.Questions.Single().ShouldBe(new AssessmentQuestion("¿Cuándo se descuelga?", ["Al primer tono", "Antes del tercer tono"], 1, "Así nadie espera."), new AssessmentQuestionComparer());

        // What was saved shows again as saved: the levels as targets in their units, and an unchanged save changes nothing.
        var again = await OpenAsync(lucia, id);
        ValueAt(again, "serviceTargets[2].amount").ShouldBe("4");
        ValueAt(again, "serviceTargets[2].unit").ShouldBe("Hours");
        ValueAt(again, "purpose").ShouldBe("Resolver la llamada.\nY dejarla anotada.");
        var text = await DraftTextAsync(app, id);
        await SaveAsync(lucia, id, Fields(again));
        (await DraftTextAsync(app, id)).ShouldBe(text);
    }

    private sealed class AssessmentQuestionComparer : IEqualityComparer<AssessmentQuestion>
    {
        public bool Equals(AssessmentQuestion? a, AssessmentQuestion? b) =>
            a is not null && b is not null && a.Text == b.Text && a.Options.SequenceEqual(b.Options) && a.CorrectIndex == b.CorrectIndex && a.Explanation == b.Explanation;
        public int GetHashCode(AssessmentQuestion q) => q.Text.GetHashCode(StringComparison.Ordinal);
    }

    [Fact]
    public async Task Row_buttons_add_move_and_remove_rows_in_the_form_without_saving_and_keep_what_was_typed()
    {
        var lucia = await LuciaAsync();
        var id = await CreateAsync(lucia, "es/atencion-telefonica", Department);
        var stored = await DraftTextAsync(app, id);
        var fields = Fields(await OpenAsync(lucia, id)).Set("Input.Purpose", "Escrito sin guardar");

        var added = await PostAsync(lucia, id, fields, "add:terms");
        added.ShouldHaveStatus(HttpStatusCode.OK);
        added.Document.GetElementById("f-terms-2-name")!.HasAttribute("autofocus").ShouldBeTrue();
        ValueAt(added, "purpose").ShouldBe("Escrito sin guardar");

        var moved = await PostAsync(lucia, id, Fields(added), "down:steps[0]");
        moved.ShouldHaveStatus(HttpStatusCode.OK);
        (ValueAt(moved, "steps[0].key"), ValueAt(moved, "steps[1].key")).ShouldBe(("identificar", "saludo"));
        moved.Document.GetElementById("b-down-steps-1")!.HasAttribute("autofocus").ShouldBeTrue();

        var stepAdded = await PostAsync(lucia, id, Fields(moved), "add:steps:Solution");
        var last = Fields(stepAdded).Count(f => f.Key.StartsWith("Input.Steps[", StringComparison.Ordinal) && f.Key.EndsWith("].Key", StringComparison.Ordinal)) - 1;
        ValueAt(stepAdded, $"steps[{last}].key").ShouldBe("paso-1");
        ValueAt(stepAdded, $"steps[{last}].stage").ShouldBe("Solution");

        var removed = await PostAsync(lucia, id, Fields(stepAdded), "remove:terms[0]");
        ValueAt(removed, "terms[0].name").ShouldBe("Transferencia");
        removed.Document.GetElementById("b-add-terms")!.HasAttribute("autofocus").ShouldBeTrue();

        var dragged = await PostAsync(lucia, id, Fields(removed).Set("drag", "steps:1:0"), "check");
        (ValueAt(dragged, "steps[0].key"), ValueAt(dragged, "steps[1].key")).ShouldBe(("saludo", "identificar"));

        (await DraftTextAsync(app, id)).ShouldBe(stored, "row buttons never save");
        var unknown = await PostAsync(lucia, id, Fields(removed), "explode:steps");
        unknown.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        unknown.SummaryErrors.ShouldContain(Text.Es("Editor.UnknownAction"));
    }

    [Fact]
    public async Task The_script_preview_fills_sample_values_and_shows_unknown_placeholders_as_errors_in_place()
    {
        var lucia = await LuciaAsync();
        var id = await CreateAsync(lucia, "es/atencion-telefonica", Department);
        var editor = await OpenAsync(lucia, id);
        editor.Document.GetElementById("pv-steps-0-scripts-0")!.TextContent.ShouldContain("Tiendas Suárez");

        var fields = Fields(editor).Set("Input.Steps[0].Scripts[0].Text", "Hola {cliente}, soy {agente}. {clienta}").Plus("script", "steps[0].scripts[0]");
        var preview = await lucia.PostFormAsync($"{EditUrl(id)}?handler=Preview", fields);
        preview.ShouldHaveStatus(HttpStatusCode.OK);
        preview.Html.TrimStart().ShouldStartWith("<div class=\"preview\" id=\"pv-steps-0-scripts-0\"");
        // Each sample value is marked as an example, visibly (mark.sample) and for screen readers (its hidden text).
        preview.Document.QuerySelector(".preview-text")!.TextContent.ShouldBe("Hola Sra. Martín (ejemplo), soy Lucía Gómez (ejemplo). {clienta}");
        preview.Document.QuerySelectorAll("mark.sample").Select(m => m.ChildNodes[0].TextContent).ShouldBe(["Sra. Martín", "Lucía Gómez"]);
        preview.Document.QuerySelectorAll("mark.sample .sr-only").Select(m => m.TextContent).ShouldAllBe(t => t == " (ejemplo)");
        preview.Document.QuerySelector("mark.ph-unknown")!.TextContent.ShouldBe("{clienta}");
        preview.Text.ShouldContain(Text.Es("Lint.PlaceholderUnknown", 1, 31, "clienta"));
    }

    // ---------------------------------------------------------------- the linter beside the part, and submitting

    [Fact]
    public async Task A_lint_error_shows_beside_its_field_and_blocks_submitting_until_it_is_fixed()
    {
        var lucia = await LuciaAsync();
        var id = await CreateAsync(lucia, "es/atencion-telefonica", Department);
        var fields = Fields(await OpenAsync(lucia, id)).Set("Input.Steps[0].Scripts[0].Text", "Hola {clienta}");

        // "Check" shows it without saving…
        var checkedPage = await PostAsync(lucia, id, fields, "check");
        checkedPage.ShouldHaveStatus(HttpStatusCode.OK);
        MarksAt(checkedPage, "steps[0].scripts[0].text").ShouldContain(Text.Es("Lint.PlaceholderUnknown", 1, 6, "clienta"));
        (await DraftAsync(app, id)).Steps[0].Scripts[0].Text.ShouldNotContain("clienta");

        // …saving keeps the draft, with the finding beside the script and a link to it in the summary.
        await SaveAsync(lucia, id, fields);
        var editor = await OpenAsync(lucia, id);
        MarksAt(editor, "steps[0].scripts[0].text").ShouldContain(Text.Es("Lint.PlaceholderUnknown", 1, 6, "clienta"));
        var input = editor.Document.GetElementById("f-steps-0-scripts-0-text")!;
        input.GetAttribute("aria-invalid").ShouldBe("true");
        input.GetAttribute("aria-describedby")!.ShouldContain("m-steps-0-scripts-0-text");
        editor.Document.QuerySelector("#lint-summary li.lint-error a[href='#f-steps-0-scripts-0-text']").ShouldNotBeNull();

        var refused = await LifecycleAsync(lucia, id, "Submit");
        refused.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        refused.SummaryErrors.ShouldContain(Text.Es("Editor.BlockedByLint", 1));
        MarksAt(refused, "steps[0].scripts[0].text").ShouldContain(Text.Es("Lint.PlaceholderUnknown", 1, 6, "clienta"));
        (await RecordAsync(app, id)).DraftState.ShouldBe(DraftState.Editing);

        await SaveAsync(lucia, id, Fields(editor).Set("Input.Steps[0].Scripts[0].Text", "Hola {cliente|estimado cliente}"));
        (await LifecycleAsync(lucia, id, "Submit")).ShouldRedirectTo(EditUrl(id));
        (await RecordAsync(app, id)).DraftState.ShouldBe(DraftState.InReview);
        var inReview = await OpenAsync(lucia, id);
        inReview.Text.ShouldContain(Text.Es("Editor.Submitted"));
        inReview.Document.GetElementById("f-title")!.HasAttribute("disabled").ShouldBeTrue();
    }

    [Fact]
    public async Task The_side_panel_counts_the_errors_the_page_shows_instead_of_saying_there_are_none()
    {
        var lucia = await LuciaAsync();
        var id = await CreateAsync(lucia, "es/atencion-telefonica", Department);
        (await OpenAsync(lucia, id)).Document.GetElementById("submit-hint")!.TextContent.ShouldBe(Text.Es("Editor.SubmitHint"));

        var fields = Fields(await OpenAsync(lucia, id)).Set("Input.Steps[0].Scripts[0].Text", "Hola {clienta}, soy {agenta}");
        var checkedPage = await PostAsync(lucia, id, fields, "check");
        var shown = checkedPage.Document.QuerySelectorAll("#lint-summary li.lint-error").Length;
        shown.ShouldBeGreaterThan(0);
        // The draft as saved has no error, but the form on screen has: the panel must not say "Sin errores" beside them.
        checkedPage.Document.GetElementById("submit-hint")!.TextContent.ShouldBe(Text.Es("Editor.SubmitBlockedHint", shown));
    }

    [Fact]
    public async Task A_manager_finds_on_the_home_page_the_drafts_waiting_for_their_approval_but_not_their_own()
    {
        var lucia = await LuciaAsync();
        var marta = await MartaAsync();
        var id = await CreateAsync(lucia, "es/atencion-telefonica", Department, title: "Bandeja de aprobación");
        (await (await MartaAsync()).GetPageAsync("/")).Document.GetElementById($"approval-{id}").ShouldBeNull("not submitted yet");
        (await LifecycleAsync(lucia, id, "Submit")).ShouldRedirectTo(EditUrl(id));

        var home = await marta.GetPageAsync("/");
        var item = home.Document.GetElementById($"approval-{id}")!;
        item.QuerySelector("a")!.GetAttribute("href").ShouldBe(EditUrl(id));
        item.TextContent.ShouldContain("Bandeja de aprobación");
        item.TextContent.ShouldContain("Lucía Romero");
        var count = home.Document.QuerySelectorAll("#approvals li").Length;
        home.Document.QuerySelector("#approvals h2")!.TextContent.ShouldBe(Text.Es("Home.AwaitingApproval", count));

        (await lucia.GetPageAsync("/")).Document.GetElementById($"approval-{id}").ShouldBeNull("nobody approves their own draft");
        (await (await app.SignInAsync(Demo.Agent)).GetPageAsync("/")).Document.GetElementById("approvals").ShouldBeNull();

        (await LifecycleAsync(marta, id, "Approve")).ShouldRedirectTo(EditUrl(id));
        (await marta.GetPageAsync("/")).Document.GetElementById($"approval-{id}").ShouldBeNull("it no longer waits for her");
    }

    // ---------------------------------------------------------------- approving and publishing

    [Fact]
    public async Task Another_manager_approves_the_author_is_refused_with_the_reason_and_publishing_makes_v1_with_its_summary()
    {
        var lucia = await LuciaAsync();
        var marta = await MartaAsync();
        var id = await CreateAsync(lucia, "es/queja-reclamo", Department);

        // Without approval the demo organisation refuses to publish, and the page says why.
        var early = await OpenAsync(lucia, id);
        early.Document.GetElementById("publish-blocked")!.TextContent.ShouldBe(Text.Es("Editor.PublishNeedsApproval"));
        var refused = await LifecycleAsync(lucia, id, "Publish", ("changeSummary", "Primera versión"));
        refused.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        refused.SummaryErrors.ShouldContain(Text.Es("Protocol.ApprovalRequired"));

        (await LifecycleAsync(lucia, id, "Submit")).ShouldRedirectTo(EditUrl(id));
        var own = await OpenAsync(lucia, id);
        own.Document.GetElementById("approve-why")!.TextContent.ShouldBe(Text.Es("Editor.CannotApproveOwn"));
        own.Document.QuerySelector("form[action*='handler=Approve']").ShouldBeNull();
        var selfApproval = await LifecycleAsync(lucia, id, "Approve");
        selfApproval.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        selfApproval.SummaryErrors.ShouldContain(Text.Es("Protocol.ApproverIsAuthor"));
        (await RecordAsync(app, id)).DraftState.ShouldBe(DraftState.InReview);

        (await OpenAsync(marta, id)).Document.QuerySelector("form[action*='handler=Approve']").ShouldNotBeNull();
        (await LifecycleAsync(marta, id, "Approve")).ShouldRedirectTo(EditUrl(id));
        var approved = await OpenAsync(lucia, id);
        approved.Text.ShouldContain(Text.Es("Editor.ApprovedBy", "Marta Iglesias", "").TrimEnd());

        var noSummary = await LifecycleAsync(lucia, id, "Publish", ("changeSummary", "  "));
        noSummary.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        noSummary.Document.GetElementById("change-summary-error")!.TextContent.ShouldBe(Text.Es("Protocol.ChangeSummaryRequired"));

        // Publishing lands on the published protocol, not on an editor left without a draft.
        (await LifecycleAsync(lucia, id, "Publish", ("changeSummary", "Primera versión del protocolo de quejas."))).ShouldRedirectTo(ReadUrl(id));
        var v1 = (await VersionsAsync(app, id)).ShouldHaveSingleItem();
        (v1.Number, v1.ChangeSummary, v1.ChangeSize).ShouldBe((1, "Primera versión del protocolo de quejas.", ChangeSize.Major));
        var record = await RecordAsync(app, id);
        (record.PublishedVersion, record.DraftState, record.DraftText).ShouldBe((1, DraftState.None, (string?)null));
        var after = await lucia.GetPageAsync(ReadUrl(id));
        after.ShouldHaveStatus(HttpStatusCode.OK);
        after.Text.ShouldContain(Text.Es("Editor.Published", 1));
        after.Document.QuerySelector("h1")!.TextContent.ShouldContain(record.Title);
        after.Text.ShouldContain(ProtocolFile.Parse("v1", v1.Text).Protocol!.Steps[0].Title);
        var editor = await OpenAsync(lucia, id);
        editor.Document.QuerySelector("form[action*='handler=StartDraft']").ShouldNotBeNull();
        editor.Document.QuerySelector("#protocol-form").ShouldBeNull();
    }

    [Fact]
    public async Task A_second_version_needs_a_change_size_and_is_published_as_v2()
    {
        var lucia = await LuciaAsync();
        var marta = await MartaAsync();
        var id = await CreateAsync(lucia, "es/atencion-presencial", Department);
        await PublishAsync(lucia, marta, id, "Versión inicial.", size: null);

        (await LifecycleAsync(lucia, id, "StartDraft")).ShouldRedirectTo(EditUrl(id));
        var editor = await OpenAsync(lucia, id);
        editor.Text.ShouldContain(Text.Es("Editor.BaseVersion", 1));
        await SaveAsync(lucia, id, Fields(editor).Set("Input.Steps[0].Instruction", "Saluda en cuanto entre el cliente."));
        (await LifecycleAsync(lucia, id, "Submit")).ShouldRedirectTo(EditUrl(id));

        // The reviewer sees what v2 would change against the published v1.
        var review = await OpenAsync(marta, id);
        var changes = review.Document.GetElementById("review-diff")!;
        changes.QuerySelector("h2")!.TextContent.ShouldBe(Text.Es("Editor.ReviewDiffTitle", 1));
        changes.QuerySelectorAll("ol.diff > li").Length.ShouldBe(1);
        string.Concat(changes.QuerySelectorAll("ol.diff ins").Select(i => i.TextContent)).ShouldContain("Saluda");
        (await LifecycleAsync(marta, id, "Approve")).ShouldRedirectTo(EditUrl(id));

        var withoutSize = await LifecycleAsync(lucia, id, "Publish", ("changeSummary", "Saludo más corto."));
        withoutSize.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        withoutSize.Document.GetElementById("change-size-error")!.TextContent.ShouldBe(Text.Es("Editor.ChangeSizeRequired"));
        ValueOf(withoutSize, "#change-summary").ShouldBe("Saludo más corto.");
        (await VersionsAsync(app, id)).Count.ShouldBe(1);

        (await LifecycleAsync(lucia, id, "Publish", ("changeSummary", "Saludo más corto."), ("changeSize", "Minor"))).ShouldRedirectTo(ReadUrl(id));
        var versions = await VersionsAsync(app, id);
        versions.Select(v => (v.Number, v.ChangeSize)).ShouldBe([(1, ChangeSize.Major), (2, ChangeSize.Minor)]);
        ProtocolFile.Parse("v2", versions[1].Text).Protocol!.Steps[0].Instruction.ShouldBe("Saluda en cuanto entre el cliente.");
    }

    private static string ValueOf(Page page, string selector) =>
        (page.Document.QuerySelector(selector) as AngleSharp.Html.Dom.IHtmlTextAreaElement)?.Value ?? "";

    private static async Task PublishAsync(Browser author, Browser approver, Guid id, string summary, string? size)
    {
        (await LifecycleAsync(author, id, "Submit")).ShouldRedirectTo(EditUrl(id));
        (await LifecycleAsync(approver, id, "Approve")).ShouldRedirectTo(EditUrl(id));
        var extra = size is null ? new[] { ("changeSummary", summary) } : [("changeSummary", summary), ("changeSize", size)];
        (await LifecycleAsync(author, id, "Publish", extra)).ShouldRedirectTo(ReadUrl(id));
    }

    [Fact]
    public async Task A_reviewer_sends_a_draft_back_to_editing_with_a_reason()
    {
        var lucia = await LuciaAsync();
        var marta = await MartaAsync();
        var id = await CreateAsync(lucia, "en/phone-service", Department);
        (await LifecycleAsync(lucia, id, "Submit")).ShouldRedirectTo(EditUrl(id));

        var noReason = await LifecycleAsync(marta, id, "Return", ("reason", ""));
        noReason.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        noReason.Document.GetElementById("return-reason-error")!.TextContent.ShouldBe(Text.Es("Editor.ReasonRequired"));

        (await LifecycleAsync(marta, id, "Return", ("reason", "Falta el horario."))).ShouldRedirectTo(EditUrl(id));
        (await RecordAsync(app, id)).DraftState.ShouldBe(DraftState.Editing);
        (await OpenAsync(marta, id)).Text.ShouldContain(Text.Es("Editor.Returned", "Falta el horario."));
    }

    [Fact]
    public async Task A_published_protocol_offers_a_new_draft_archiving_hides_it_and_restoring_brings_it_back()
    {
        var lucia = await LuciaAsync();
        var id = await CreateAsync(lucia, "es/atencion-presencial", "Salón de belleza", title: "Recepción del salón");
        await PublishAsync(lucia, await MartaAsync(), id, "Primera versión.", size: null);
        var page = await OpenAsync(lucia, id);
        page.Document.QuerySelector("#protocol-form").ShouldBeNull();
        page.Text.ShouldContain(Text.Es("Editor.NoDraft", 1));

        (await LifecycleAsync(lucia, id, "Archive")).ShouldRedirectTo(EditUrl(id));
        (await RecordAsync(app, id)).ArchivedAt.ShouldNotBeNull();
        var list = await lucia.GetPageAsync("/protocols");
        list.Document.QuerySelector($"tr[data-protocol='{id}']").ShouldBeNull();
        (await lucia.GetPageAsync("/protocols?status=Archived")).Document.QuerySelector($"tr[data-protocol='{id}']").ShouldNotBeNull();
        (await LifecycleAsync(lucia, id, "StartDraft")).ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);

        (await LifecycleAsync(lucia, id, "Restore")).ShouldRedirectTo(EditUrl(id));
        (await RecordAsync(app, id)).ArchivedAt.ShouldBeNull();
        (await LifecycleAsync(lucia, id, "StartDraft")).ShouldRedirectTo(EditUrl(id));
        (await OpenAsync(lucia, id)).Document.QuerySelector("#protocol-form").ShouldNotBeNull();
    }

    // ---------------------------------------------------------------- two managers at once

    [Fact]
    public async Task A_stale_save_answers_409_keeps_the_persons_input_shows_the_others_change_and_overwrites_nothing()
    {
        var lucia = await LuciaAsync();
        var marta = await MartaAsync();
        var id = await CreateAsync(lucia, "es/canal-electronico", Department);
        var luciasForm = Fields(await OpenAsync(lucia, id));
        var martasForm = Fields(await OpenAsync(marta, id));

        await SaveAsync(marta, id, martasForm.Set("Input.Purpose", "Propósito de Marta."));
        var stale = await PostAsync(lucia, id, luciasForm.Set("Input.Purpose", "Propósito de Lucía."), "save");

        stale.ShouldHaveStatus(HttpStatusCode.Conflict);
        stale.SummaryErrors.ShouldContain(Text.Es("Editor.Conflict"));
        ValueAt(stale, "purpose").ShouldBe("Propósito de Lucía.");
        var conflict = stale.Document.GetElementById("conflict")!;
        conflict.QuerySelector(".diff del")!.TextContent.ShouldContain("Marta");
        conflict.QuerySelector(".diff ins")!.TextContent.ShouldContain("Lucía");
        conflict.QuerySelector($"a[href='{EditUrl(id)}']").ShouldNotBeNull();
        (await DraftAsync(app, id)).Purpose.ShouldBe("Propósito de Marta.");

        // Having seen the difference, saving again from the page is a deliberate choice and goes through.
        await SaveAsync(lucia, id, Fields(stale));
        (await DraftAsync(app, id)).Purpose.ShouldBe("Propósito de Lucía.");
    }

    // ---------------------------------------------------------------- who may, and bad input

    [Fact]
    public async Task An_agent_gets_403_from_the_new_page_and_the_editor_and_sees_only_published_protocols()
    {
        var lucia = await LuciaAsync();
        var id = await CreateAsync(lucia, "es/cliente-molesto", Department, title: "Borrador que nadie más ve");
        var agent = await app.SignInAsync(Demo.Agent);

        (await agent.GetPageAsync("/protocols/new")).ShouldHaveStatus(HttpStatusCode.Forbidden);
        (await agent.GetPageAsync(EditUrl(id))).ShouldHaveStatus(HttpStatusCode.Forbidden);
        var token = (await agent.GetPageAsync("/protocols")).AntiforgeryToken!;
        foreach (var action in new[] { EditUrl(id), $"{EditUrl(id)}?handler=Submit", $"{EditUrl(id)}?handler=Preview", "/protocols/new" })
        {
            var post = await agent.PostFormAsync(action, Browser.Form(("op", "save"), ("Input.Title", "Hackeado"), ("Version", "1"), (Browser.AntiforgeryField, token)));
            post.ShouldHaveStatus(HttpStatusCode.Forbidden, action);
        }
        (await DraftAsync(app, id)).Title.ShouldBe("Borrador que nadie más ve");

        var list = await agent.GetPageAsync("/protocols");
        list.ShouldHaveStatus(HttpStatusCode.OK);
        list.Text.ShouldContain("Atención telefónica");
        list.Text.ShouldNotContain("Borrador que nadie más ve");
        list.Document.QuerySelector("a[href='/protocols/new']").ShouldBeNull();
        list.Document.QuerySelector("a[href='/protocols/search']").ShouldNotBeNull();
        list.Document.QuerySelectorAll($"a[href$='/edit']").ShouldBeEmpty();
    }

    [Fact]
    public async Task Managers_see_every_state_in_the_list_and_filter_it_by_status_and_department()
    {
        var lucia = await LuciaAsync();
        var id = await CreateAsync(lucia, "es/canal-impreso", "Caja y facturación", title: "Cartas de la caja");
        var list = await lucia.GetPageAsync("/protocols");
        var row = list.Document.QuerySelector($"tr[data-protocol='{id}']")!;
        row.TextContent.ShouldContain(Text.Es("Protocols.Status.Draft"));
        row.QuerySelector($"a[href='{EditUrl(id)}']").ShouldNotBeNull();
        list.Document.QuerySelector("a[href='/protocols/new']").ShouldNotBeNull();

        var drafts = await lucia.GetPageAsync("/protocols?status=Draft");
        drafts.Document.QuerySelector($"tr[data-protocol='{id}']").ShouldNotBeNull();
        drafts.Document.QuerySelectorAll("tr[data-protocol]").ShouldAllBe(r => r.TextContent.Contains(Text.Es("Protocols.Status.Draft")));
        (await lucia.GetPageAsync("/protocols?status=InReview")).Document.QuerySelector($"tr[data-protocol='{id}']").ShouldBeNull();
        var salon = await lucia.GetPageAsync("/protocols?department=" + Uri.EscapeDataString("Salón de belleza"));
        salon.Document.QuerySelectorAll("section.protocol-group h2").Select(h => h.TextContent).ShouldBe(["Salón de belleza"]);
        (await lucia.GetPageAsync("/protocols?status=Nonsense&department=Marte")).ShouldHaveStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_id_or_another_organisations_protocol_is_not_found_and_stays_untouched()
    {
        var lucia = await LuciaAsync();
        var id = await CreateAsync(lucia, "es/atencion-presencial", Department);
        var before = await DraftTextAsync(app, id);
        var other = await app.SignUpAsync($"Otra {Guid.NewGuid():N}"[..20], Demo.NewEmail("owner-b"));

        (await lucia.GetPageAsync(EditUrl(Guid.NewGuid()))).ShouldHaveStatus(HttpStatusCode.NotFound);
        (await other.GetPageAsync(EditUrl(id))).ShouldHaveStatus(HttpStatusCode.NotFound);
        var token = (await other.GetPageAsync("/protocols/new")).AntiforgeryToken!;
        foreach (var handler in new[] { "", "Submit", "Approve", "Return", "Publish", "Archive", "Restore", "StartDraft" })
        {
            var url = handler.Length == 0 ? EditUrl(id) : $"{EditUrl(id)}?handler={handler}";
            var post = await other.PostFormAsync(url, Browser.Form(("op", "save"), ("Input.Title", "Hackeado"), ("Version", "1"),
                ("reason", "x"), ("changeSummary", "x"), (Browser.AntiforgeryField, token)));
            post.ShouldHaveStatus(HttpStatusCode.NotFound, handler);
        }
        (await DraftTextAsync(app, id)).ShouldBe(before);
        (await RecordAsync(app, id)).DraftState.ShouldBe(DraftState.Editing);
        var list = await other.GetPageAsync("/protocols");
        list.Document.QuerySelectorAll("tr[data-protocol]").ShouldBeEmpty();
        list.Html.ShouldNotContain("Atención");
    }

    public static TheoryData<string, string, string, string> BadValues() => new()
    {
        { "Input.ServiceTargets[0].Amount", "veinte", "serviceTargets[0].amount", Text.Es("Editor.WholeNumber", "veinte") },
        { "Input.ServiceTargets[0].Unit", "weeks", "serviceTargets[0].unit", Text.Es("Editor.UnknownChoice", "weeks") },
        { "Input.EscalationRules[0].Currency", "euros", "escalationRules[0].currency", Text.Es("Editor.Currency", "euros") },
        { "Input.ReviewEveryDays", "pronto", "reviewEveryDays", Text.Es("Editor.WholeNumber", "pronto") },
        { "Input.EscalationRules[0].Amount", "cien", "escalationRules[0].amount", Text.Es("Editor.Number", "cien") },
        { "Input.Steps[0].Stage", "Middle", "steps[0].stage", Text.Es("Editor.UnknownChoice", "Middle") },
        { "Input.Title", "repeat:201", "title", Text.Es("Protocol.TitleTooLong", 200) },
        { "Input.Purpose", $"repeat:{ProtocolForm.MaxFieldLength + 1}", "purpose", Text.Es("Editor.TooLong", ProtocolForm.MaxFieldLength) },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_value_that_does_not_fit_answers_422_with_the_message_beside_its_field_and_saves_nothing(string field, string value, string path, string message)
    {
        var lucia = await LuciaAsync();
        var id = await CreateAsync(lucia, "es/cliente-molesto", Department);
        var before = await DraftTextAsync(app, id);
        // Long values are described, not written out, so the test's name stays readable.
        if (value.StartsWith("repeat:", StringComparison.Ordinal)) value = new string('x', int.Parse(value["repeat:".Length..]));
        var page = await PostAsync(lucia, id, Fields(await OpenAsync(lucia, id)).Set(field, value), "save");

        page.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        MarksAt(page, path).ShouldContain(message);
        page.SummaryErrors.ShouldContain(Text.Es("Editor.NotSaved"));
        (await DraftTextAsync(app, id)).ShouldBe(before);
    }

    [Fact]
    public async Task Oversized_posts_are_refused_with_a_clear_status_never_a_500_and_save_nothing()
    {
        var lucia = await LuciaAsync();
        var id = await CreateAsync(lucia, "es/cliente-molesto", Department);
        var before = await DraftTextAsync(app, id);
        var fields = Fields(await OpenAsync(lucia, id));

        var tooManyRows = fields.Concat(Enumerable.Range(0, ProtocolForm.MaxItems + 1)
            .Select(i => new KeyValuePair<string, string>($"Input.Terms[{i}].Name", $"t{i}"))).ToList();
        var rows = await PostAsync(lucia, id, tooManyRows, "save");
        rows.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        MarksAt(rows, "terms").ShouldContain(Text.Es("Editor.TooMany", ProtocolForm.MaxItems));

        var tooManyValues = fields.Concat(Enumerable.Range(0, EditModel.MaxFormValues)
            .Select(i => new KeyValuePair<string, string>($"x{i}", "y"))).ToList();
        // Past the form-value limit nothing binds, so there is no field to point at: the request itself is refused.
        var values = await PostAsync(lucia, id, tooManyValues, "save");
        values.ShouldHaveStatus(HttpStatusCode.BadRequest);
        values.Text.ShouldContain(Text.Es("Status.400.Text"));

        var hugeText = fields.Set("Input.Steps[0].Scripts[0].Text", new string('x', 40_000))
            .Concat(Enumerable.Range(1, 30).Select(i => new KeyValuePair<string, string>($"Input.Steps[0].Scripts[{i}].Text", new string('y', 40_000)))).ToList();
        var huge = await PostAsync(lucia, id, hugeText, "save");
        huge.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        huge.SummaryErrors.ShouldContain(Text.Es("Protocol.TooLong", 1_000_000));

        (await DraftTextAsync(app, id)).ShouldBe(before);
    }
}

public sealed class AuthoringOnSqlite(SqliteApp app) : AuthoringTests(app), IClassFixture<SqliteApp>;

public sealed class AuthoringOnPostgres(PostgresApp app) : AuthoringTests(app), IClassFixture<PostgresApp>;
