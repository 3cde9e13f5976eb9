using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Pauta.Browser.Tests.Text;
using static Pauta.Browser.Tests.Axe;

namespace Pauta.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class InvitationJourneyTests(BrowserHost host)
{
    private const string LunchBreak = "09:00-14:00, 16:00-19:00";
    private const string Department = "Atención al cliente";
    private const string Position = "Agente";

    [Fact]
    public async Task An_owner_sets_up_the_organisation_and_an_invited_agent_joins_switches_language_and_is_kept_out_of_settings()
    {
        var story = new Story("invitation-journey");
        var run = Guid.NewGuid().ToString("N")[..8];
        var ownerEmail = $"owner.{run}@example.com";
        var agentEmail = $"agent.{run}@example.com";
        var agentName = "Sofía Díaz";

        await using var ownerContext = await host.NewContextAsync();
        var owner = await ownerContext.NewPageAsync();
        var ownerConsole = new ConsoleWatch(owner);
        story.Page = owner;

        await story.Step("the owner signs up a new organisation and lands on the home page signed in", async () =>
        {
            await owner.GotoAsync("/account/signup");
            await Expect(owner.GetByRole(AriaRole.Heading, new() { Name = Es("SignUp.Title") })).ToBeVisibleAsync();
            await AxeCleanAsync(owner);
            await owner.Locator("[name='Input.OrganisationName']").FillAsync($"Tiendas Prueba {run}");
            await owner.Locator("[name='Input.BrandName']").FillAsync("Tiendas Prueba");
            await owner.Locator("[name='Input.Language']").SelectOptionAsync("es");
            await owner.Locator("[name='Input.TimeZoneId']").FillAsync("America/Bogota");
            await owner.Locator("[name='Input.DisplayName']").FillAsync("Carmen Dueña");
            await owner.Locator("[name='Input.Email']").FillAsync(ownerEmail);
            await owner.Locator("[name='Input.Password']").FillAsync("Propietaria-2026");
            await owner.GetByRole(AriaRole.Button, new() { Name = Es("SignUp.Submit"), Exact = true }).ClickAsync();

            // The address is enough: the assertions below wait for what the page shows.
            await owner.WaitForURLAsync(host.BaseUrl + "/", new() { WaitUntil = WaitUntilState.Commit });
            await Expect(owner.Locator(".who")).ToContainTextAsync("Carmen Dueña");
            await Expect(owner.Locator(".who")).ToContainTextAsync(Es("Role.Owner"));
            await Expect(owner.Locator("#org-time")).ToContainTextAsync("America/Bogota");
            await Expect(owner.Locator("nav.mainnav a[href='/settings']")).ToHaveTextAsync(Es("Nav.Settings"));
            await AxeCleanAsync(owner);
        });

        await story.Step("the owner sets Monday to a split day with a lunch break and it is still there after a reload", async () =>
        {
            await owner.GotoAsync("/settings/hours");
            await owner.Locator("#hours-Monday").FillAsync(LunchBreak);
            // Saturday starts closed, so seeing it after the reload proves the save reached the database.
            await owner.Locator("#hours-Saturday").FillAsync("10:00-13:00");
            await owner.GetByRole(AriaRole.Button, new() { Name = Es("Action.Save"), Exact = true }).ClickAsync();
            await Expect(owner.Locator(".flash")).ToHaveTextAsync(Es("Flash.Saved"));

            await owner.ReloadAsync();
            await Expect(owner.Locator(".flash")).ToHaveCountAsync(0);
            await Expect(owner.Locator("#hours-Monday")).ToHaveValueAsync(LunchBreak);
            await Expect(owner.Locator("#hours-Saturday")).ToHaveValueAsync("10:00-13:00");
            await Expect(owner.Locator("#hours-Sunday")).ToHaveValueAsync("");
            await AxeCleanAsync(owner);
        });

        await story.Step($"the owner creates the department \"{Department}\"", async () =>
        {
            await owner.GotoAsync("/departments");
            await owner.Locator("[name='Name']").FillAsync(Department);
            await owner.GetByRole(AriaRole.Button, new() { Name = Es("Departments.Create"), Exact = true }).ClickAsync();

            await Expect(owner.Locator(".flash")).ToHaveTextAsync(Es("Flash.DepartmentCreated", Department));
            await Expect(owner.Locator("#departments input[name='newName']")).ToHaveValueAsync(Department);
            await AxeCleanAsync(owner);
        });

        await story.Step($"the owner creates the position \"{Position}\" in that department", async () =>
        {
            await owner.GotoAsync("/positions");
            await owner.Locator("[name='Input.Title']").FillAsync(Position);
            await owner.Locator("[name='Input.DepartmentId']").SelectOptionAsync(new SelectOptionValue { Label = Department });
            await owner.GetByRole(AriaRole.Button, new() { Name = Es("Positions.Create"), Exact = true }).ClickAsync();

            await Expect(owner.Locator(".flash")).ToHaveTextAsync(Es("Flash.Saved"));
            var row = owner.Locator("#positions tbody tr").Filter(new() { Has = owner.GetByRole(AriaRole.Link, new() { Name = Position, Exact = true }) });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(Department);
            await AxeCleanAsync(owner);
        });

        var link = "";
        await story.Step("the owner invites an agent into that department and position and gets a link to copy", async () =>
        {
            await owner.GotoAsync("/people");
            await owner.Locator("[name='Input.Email']").FillAsync(agentEmail);
            await owner.Locator("[name='Input.Role']").SelectOptionAsync("Agent");
            await owner.Locator("[name='Input.DepartmentId']").SelectOptionAsync(new SelectOptionValue { Label = Department });
            await owner.Locator("[name='Input.PositionId']").SelectOptionAsync(new SelectOptionValue { Label = Position });
            await owner.GetByRole(AriaRole.Button, new() { Name = Es("People.SendInvite"), Exact = true }).ClickAsync();

            await Expect(owner.Locator("input#invitation-link")).ToBeVisibleAsync();
            link = await owner.Locator("input#invitation-link").InputValueAsync();
            link.ShouldStartWith(host.BaseUrl + "/invitations/accept?token=", Case.Sensitive, "the invitation link should point at this server's accept page");
            await Expect(owner.Locator("#pending")).ToContainTextAsync(agentEmail);
            await AxeCleanAsync(owner);
        });

        ownerConsole.Errors.ShouldBeEmpty("the owner's pages should log no console errors or CSP violations");

        await using var agentContext = await host.NewContextAsync();
        var agent = await agentContext.NewPageAsync();
        var agentConsole = new ConsoleWatch(agent);
        story.Page = agent;

        await story.Step("the agent opens the link in a fresh browser, picks a name and password, and lands on the home page signed in", async () =>
        {
            var response = await agent.GotoAsync(link);
            response.ShouldNotBeNull().Status.ShouldBe(200, "a fresh invitation link should open the accept page");
            await Expect(agent.GetByRole(AriaRole.Heading, new() { Name = Es("Accept.Title") })).ToBeVisibleAsync();
            await Expect(agent.Locator("#invite-email")).ToHaveValueAsync(agentEmail);
            await AxeCleanAsync(agent);
            await agent.Locator("[name='Input.DisplayName']").FillAsync(agentName);
            await agent.Locator("[name='Input.Password']").FillAsync("Agente-Seguro-7");
            await agent.GetByRole(AriaRole.Button, new() { Name = Es("Accept.Submit"), Exact = true }).ClickAsync();

            await agent.WaitForURLAsync(host.BaseUrl + "/");
            await Expect(agent.Locator(".flash")).ToHaveTextAsync(Es("Flash.Joined"));
            await Expect(agent.Locator(".who")).ToContainTextAsync(agentName);
            await Expect(agent.Locator(".who")).ToContainTextAsync(Es("Role.Agent"));
            await AxeCleanAsync(agent);
        });

        await story.Step("the agent switches the language to English with the top-bar select and the interface follows", async () =>
        {
            var spanishNav = agent.GetByRole(AriaRole.Navigation, new() { Name = Es("Nav.Main") });
            await Expect(spanishNav.GetByRole(AriaRole.Link, new() { Name = Es("Nav.Home"), Exact = true })).ToBeVisibleAsync();
            await Expect(agent.Locator("html")).ToHaveAttributeAsync("lang", "es");

            await agent.Locator("select#language-select").SelectOptionAsync("en");

            await Expect(agent.Locator("html")).ToHaveAttributeAsync("lang", "en");
            var nav = agent.GetByRole(AriaRole.Navigation, new() { Name = En("Nav.Main") });
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = En("Nav.Home"), Exact = true })).ToBeVisibleAsync();
            await Expect(agent.GetByRole(AriaRole.Link, new() { Name = Es("Nav.Home"), Exact = true })).ToHaveCountAsync(0);
            await Expect(agent.Locator("select#language-select")).ToHaveValueAsync("en");
            await AxeCleanAsync(agent);
        });

        await story.Step("the agent's navigation offers only home, the org chart, the protocols, training, contacts and customers, and no settings link anywhere", async () =>
        {
            var nav = agent.GetByRole(AriaRole.Navigation, new() { Name = En("Nav.Main") });
            await Expect(nav.GetByRole(AriaRole.Link)).ToHaveTextAsync([En("Nav.Home"), En("Nav.OrgChart"), En("Nav.Protocols"), En("Nav.Training"), En("Nav.Contacts"), En("Nav.Customers")]);
            await Expect(agent.Locator("a[href='/settings']")).ToHaveCountAsync(0);
            await Expect(agent.GetByRole(AriaRole.Link, new() { Name = En("Nav.Settings") })).ToHaveCountAsync(0);
        });

        agentConsole.Errors.ShouldBeEmpty("the agent's pages should log no console errors or CSP violations");

        await story.Step("the agent who types /settings is refused with the 403 page in English", async () =>
        {
            var response = await agent.GotoAsync("/settings");

            response.ShouldNotBeNull().Status.ShouldBe(403, "an agent must not open the organisation settings");
            await Expect(agent.GetByRole(AriaRole.Heading, new() { Name = En("Status.403.Title"), Exact = true })).ToBeVisibleAsync();
            await Expect(agent).ToHaveTitleAsync($"{En("Status.403.Title")} · Pauta");
            await Expect(agent.Locator("[name='Input.Name']")).ToHaveCountAsync(0);
            await AxeCleanAsync(agent);
        });
    }
}
