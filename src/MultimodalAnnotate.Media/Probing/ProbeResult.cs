namespace MultimodalAnnotate.Media.Probing;

/// <summary>The kind of an elementary stream, as ffprobe's <c>codec_type</c> says.</summary>
public enum StreamKind
{
    Unknown,
    Video,
    Audio,
    Subtitle,
    Data,
    Attachment,
}

/// <summary>An exact ratio such as ffprobe's <c>30000/1001</c> frame rates and <c>1/12800</c> time bases.</summary>
public readonly record struct Rational(long Numerator, long Denominator)
{
    /// <summary>The ratio as a number, or null for 0/0 (ffprobe's "unknown").</summary>
    public double? Value => Denominator == 0 ? null : (double)Numerator / Denominator;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");
}

/// <summary>One stream of a probed file. Times are seconds on the container's clock (not yet relative to its start).</summary>
public sealed record ProbedStream
{
    public required int Index { get; init; }
    public required StreamKind Kind { get; init; }
    public string? CodecName { get; init; }
    public string? Profile { get; init; }
    public string? PixelFormat { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }

    /// <summary>Display rotation in degrees, normalised to 0, 90, 180 or 270 (from the display matrix side data or the legacy <c>rotate</c> tag).</summary>
    public int Rotation { get; init; }

    public double? StartTime { get; init; }
    public double? Duration { get; init; }
    public Rational? TimeBase { get; init; }
    public int? SampleRate { get; init; }
    public int? Channels { get; init; }
    public string? ChannelLayout { get; init; }
    public Rational? AverageFrameRate { get; init; }
    public Rational? RealFrameRate { get; init; }

    /// <summary>Frame (or packet) count from the container index, when it has one (mp4 does, webm does not).</summary>
    public long? FrameCount { get; init; }

    /// <summary>A cover image stored as a video stream (mp3/m4a artwork): not a real video.</summary>
    public bool IsAttachedPicture { get; init; }

    public string? Language { get; init; }

    /// <summary>Width as shown to a viewer (rotation applied).</summary>
    public int? DisplayWidth => Rotation is 90 or 270 ? Height : Width;

    /// <summary>Height as shown to a viewer (rotation applied).</summary>
    public int? DisplayHeight => Rotation is 90 or 270 ? Width : Height;
}

/// <summary>What <c>ffprobe -show_streams -show_format</c> says about a file.</summary>
public sealed record ProbeResult
{
    /// <summary>ffprobe's demuxer list, e.g. <c>mov,mp4,m4a,3gp,3g2,mj2</c> or <c>matroska,webm</c>.</summary>
    public required string FormatName { get; init; }

    /// <summary>The ISO-BMFF major brand (<c>isom</c>, <c>mp42</c>, <c>qt  </c>…) or Matroska doctype, when known.</summary>
    public string? MajorBrand { get; init; }

    /// <summary>Container start time (seconds): the presentation starts here; media time 0 is this instant.</summary>
    public double? StartTime { get; init; }

    public double? Duration { get; init; }
    public long? Size { get; init; }
    public long? BitRate { get; init; }
    public required IReadOnlyList<ProbedStream> Streams { get; init; }

    /// <summary>The first real video stream (cover pictures excluded), if any.</summary>
    public ProbedStream? Video => Streams.FirstOrDefault(s => s.Kind == StreamKind.Video && !s.IsAttachedPicture);

    /// <summary>The first audio stream, if any.</summary>
    public ProbedStream? Audio => Streams.FirstOrDefault(s => s.Kind == StreamKind.Audio);

    /// <summary>
    /// How much later the audio starts than the video (seconds; negative = audio first): the difference of
    /// the two streams' start times. Null unless the file has both with known start times.
    /// </summary>
    public double? AudioOffsetFromVideo =>
        Video?.StartTime is { } v && Audio?.StartTime is { } a ? a - v : null;

    /// <summary>Media time (seconds from the presentation start) at which <paramref name="stream"/> starts.</summary>
    public double StreamOffset(ProbedStream stream) => (stream.StartTime ?? 0) - (StartTime ?? 0);
}
