namespace MultimodalAnnotate.Web.Features.Assignments;

/// <summary>Handing out work: the assignment use cases, the annotator list and the project page's actions.</summary>
internal static class AssignmentRegistration
{
    public static IHostApplicationBuilder AddAssignments(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<AssignItems>();
        services.AddScoped<UnassignItem>();
        services.AddScoped<DistributeBatch>();
        services.AddScoped<AssignmentQueries>();
        services.AddScoped<AssignmentActions>();
        return builder;
    }
}
