using System.Text.Json.Serialization;
using Pauta.Web.Features.Account;
using Pauta.Web.Features.Audit;
using Pauta.Web.Features.Board;
using Pauta.Web.Features.Contacts;
using Pauta.Web.Features.ApiTokens;
using Pauta.Web.Features.ContactHistory;
using Pauta.Web.Features.Insights;
using Pauta.Web.Features.Customers;
using Pauta.Web.Features.Demo;
using Pauta.Web.Features.Departments;
using Pauta.Web.Features.FollowUps;
using Pauta.Web.Features.Invitations;
using Pauta.Web.Features.Media;
using Pauta.Web.Features.Organisation;
using Pauta.Web.Features.OrgChart;
using Pauta.Web.Features.People;
using Pauta.Web.Features.Positions;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Features.Sites;
using Pauta.Web.Features.Surveys;
using Pauta.Web.Features.Training;

namespace Pauta.Web.Features;

/// <summary>Each feature's services and API routes, listed once.</summary>
public static class FeatureRegistration
{
    public sealed record MeView(Guid UserId, Guid MemberId, Guid OrganisationId, Pauta.Core.Organisations.Role Role,
        string DisplayName, string Email, string OrganisationName, string TimeZone);

    public static IServiceCollection AddFeatureServices(this IServiceCollection services)
    {
        services.AddScoped<SignUpService>();
        services.AddScoped<SignInGuard>();
        services.AddScoped<OrganisationService>();
        services.AddScoped<SitesService>();
        services.AddScoped<DepartmentsService>();
        services.AddScoped<PositionsService>();
        services.AddScoped<PeopleService>();
        services.AddScoped<InvitationsService>();
        services.AddScoped<OrgChartService>();
        services.AddScoped<PublishedProtocols>();
        services.AddScoped<ProtocolsService>();
        services.AddScoped<SurveysService>();
        services.AddScoped<FollowUpsService>();
        services.AddSignalR();
        services.AddSingleton<BoardWatchers>();
        services.AddSingleton<BoardNotifier>();
        services.AddSingleton<Infrastructure.Cluster.IClusterSignalHandler>(sp => sp.GetRequiredService<BoardNotifier>());
        services.AddHostedService<BoardRelay>();
        services.AddScoped<ProtocolCatalog>();
        services.AddScoped<ContactRunService>();
        services.AddReturnMinimalDocs();
        services.AddSingleton<BreachWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<BreachWorker>());
        services.AddScoped<CustomersService>();
        services.AddScoped<CustomerErasure>();
        services.AddScoped<ContactHistoryService>();
        services.AddScoped<InsightsReader>();
        services.AddScoped<InsightsProjector>();
        services.AddSingleton<InsightsWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<InsightsWorker>());
        services.AddScoped<ProtocolTransfer>();
        services.AddApiTokens();
        services.AddScoped<ProtocolReader>();
        services.AddScoped<MediaService>();
        services.AddScoped<AuthoringLookups>();
        services.AddScoped<ProtocolSearch>();
        services.AddMemoryCache();
        services.AddScoped<DemoSeeder>();
        services.AddTraining();
        services.AddAudit();
        services.AddInsightDashboards();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return services;
    }

    public static void MapPautaApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().DisableAntiforgery();
        api.MapGet("/me", (CurrentMember me) => TypedResults.Ok(new MeView(
                me.UserId, me.MemberId, me.OrganisationId, me.Role, me.DisplayName, me.Email, me.OrganisationName, me.TimeZone.Id)))
            .WithTags("Organisation").WithName("GetMe").WithSummary("Who the caller is.");
        api.MapOrganisationApi();
        api.MapSitesApi();
        api.MapDepartmentsApi();
        api.MapPositionsApi();
        api.MapPeopleApi();
        api.MapOrgChartApi();
        app.MapHub<BoardHub>(BoardHub.Path);
        // A read-only token's writes are refused before binding, by ApiRefusalOrderMiddleware.
        api.RefuseMissingRequiredFields();
        api.MapApiTokensApi();
        api.MapProtocolsApi();
        app.MapProtocolFileDownloads();
        app.MapProtocolDocuments();
        api.MapMediaApi();
        app.MapMediaFiles();
        api.MapProtocolSearchApi();
        api.MapContactsApi();
        api.MapCustomersApi();
        api.MapContactHistoryApi();
        api.MapTrainingApi();
        api.MapAuditApi();
    }
}
