using System.Text.Json.Serialization;

namespace MultimodalAnnotate.Validation.Model;

/// <summary>
/// How an asset's own media time maps onto the item's shared timeline (seconds). For every kind,
/// shared time = <see cref="Offset"/> + media time.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(CaptureTime), "capture")]
[JsonDerivedType(typeof(FrameTimes), "frames")]
[JsonDerivedType(typeof(SampleClock), "samples")]
[JsonDerivedType(typeof(TimedSegments), "segments")]
[JsonDerivedType(typeof(Untimed), "untimed")]
public abstract record TimeBase
{
    /// <summary>Shared-timeline time (seconds) of the asset's media time zero.</summary>
    public double Offset { get; init; }
}

/// <summary>An instant capture (image, LiDAR sweep) at shared time <see cref="TimeBase.Offset"/>.</summary>
public sealed record CaptureTime : TimeBase;

/// <summary>
/// A video's real per-frame presentation timestamps in media seconds (ascending; variable frame rate
/// is normal, never assume frame / fps) and the stream's duration.
/// </summary>
public sealed record FrameTimes(IReadOnlyList<double> PresentationTimes, double Duration) : TimeBase;

/// <summary>An audio stream: sample rate and sample count; media time 0 is its first sample.</summary>
public sealed record SampleClock(int SampleRate, long SampleCount) : TimeBase;

/// <summary>One timed segment of a text: a caption cue or a dialogue turn, with its character range.</summary>
public sealed record TextSegment(double Start, double End, int CharStart, int CharEnd, string? Speaker = null);

/// <summary>A caption list or dialogue: timed segments in media seconds.</summary>
public sealed record TimedSegments(IReadOnlyList<TextSegment> Segments) : TimeBase;

/// <summary>A plain document with no time.</summary>
public sealed record Untimed : TimeBase;
