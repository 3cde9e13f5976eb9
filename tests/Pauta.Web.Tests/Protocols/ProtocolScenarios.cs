using Pauta.Core.Protocols;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Data;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Features.Shared;
using Pauta.Web.Infrastructure;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Tests.Shared;
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
    public static Task<T> AsMemberAsync<T>(this PautaApp app, string email, Func<ProtocolsService, Task<T>> work) =>
        app.Services.AsAsync(email, work);

    private static T Ok<T>(Outcome<T> outcome, string what) => Members.Ok(outcome, what);

    /// <summary>Lucía edits the latest version, Carmen approves, Lucía publishes: returns the new version's number.</summary>
    public static Task<int> PublishEditAsync(this PautaApp app, Guid id, Func<Protocol, Protocol> edit, string summary,
        ChangeSize size = ChangeSize.Minor) => app.Services.PublishEditAsync(id, edit, summary, size, Demo.Manager, Demo.Owner);

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
