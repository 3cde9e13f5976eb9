namespace Pauta.Web.Features.Insights;

/// <summary>The dashboards' services (pages are found by Razor), registered once from FeatureRegistration.</summary>
public static class DashboardsRegistration
{
    public static IServiceCollection AddInsightDashboards(this IServiceCollection services)
    {
        services.AddScoped<InsightAlerts>();
        services.AddSingleton<InsightAlertWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<InsightAlertWorker>());
        return services;
    }
}
