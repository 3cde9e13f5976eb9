using Pauta.Core.Protocols;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Pauta.Data.Entities;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Protocols.Authoring;

namespace Pauta.Web.Tests.Protocols;

/// <summary>
/// The organisation setting "require approval by another manager before publishing", on the settings page and in the
/// API. A class of its own: it changes the organisation every other authoring test relies on.
/// </summary>
public abstract class ApprovalSettingTests(PautaApp app)
{
    private static async Task<bool> ApiSettingAsync(Browser owner) =>
        (await owner.GetJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>("/api/v1/organisation"))["requireProtocolApproval"].GetBoolean();

    [Fact]
    public async Task The_settings_checkbox_turns_the_approval_requirement_off_and_on_and_publishing_follows_it()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var settings = await owner.GetPageAsync("/settings");
        settings.Document.QuerySelector("input[name='Input.RequireProtocolApproval'][type=checkbox]")!.HasAttribute("checked").ShouldBeTrue();
        (await ApiSettingAsync(owner)).ShouldBeTrue();

        // An unticked box posts only the hidden "false".
        var off = settings.FormFields().Where(f => !(f.Key == "Input.RequireProtocolApproval" && f.Value == "true")).ToList();
        off.ShouldContain(new KeyValuePair<string, string>("Input.RequireProtocolApproval", "false"));
        (await owner.PostFormAsync("/settings", off)).ShouldRedirectTo("/settings");
        (await ApiSettingAsync(owner)).ShouldBeFalse();
        (await owner.GetPageAsync("/settings")).Document.QuerySelector("input[name='Input.RequireProtocolApproval'][type=checkbox]")!
            .HasAttribute("checked").ShouldBeFalse();
        (await app.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == "organisation.updated"))).ShouldBeGreaterThan(0);

        // Now a manager publishes straight from editing, with nobody else's approval.
        var lucia = await app.SignInAsync(Demo.Manager);
        var id = await CreateAsync(lucia, "es/atencion-telefonica");
        (await OpenAsync(lucia, id)).Document.GetElementById("publish-blocked").ShouldBeNull();
        (await LifecycleAsync(lucia, id, "Publish", ("changeSummary", "Sin aprobación."))).ShouldRedirectTo(ReadUrl(id));
        var v1 = (await VersionsAsync(app, id)).ShouldHaveSingleItem();
        v1.ApprovedByUserId.ShouldBeNull();

        // Turned back on, the next version needs an approval again.
        var on = (await owner.GetPageAsync("/settings")).FormFields().Append(new("Input.RequireProtocolApproval", "true"))
            .OrderByDescending(f => f.Key == "Input.RequireProtocolApproval" && f.Value == "true").ToList();
        (await owner.PostFormAsync("/settings", on)).ShouldRedirectTo("/settings");
        (await ApiSettingAsync(owner)).ShouldBeTrue();
        (await LifecycleAsync(lucia, id, "StartDraft")).ShouldRedirectTo(EditUrl(id));
        var refused = await LifecycleAsync(lucia, id, "Publish", ("changeSummary", "Otra."), ("changeSize", "Minor"));
        refused.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        refused.SummaryErrors.ShouldContain(Text.Es("Protocol.ApprovalRequired"));
        (await RecordAsync(app, id)).DraftState.ShouldBe(DraftState.Editing);
    }

    [Fact]
    public async Task An_api_update_that_leaves_the_field_out_keeps_the_setting_and_one_that_sends_it_changes_it()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var current = await owner.GetJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>("/api/v1/organisation");
        var before = current["requireProtocolApproval"].GetBoolean();
        var body = new Dictionary<string, object?>
        {
            ["name"] = current["name"].GetString(), ["brandName"] = current["brandName"].GetString(), ["language"] = current["language"].GetString(),
            ["timeZoneId"] = current["timeZoneId"].GetString(), ["channels"] = current["channels"].GetString(), ["version"] = current["version"].GetInt32(),
        };
        var kept = await owner.PutJsonAsync("/api/v1/organisation", body);
        await kept.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await ApiSettingAsync(owner)).ShouldBe(before);

        body["version"] = (await kept.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>())!["version"].GetInt32();
        body["requireProtocolApproval"] = !before;
        var changed = await owner.PutJsonAsync("/api/v1/organisation", body);
        await changed.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await ApiSettingAsync(owner)).ShouldBe(!before);

        // Put back as found: the other test of this class starts from the demo's setting.
        body["version"] = (await changed.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>())!["version"].GetInt32();
        body["requireProtocolApproval"] = before;
        await (await owner.PutJsonAsync("/api/v1/organisation", body)).ShouldHaveStatusAsync(HttpStatusCode.OK);
    }
}

public sealed class ApprovalSettingOnSqlite(SqliteApp app) : ApprovalSettingTests(app), IClassFixture<SqliteApp>;

public sealed class ApprovalSettingOnPostgres(PostgresApp app) : ApprovalSettingTests(app), IClassFixture<PostgresApp>;
