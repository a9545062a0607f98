using MultimodalAnnotate.Web.Features.Admin;
using MultimodalAnnotate.Web.Features.Dashboard;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>The review workflow, queues, QA dashboard and project administration: use cases, read models and the CSV export.</summary>
internal static class ReviewRegistration
{
    public static IHostApplicationBuilder AddReviewAndQa(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<SubmitItem>();
        services.AddScoped<StartReview>();
        services.AddScoped<ApproveItem>();
        services.AddScoped<ReturnItem>();
        services.AddScoped<QaSampleBatch>();
        services.AddScoped<AcceptItem>();
        services.AddScoped<ConfirmFinding>();
        services.AddScoped<WaiveFinding>();
        services.AddScoped<ReviewQueues>();
        services.AddScoped<ReviewItemQueries>();
        services.AddScoped<ReviewActions>();
        services.AddScoped<DashboardQueries>();
        services.AddScoped<AgreementQueries>();
        services.AddScoped<AdminQueries>();
        services.AddScoped<AddMember>();
        services.AddScoped<RemoveMember>();
        services.AddScoped<PublishGuideline>();
        return builder;
    }

    public static void MapReviewAndQa(this WebApplication app) => app.MapDashboardExport();
}
