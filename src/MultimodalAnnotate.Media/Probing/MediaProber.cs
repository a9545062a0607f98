using MultimodalAnnotate.Media.Processes;

namespace MultimodalAnnotate.Media.Probing;

/// <summary>Runs ffprobe on a file and hands its JSON to <see cref="ProbeParser"/>.</summary>
public sealed class MediaProber(MediaTools tools)
{
    /// <summary>Probes <paramref name="path"/>; throws <see cref="MediaToolException"/> when ffprobe cannot read it.</summary>
    public async Task<ProbeResult> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var output = await tools.ProbeAsync(
            ["-v", "error", "-of", "json", "-show_streams", "-show_format", MediaTools.InputUrl(path)],
            cancellationToken).ConfigureAwait(false);
        return ProbeParser.Parse(output.StandardOutput, Path.GetFileName(path));
    }
}
