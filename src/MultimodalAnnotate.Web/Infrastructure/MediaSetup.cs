namespace MultimodalAnnotate.Web.Infrastructure;

/// <summary>Where media files live: a local folder by default (<c>Media:Root</c>).</summary>
public sealed class MediaOptions
{
    public string Root { get; set; } = ".data/media";
}

internal static class MediaSetup
{
    public static IHostApplicationBuilder AddMediaStore(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<MediaOptions>(builder.Configuration.GetSection("Media"));
        return builder;
    }
}
