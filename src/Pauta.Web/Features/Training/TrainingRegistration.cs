namespace Pauta.Web.Features.Training;

/// <summary>The training feature's services and API routes (docs/training.md), registered once from FeatureRegistration.</summary>
public static class TrainingRegistration
{
    public static IServiceCollection AddTraining(this IServiceCollection services)
    {
        services.AddScoped<TrainingStandings>();
        services.AddScoped<TrainingGateService>();
        return services;
    }

    public static void MapTrainingApi(this RouteGroupBuilder api)
    {
        _ = api.MapGroup("/training").WithTags("Training");
    }
}
