using Pauta.Core.Organisations;
using Pauta.Data.Entities;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests.Contacts;

public sealed record SuggestionReasonDto(string Code, List<string> Args);

public sealed record ExplainedSuggestionDto(Guid ProtocolId, string Title, string? PlanKey, bool CoversChannel, SuggestionReasonDto? Reason);

public sealed record ExplainedSuggestionsDto(List<ExplainedSuggestionDto> Suggestions);

/// <summary>
/// The demo's selection rules reach the agent: the API and the New contact page put a winning protocol first and say
/// why, in the user's language; a customer's segment counts only for that customer, and only within the organisation.
/// </summary>
public abstract class SuggestionSelectionTests(PautaApp app)
{
    private const string Injured = "Cliente indispuesto o herido en la tienda o el salón";
    private const string Upset = "Cliente molesto: método L.A.S.T.";

    private Task<ExplainedSuggestionsDto> SuggestAsync(Browser who, string reason, string channel, Guid? customer = null) =>
        who.GetJsonAsync<ExplainedSuggestionsDto>(
            $"/api/v1/contacts/suggestions?reason={Uri.EscapeDataString(reason)}&channel={channel}{(customer is { } c ? $"&customerId={c}" : "")}");

    [Fact]
    public async Task A_customer_who_fell_gets_the_first_aid_protocol_first_with_the_rule_that_put_it_there()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var found = await SuggestAsync(agent, "quiero poner una queja, me he caído en la tienda por el suelo mojado", "InPerson");
        found.Suggestions[0].Title.ShouldBe(Injured);
        found.Suggestions[0].Reason.ShouldNotBeNull();
        found.Suggestions[0].Reason!.Code.ShouldBe("rule-mentions");
        found.Suggestions[0].Reason!.Args.ShouldBe(["me he caído"]);
        found.Suggestions.Where(s => s.Title != Injured).ShouldAllBe(s => s.Reason == null);
    }

    [Fact]
    public async Task The_new_contact_page_shows_why_a_protocol_is_first_in_spanish_and_in_english()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var url = $"/contacts/new?handler=Suggestions&Input.Channel=InPerson&Input.Reason={Uri.EscapeDataString("me he caído en el pasillo")}";
        (await TextOfAsync(agent, url)).ShouldContain("regla: menciona «me he caído»");

        await agent.SubmitAsync("/", Browser.Form(("language", "en"), ("returnUrl", "/")), "/account/language");
        (await TextOfAsync(agent, url)).ShouldContain("rule: mentions “me he caído”");
    }

    private static async Task<string> TextOfAsync(Browser who, string url)
    {
        var response = await who.GetAsync(url);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        return Browser.Parse(await response.Content.ReadAsStringAsync()).DocumentElement.TextContent;
    }

    [Fact]
    public async Task A_vip_customer_gets_the_careful_protocol_first_and_another_customer_does_not()
    {
        var organisation = await app.OrganisationOfAsync(Demo.Agent);
        var (vip, plain) = await app.WithDbAsync(async db =>
        {
            var vip = new Customer { Id = Guid.NewGuid(), Name = "Elena Prieto", Segment = "vip", CreatedAt = app.UtcNow };
            var plain = new Customer { Id = Guid.NewGuid(), Name = "Luis Prieto", CreatedAt = app.UtcNow };
            db.Customers.AddRange(vip, plain);
            await db.SaveChangesAsync();
            return (vip.Id, plain.Id);
        }, organisation);
        var agent = await app.SignInAsync(Demo.Agent);
        const string reason = "quiero devolver unos zapatos que me quedaron chicos";

        var forVip = await SuggestAsync(agent, reason, "InPerson", vip);
        forVip.Suggestions[0].Title.ShouldBe(Upset);
        forVip.Suggestions[0].Reason!.Code.ShouldBe("rule-segment");
        forVip.Suggestions[0].Reason!.Args.ShouldBe(["vip"]);
        (await SuggestAsync(agent, reason, "InPerson", plain)).Suggestions[0].Title.ShouldNotBe(Upset);
        (await SuggestAsync(agent, reason, "InPerson")).Suggestions[0].Title.ShouldNotBe(Upset);

        // Another organisation's agent naming this customer gets no segment from it.
        var stranger = await app.SignUpAsync($"Otra Tienda {Guid.NewGuid():N}", $"owner-{Guid.NewGuid():N}@otra.example");
        (await SuggestAsync(stranger, reason, "InPerson", vip)).Suggestions.ShouldAllBe(s => s.Reason == null);
    }
}

public sealed class SuggestionSelectionOnSqlite(SqliteApp app) : SuggestionSelectionTests(app), IClassFixture<SqliteApp>;

public sealed class SuggestionSelectionOnPostgres(PostgresApp app) : SuggestionSelectionTests(app), IClassFixture<PostgresApp>;
