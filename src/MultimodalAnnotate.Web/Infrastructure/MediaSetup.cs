using Microsoft.Extensions.Options;
using MultimodalAnnotate.Media.Ingest;
using MultimodalAnnotate.Media.Processes;

namespace MultimodalAnnotate.Web.Infrastructure;

/// <summary>Where media files live and what may come in (section <c>Media</c>).</summary>
public sealed class MediaOptions
{
    /// <summary>The local folder of the media store (<c>Media:Root</c>).</summary>
    public string Root { get; set; } = ".data/media";

    /// <summary>The largest file one upload may carry, in bytes (<c>Media:MaxUploadBytes</c>; 2 GiB by default).</summary>
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// Server folders an admin may import from (<c>Media:ImportRoots:0</c>, …). A folder import names a folder inside
    /// one of these; anything that resolves outside them is refused. Empty: folder import is off.
    /// </summary>
    public List<string> ImportRoots { get; set; } = [];

    /// <summary>The ffmpeg executable (<c>Media:Ffmpeg</c>).</summary>
    public string Ffmpeg { get; set; } = "ffmpeg";

    /// <summary>The ffprobe executable (<c>Media:Ffprobe</c>).</summary>
    public string Ffprobe { get; set; } = "ffprobe";
}

internal static class MediaSetup
{
    /// <summary>The media store (a local folder under <c>Media:Root</c>) and the ffmpeg/ffprobe runner.</summary>
    public static IHostApplicationBuilder AddMediaStore(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<MediaOptions>(builder.Configuration.GetSection("Media"));
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MediaOptions>>().Value;
            return new LocalFolderMediaStore(Path.GetFullPath(options.Root));
        });
        builder.Services.AddSingleton<IMediaStore>(sp => sp.GetRequiredService<LocalFolderMediaStore>());
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MediaOptions>>().Value;
            return new MediaTools(options.Ffmpeg, options.Ffprobe);
        });
        return builder;
    }
}
