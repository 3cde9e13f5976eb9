using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Pauta.Browser.Tests.Text;
using static Pauta.Browser.Tests.Axe;

namespace Pauta.Browser.Tests;

/// <summary>
/// Issue 12's legal-term journey in Chromium, on the demo's Bogotá shop ("Tienda Bogotá Andino", legal calendar
/// <c>legal-co</c>; the admin adding such a site is <see cref="SitesJourneyTests"/>). Lucía starts a new draft of the demo
/// complaint protocol in the editor, drops its old print levels and adds the letters' target: the substantive answer
/// ("respuesta de fondo") within 15 business days on the legal calendar, warned with 3 business days left; she turns the
/// protocol's "plazo en riesgo" rule into the rule for a target at risk, submits; Carmen approves; Lucía publishes. The
/// protocol already has its <c>numero-caso</c> field and the "Dar el número de caso" script that says it (not added here).
/// No demo agent works in Bogotá: Sofía picks the Bogotá site on the new-contact form. She enters a letter received
/// yesterday with the reason it came in late, fills the case number and the script says it; Andrés filters his board on
/// Bogotá and reads the legal countdown; the app clock jumps past the warning, the server records it and escalates the
/// contact (read from the database), and the board and the run show it.
/// The app clock is the demo's fixed start, Tuesday 3 March 2026 09:30 UTC (04:30 in Bogotá), so the letter came on
/// Monday 2 March and the 15 business days counted from Tuesday 3 step over San José (Monday 23 March): due Tuesday 24
/// March at the close of the day. Every page visited after signing in passes axe (WCAG 2.1 AA) at 1280 px, the board
/// also at 768 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LegalTermJourneyTests(BrowserHost host, DemoHost demo) : IClassFixture<DemoHost>
{
    private const string Complaints = "Quejas y reclamaciones";
    private const string Bogota = "Tienda Bogotá Andino";
    private const string RuleKey = "plazo-en-riesgo";
    private const string CaseNumber = "CO-2026-0042";
    private const string LateReason = "La carta llegó ayer por correo certificado a la tienda.";
    private async Task<IPage> BogotaBoardAsync(string email, int width)
    {
        var page = await demo.SignInAsync(host.Browser, email, width);
        await page.GotoAsync("/board");
        await page.Locator("#board-site").SelectOptionAsync(new SelectOptionValue { Label = Bogota });
        await page.Locator("#board-filter button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]site=[0-9a-f-]{36}"));
        return page;
    }

    [Fact]
    public async Task A_letter_received_yesterday_counts_its_legal_term_in_Bogota_shows_the_case_number_and_escalates_at_the_warning()
    {
        var story = new Story("legal-term-journey");
        var protocolId = await demo.ProtocolIdAsync(Complaints);
        var editUrl = $"/protocols/{protocolId}/edit";
        // 15 business days from Tuesday 3 March: 14 days left after today, San José (Monday 23 March) not counted.
        var countdown = Es("Contact.DaysLeft.BusinessDays", 14) + " · " + Es("Contact.DueOn", "martes 24 de marzo");

        var lucia = await demo.SignInAsync(host.Browser, "lucia@suarez.example", width: 1280);
        story.Page = lucia;

        await story.Step("Lucía starts a new draft of the complaint protocol and drops the old print levels", async () =>
        {
            await lucia.GotoAsync(editUrl);
            await lucia.GetByRole(AriaRole.Button, new() { Name = Es("Editor.StartDraft"), Exact = true }).ClickAsync();
            await Expect(lucia.Locator("#f-title")).ToHaveValueAsync(Complaints);
            await AxeCleanAsync(lucia);
            var print = lucia.Locator(".level.target").Filter(new() { Has = lucia.Locator("input[value='Print']:checked") });
            for (var i = 0; i < 4 && await print.CountAsync() > 0; i++)
            {
                var before = await lucia.Locator(".level.target").CountAsync();
                await print.First.Locator(".item-actions button").ClickAsync();
                await Expect(lucia.Locator(".level.target")).ToHaveCountAsync(before - 1);
            }
            await Expect(print).ToHaveCountAsync(0);
        });

        await story.Step("she adds the letters' legal target: the answer in 15 business days on the legal calendar, warned 3 days before", async () =>
        {
            var n = await lucia.Locator(".level.target").CountAsync();
            await lucia.GetByRole(AriaRole.Button, new() { Name = Es("Editor.AddTarget"), Exact = true }).ClickAsync();
            await Expect(lucia.Locator(".level.target")).ToHaveCountAsync(n + 1);
            var t = $"#f-serviceTargets-{n}";
            await Expect(lucia.Locator(t + "-clock")).ToBeVisibleAsync();
            await lucia.Locator($"#b-add-serviceTargets-{n}-warnings").ClickAsync();
            await Expect(lucia.Locator($"{t}-warnings-0-kind")).ToBeVisibleAsync();
            await lucia.Locator(t + "-clock").SelectOptionAsync("Answer");
            await lucia.Locator(t + "-amount").FillAsync("15");
            await lucia.Locator(t + "-unit").SelectOptionAsync("BusinessDays");
            foreach (var box in await lucia.Locator(t + "-channel input[type=checkbox]").AllAsync()) await box.UncheckAsync();
            await lucia.Locator(t + "-channel input[value='Print']").CheckAsync();
            await lucia.Locator(t + "-calendar").SelectOptionAsync("legal");
            await lucia.Locator($"{t}-warnings-0-kind").SelectOptionAsync("Left");
            await lucia.Locator($"{t}-warnings-0-percentUsed").FillAsync("3");
            // The rule for a target at risk: the protocol's "plazo en riesgo", now said of the warning.
            await lucia.Locator("#f-escalationRules-1-condition").SelectOptionAsync("TargetAtRisk");
            await lucia.Locator(".savebar").GetByRole(AriaRole.Button, new() { Name = Es("Action.Save"), Exact = true }).ClickAsync();
            await Expect(lucia.Locator("#editor-status")).ToHaveTextAsync(Es("Editor.Saved"));
            await Expect(lucia.Locator(t + "-clock")).ToHaveValueAsync("Answer");
            await Expect(lucia.Locator(t + "-unit")).ToHaveValueAsync("BusinessDays");
            await Expect(lucia.Locator($"{t}-warnings-0-left")).ToHaveValueAsync("3");
            await Expect(lucia.Locator($"{t}-warnings-0-leftUnit")).ToHaveValueAsync("BusinessDays");
            await AxeCleanAsync(lucia);
            await lucia.GetByRole(AriaRole.Button, new() { Name = Es("Editor.Submit"), Exact = true }).ClickAsync();
            await Expect(lucia.Locator("#protocol-status")).ToHaveTextAsync(Es("Protocols.Status.InReview"));
        });

        await story.Step("Carmen approves the draft and Lucía publishes it", async () =>
        {
            var carmen = await demo.SignInAsync(host.Browser, "carmen@suarez.example", width: 1280);
            story.Page = carmen;
            await carmen.GotoAsync(editUrl);
            await carmen.GetByRole(AriaRole.Button, new() { Name = Es("Editor.Approve"), Exact = true }).ClickAsync();
            await Expect(carmen.Locator("#protocol-status")).ToHaveTextAsync(Es("Protocols.Status.Approved"));
            await carmen.Context.CloseAsync();
            story.Page = lucia;
            await lucia.GotoAsync(editUrl);
            await lucia.Locator("#change-summary").FillAsync("Plazo legal de respuesta de fondo para cartas.");
            await lucia.Locator("input[name='changeSize'][value='Minor']").CheckAsync();
            await lucia.GetByRole(AriaRole.Button, new() { Name = Es("Editor.Publish"), Exact = true }).ClickAsync();
            await Expect(lucia.Locator(".flash")).ToContainTextAsync(Es("Editor.Published", 2));
            await Expect(lucia.GetByRole(AriaRole.Heading, new() { Name = Complaints, Level = 1 })).ToBeVisibleAsync();
            await lucia.Context.CloseAsync();
        });

        var sofia = await demo.SignInAsync(host.Browser, "sofia@suarez.example", width: 1280);
        story.Page = sofia;
        var contactId = Guid.Empty;

        await story.Step("Sofía enters a letter for the Bogotá shop, received yesterday afternoon, with the reason it comes in late", async () =>
        {
            await sofia.GotoAsync("/contacts/new");
            await AxeCleanAsync(sofia);
            await sofia.GetByRole(AriaRole.Radio, new() { Name = Es("Channel.Print"), Exact = true }).CheckAsync();
            await sofia.Locator("#site-select").SelectOptionAsync(new SelectOptionValue { Label = Bogota });
            await sofia.GetByLabel(Es("Contact.Reason"), new() { Exact = true }).FillAsync("Carta de reclamación por un cobro doble en la tarjeta");
            await sofia.Locator("#protocol-select").SelectOptionAsync(protocolId.ToString());
            await sofia.GetByLabel(Es("Contact.CustomerName"), new() { Exact = true }).FillAsync("Camilo Rojas");
            await sofia.Locator("#Input_ReceivedDate").FillAsync("2026-03-02");
            await sofia.Locator("#Input_ReceivedTime").FillAsync("16:30");
            await sofia.Locator("#Input_ReceivedReason").FillAsync(LateReason);
            await sofia.Locator("#start").ClickAsync();
            await sofia.WaitForURLAsync(new Regex("/contacts/[0-9a-f-]{36}$"));
            contactId = Guid.Parse(new Uri(sofia.Url).AbsolutePath.Split('/').Last());
        });

        await story.Step("the run shows when the letter came and the legal countdown of the answer: 14 business days, due 24 March", async () =>
        {
            await Expect(sofia.GetByRole(AriaRole.Heading, new() { Name = Complaints, Level = 1 })).ToBeVisibleAsync();
            await Expect(sofia.Locator("#received-at")).ToContainTextAsync("16:30");
            await Expect(sofia.Locator("#received-at")).ToContainTextAsync(LateReason);
            var answer = sofia.Locator("#clock-Answer");
            await Expect(answer.Locator(".clock-name")).ToContainTextAsync(Es("Contact.Clock.Answer"));
            await Expect(answer.Locator(".day-term")).ToHaveTextAsync(countdown);
            await AxeCleanAsync(sofia);
        });

        await story.Step("she follows the greeting and the checklist to the step that gives the case number", async () =>
        {
            await sofia.Locator("#complete").ClickAsync();
            await Expect(sofia.Locator("#step-title")).ToHaveTextAsync("Recoger los datos");
            var checks = sofia.Locator("#checklist button.check");
            var count = await checks.CountAsync();
            for (var i = 0; i < count; i++)
            {
                await checks.Nth(i).ClickAsync();
                await Expect(checks.Nth(i)).ToHaveAttributeAsync("aria-checked", "true");
            }
            await sofia.Locator("#complete").ClickAsync();
            await Expect(sofia.Locator("#step-title")).ToHaveTextAsync("Dar el número de caso");
        });

        await story.Step("she fills the case number and the step's script says it", async () =>
        {
            await sofia.Locator("#field-numero-caso").FillAsync(CaseNumber);
            await sofia.Locator("#save-fields").ClickAsync();
            await Expect(sofia.Locator("#field-numero-caso")).ToHaveValueAsync(CaseNumber);
            await Expect(sofia.Locator("blockquote.script").Filter(new() { HasText = "Su número de caso es" }))
                .ToContainTextAsync($"Su número de caso es {CaseNumber}.");
            await AxeCleanAsync(sofia);
        });

        await story.Step("Andrés filters his board on the Bogotá shop and reads the legal countdown of the letter", async () =>
        {
            var andres = await BogotaBoardAsync("andres@suarez.example", 1280);
            story.Page = andres;
            var row = andres.Locator($"#board-{contactId}");
            await Expect(row).ToContainTextAsync(Complaints);
            await Expect(row.Locator("td.term .clock-name")).ToHaveTextAsync(Es("Contact.Clock.Answer"));
            await Expect(row.Locator("td.term .day-term")).ToHaveTextAsync(" · " + countdown);
            await Expect(row.Locator(".badge.warn")).ToHaveCountAsync(0);
            await AxeCleanAsync(andres);
            await andres.Context.CloseAsync();
        });

        await story.Step("the clock jumps 20 days, to the San José holiday: the server records the warning and escalates the contact", async () =>
        {
            demo.Clock.Advance(TimeSpan.FromDays(20));
            var escalated = false;
            for (var i = 0; i < 100 && !escalated; i++)
            {
                escalated = await demo.ReadAsync(db => db.Contacts.IgnoreQueryFilters().Where(c => c.Id == contactId).Select(c => c.Escalated).SingleAsync());
                if (!escalated) await Task.Delay(200);
            }
            escalated.ShouldBeTrue("the warning did not escalate the contact within 20 seconds");
            var events = await demo.ReadAsync(db => db.ContactEvents.IgnoreQueryFilters().Where(e => e.ContactId == contactId)
                .OrderBy(e => e.Sequence).Select(e => new { e.Type, e.Data, e.ActorUserId }).ToListAsync());
            events.ShouldContain(e => e.Data.Contains("warned", StringComparison.OrdinalIgnoreCase),
                string.Join("\n", events.Select(e => e.Type + " " + e.Data)));
            events.ShouldContain(e => e.Data.Contains(RuleKey, StringComparison.Ordinal));
        });

        await story.Step("on a tablet the board shows the letter at risk and escalated, one business day left", async () =>
        {
            // The jump outlived the 12-hour sessions: Andrés signs in again.
            var andres = await BogotaBoardAsync("andres@suarez.example", 768);
            story.Page = andres;
            var row = andres.Locator($"#board-{contactId}");
            await Expect(row).ToHaveClassAsync(new Regex(@"\bat-risk\b"));
            await Expect(row.Locator(".badge.at-risk")).ToHaveTextAsync(Es("Board.AtRisk"));
            await Expect(row.Locator(".badge.warn", new() { HasTextString = Es("Board.Escalated") })).ToHaveCountAsync(1);
            await Expect(row.Locator("td.term .day-term")).ToHaveTextAsync(
                " · " + Es("Contact.DaysLeft.BusinessDays", 1) + " · " + Es("Contact.DueOn", "martes 24 de marzo"));
            await AxeCleanAsync(andres);
            await andres.Context.CloseAsync();
        });

        await story.Step("the run shows the warning reached on the answer's clock, with the case number still in the script", async () =>
        {
            var again = await demo.SignInAsync(host.Browser, "sofia@suarez.example", width: 1280);
            story.Page = again;
            await again.GotoAsync($"/contacts/{contactId}");
            var answer = again.Locator("#clock-Answer");
            await Expect(answer).ToHaveClassAsync(new Regex(@"\bat-risk\b"));
            await Expect(answer.Locator(".clock-warnings li")).ToContainTextAsync(
                Es("Contact.WarningLeft", Es("Contact.Amount.BusinessDays", 3)));
            await Expect(again.Locator("blockquote.script").Filter(new() { HasText = "Su número de caso es" }))
                .ToContainTextAsync(CaseNumber);
            await AxeCleanAsync(again);
            await again.Context.CloseAsync();
        });

        await sofia.Context.CloseAsync();
    }
}
