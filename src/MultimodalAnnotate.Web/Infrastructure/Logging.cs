using Serilog;

namespace MultimodalAnnotate.Web.Infrastructure;

internal static class Logging
{
    /// <summary>Serilog for application and request logs, configured from the "Serilog" section of appsettings.</summary>
    public static IHostApplicationBuilder AddLogging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, configuration) => configuration
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext());
        return builder;
    }
}
