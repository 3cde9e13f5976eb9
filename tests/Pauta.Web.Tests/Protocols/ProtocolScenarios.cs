using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Data;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Features.Shared;
using Pauta.Web.Infrastructure;
using Pauta.Web.Tests.Infrastructure;
using Protocol = Pauta.Core.Protocols.Protocol;

namespace Pauta.Web.Tests.Protocols;

/// <summary>
/// What managers do to protocols (edit, approve, publish, archive, decide on suggestions) that the reading tests need as
/// a starting point. The authoring pages are another feature's, so these go through the same <see cref="ProtocolsService"/>
/// the pages call, acting as a real member of the organisation, and fail the test if the service refuses.
/// </summary>
public static class ProtocolScenarios
{
    public const string DemoComplaints = "Quejas y reclamaciones";
    public const string DemoReception = "Bienvenida y saludo en recepción";
    public const string DemoPhone = "Atención telefónica";
    public const string DemoReturns = "Devoluciones y cambios";
    public const string DemoSalonCancellation = "Cancelación y cambio de citas del salón";
    public const string DemoBilling = "Errores de facturación";
    public const string DemoWritten = "Respuestas escritas y cartas";

    public static Task<Guid> ProtocolIdAsync(this PautaApp app, string title) =>
        app.WithDbAsync(db => db.Protocols.IgnoreQueryFilters().Where(p => p.Title == title).Select(p => p.Id).SingleAsync());

    /// <summary>Runs <paramref name="work"/> with the services of one request made by <paramref name="email"/>.</summary>
    public static async Task<T> AsMemberAsync<T>(this PautaApp app, string email, Func<ProtocolsService, Task<T>> work)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PautaDbContext>();
        var row = await db.Members.IgnoreQueryFilters()
            .Where(m => m.User.Email == email)
            .Join(db.Organisations.IgnoreQueryFilters(), m => m.OrganisationId, o => o.Id,
                (m, o) => new CurrentMember.Row(m.UserId, m.Id, m.OrganisationId, m.Role, m.User.DisplayName, m.User.Email,
                    m.User.UiLanguage, o.Name, o.Language, o.TimeZoneId))
            .SingleAsync();
        services.GetRequiredService<CurrentMember>().Load(row);
        services.GetRequiredService<Tenant>().Set(row.OrganisationId);
        return await work(services.GetRequiredService<ProtocolsService>());
    }

    private static T Ok<T>(Outcome<T> outcome, string what)
    {
        outcome.Failure.ShouldBe(Failure.None, $"{what}: {string.Join("; ", outcome.Problems.Select(p => $"{p.Field} {p.Code} {string.Join(",", p.Args)}"))}");
        return outcome.Value!;
    }

    /// <summary>Lucía edits the latest version, Carmen approves, Lucía publishes: returns the new version's number.</summary>
    public static async Task<int> PublishEditAsync(this PautaApp app, Guid id, Func<Protocol, Protocol> edit, string summary,
        ChangeSize size = ChangeSize.Minor)
    {
        var draft = await app.AsMemberAsync(Demo.Manager, async s =>
        {
            var started = Ok(await s.StartDraftAsync(id, default), "start a draft");
            var saved = Ok(await s.SaveDraftAsync(id, edit(started.Protocol), started.Version, default), "save the draft");
            return Ok(await s.SubmitAsync(id, saved.Version, default), "submit");
        });
        var approved = await app.AsMemberAsync(Demo.Owner, async s => Ok(await s.ApproveAsync(id, draft.Version, default), "approve"));
        var published = await app.AsMemberAsync(Demo.Manager, async s =>
            Ok(await s.PublishAsync(id, new PublishInput(size, summary, approved.Version), default), "publish"));
        return published.Number;
    }

    public static Task ArchiveAsync(this PautaApp app, Guid id) =>
        app.AsMemberAsync(Demo.Manager, async s => Ok(await s.ArchiveAsync(id, default), "archive"));

    /// <summary>A protocol that was only ever a draft: the demo protocol's text under a new title.</summary>
    public static async Task<Guid> CreateDraftOnlyAsync(this PautaApp app, Guid copyOf, string title)
    {
        var source = await app.AsMemberAsync(Demo.Manager, async s => Ok(await s.GetVersionAsync(copyOf, null, default), "read"));
        var draft = await app.AsMemberAsync(Demo.Manager, async s => Ok(await s.CreateAsync(source.Protocol with { Title = title }, default), "create"));
        return draft.Id;
    }

    public static Task<IReadOnlyList<SuggestionView>> SuggestionsOfAsync(this PautaApp app, Guid protocolId) =>
        app.AsMemberAsync(Demo.Manager, s => s.ListSuggestionsAsync(protocolId, openOnly: false, default));

    public static Task AcceptAsync(this PautaApp app, SuggestionView suggestion) =>
        app.AsMemberAsync(Demo.Manager, async s => Ok(await s.AcceptSuggestionAsync(suggestion.Id, suggestion.Version, default), "accept"));

    public static Task DeclineAsync(this PautaApp app, SuggestionView suggestion, string reason) =>
        app.AsMemberAsync(Demo.Manager, async s => Ok(await s.DeclineSuggestionAsync(suggestion.Id, suggestion.Version, reason, default), "decline"));
}
