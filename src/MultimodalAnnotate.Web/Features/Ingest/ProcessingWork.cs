using MultimodalAnnotate.Media.Ingest;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Assets;

namespace MultimodalAnnotate.Web.Features.Ingest;

/// <summary>A file the processing refuses: the asset fails with <see cref="Exception.Message"/> as its reason.</summary>
public sealed class AssetRejectedException : Exception
{
    public AssetRejectedException()
    {
    }

    public AssetRejectedException(string message)
        : base(message)
    {
    }

    public AssetRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// One processing run of one asset: what goes in (the stored original, the asset as it was) and what comes out (time
/// base, size, text, derived objects). Every derived object written is remembered, so a failed run can remove them.
/// </summary>
internal sealed class ProcessingWork(Asset asset, Guid projectId, string sourcePath, string sourceName, MediaFiles files, ScratchFolder scratch, JobStages stages)
{
    private readonly List<string> _written = [];

    public Asset Asset { get; } = asset;

    public Guid ProjectId { get; } = projectId;

    /// <summary>The original file, as uploaded.</summary>
    public string SourcePath { get; } = sourcePath;

    /// <summary>The user's file name (for messages and for picking the caption parser).</summary>
    public string SourceName { get; } = sourceName;

    public ScratchFolder Scratch { get; } = scratch;

    public JobStages Stages { get; } = stages;

    public FileKind Kind { get; set; }

    public Modality Modality { get; set; } = asset.Modality;

    // Results.
    public TimeBase? TimeBase { get; set; }

    public double StreamOffset { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    public double? Duration { get; set; }

    public string? TextContent { get; set; }

    /// <summary>A derived copy that replaces the original as what the browser gets (transcoded video, rotated image).</summary>
    public string? ReplacementKey { get; set; }

    public string? ReplacementContentType { get; set; }

    public Dictionary<string, string> Derived { get; } = new(StringComparer.Ordinal);

    public Dictionary<Guid, ProjectionInfo> Projections { get; } = [];

    public ProbeInfo? Probe { get; set; }

    public IReadOnlyList<string> TranscodeReasons { get; set; } = [];

    public ImageFacts? Image { get; set; }

    public WaveformFacts? Waveform { get; set; }

    public PointCloudFacts? PointCloud { get; set; }

    public TextFacts? Text { get; set; }

    public IReadOnlyList<string> Written => _written;

    public string KeyFor(string name) => MediaKeyLayout.Derived(ProjectId, Asset.Id, name);

    /// <summary>Moves a finished scratch file into the store as <paramref name="name"/>; records it under <paramref name="role"/> when given.</summary>
    public async Task<string> PutFileAsync(string? role, string name, string path, CancellationToken ct)
    {
        var key = KeyFor(name);
        _written.Add(key);
        await files.PutFileAsync(key, path, move: true, ct);
        if (role is not null)
        {
            Derived[role] = key;
        }
        return key;
    }

    /// <summary>Stores bytes as <paramref name="name"/>; records it under <paramref name="role"/> when given.</summary>
    public async Task<string> PutBytesAsync(string? role, string name, byte[] bytes, CancellationToken ct)
    {
        var key = KeyFor(name);
        _written.Add(key);
        await files.PutBytesAsync(key, bytes, ct);
        if (role is not null)
        {
            Derived[role] = key;
        }
        return key;
    }

    /// <summary>A local path for a stored key (the transcoded copy, to keep working on it).</summary>
    public Task<LocalMediaFile> OpenLocalAsync(string key, CancellationToken ct) => files.OpenLocalAsync(key, ct);
}
