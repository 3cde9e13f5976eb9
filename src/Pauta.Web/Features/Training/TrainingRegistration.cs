namespace Pauta.Web.Features.Training;

/// <summary>The training feature's services and API routes (docs/training.md), registered once from FeatureRegistration.</summary>
public static class TrainingRegistration
{
    public static IServiceCollection AddTraining(this IServiceCollection services)
    {
        services.AddScoped<TrainingStandings>();
        services.AddScoped<CoursesService>();
        services.AddScoped<TrainingAssignments>();
        services.AddScoped<TrainingOnPublish>();
        services.AddSingleton<TrainingReminderWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<TrainingReminderWorker>());
        services.AddScoped<TrainingMatrix>();
        services.AddScoped<TrainingStatements>();
        services.AddScoped<TrainingGateService>();
        services.AddScoped<GateOverridesService>();
        services.AddScoped<GateSettingsService>();
        services.AddScoped<Refreshers>();
        services.AddSingleton<RefresherWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<RefresherWorker>());
        return services;
    }

    public static void MapTrainingApi(this RouteGroupBuilder api)
    {
        var training = api.MapGroup("/training").WithTags("Training");
        training.MapCoursesApi();
        training.MapTrainingAssignmentsApi();
        training.MapTrainingRecordsApi();
        training.MapGateOverridesApi();
    }
}
