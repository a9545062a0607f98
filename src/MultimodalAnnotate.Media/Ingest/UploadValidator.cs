using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using MultimodalAnnotate.Media.Imaging;
using MultimodalAnnotate.Media.PointClouds;
using MultimodalAnnotate.Media.Probing;
using MultimodalAnnotate.Media.Processes;
using MultimodalAnnotate.Media.Text;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Media.Ingest;

/// <summary>The verdict on one upload.</summary>
/// <param name="Accepted">True when the file may be stored.</param>
/// <param name="Kind">What the bytes really are.</param>
/// <param name="Modality">The modality it feeds, when accepted.</param>
/// <param name="Reason">Why it was rejected, in words for the uploader (null when accepted).</param>
/// <param name="StorageFileName">A fresh name to store it under (never derived from the user's file name).</param>
public sealed record UploadCheck(bool Accepted, FileKind Kind, Modality? Modality, string? Reason, string StorageFileName);

/// <summary>
/// Checks an uploaded file before anything is stored: not empty, not too large, its bytes are what its name
/// claims ("a text file named .mp4" is refused), and it really opens as that kind: ffprobe reads the media and finds
/// every frame the index promises, libvips reads the image, the point cloud parses with a header that tells the
/// truth, text is UTF-8 and, for caption/transcript formats, parses.
/// </summary>
public sealed class UploadValidator(MediaTools tools, long maxBytes = 4L * 1024 * 1024 * 1024)
{
    /// <summary>Checks <paramref name="path"/> (the uploaded bytes) uploaded as <paramref name="originalFileName"/>.</summary>
    public async Task<UploadCheck> CheckAsync(string path, string originalFileName, CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(originalFileName);
        var length = new FileInfo(path).Length;
        UploadCheck Reject(FileKind kind, string reason) => new(false, kind, null, $"{originalFileName}: {reason}", StorageNames.New(kind, extension));

        if (length == 0)
        {
            return Reject(FileKind.Unknown, "the file is empty (0 bytes)");
        }

        if (length > maxBytes)
        {
            return Reject(FileKind.Unknown, $"the file is {length} bytes, over the {maxBytes}-byte limit");
        }

        var allowed = FileKinds.AllowedFor(extension);
        if (allowed.Count == 0)
        {
            return Reject(FileKind.Unknown, $"'{extension}' files are not accepted");
        }

        var head = new byte[(int)Math.Min(length, ContentSniffer.HeadLength)];
        await using (var stream = File.OpenRead(path))
        {
            await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
        }

        var kind = ContentSniffer.Sniff(head, length, extension);
        if (!allowed.Contains(kind))
        {
            return Reject(kind, $"the name says {FileKinds.Describe(allowed[0])} but the content is {FileKinds.Describe(kind)}");
        }

        var problem = await DeepCheckAsync(path, originalFileName, kind, head, cancellationToken).ConfigureAwait(false);
        if (problem.Reason is not null)
        {
            return Reject(kind, problem.Reason);
        }

        return new UploadCheck(true, kind, problem.Modality, null, StorageNames.New(kind, extension));
    }

    private async Task<(string? Reason, Modality? Modality)> DeepCheckAsync(string path, string originalFileName, FileKind kind, byte[] head, CancellationToken cancellationToken)
    {
        if (kind == FileKind.Wav && WavProblem(head) is { } wavProblem)
        {
            return (wavProblem, null);
        }

        if (FileKinds.IsAudioVisual(kind))
        {
            var (reason, modality) = await MediaProblemAsync(path, cancellationToken).ConfigureAwait(false);

            // ffprobe quotes its input URL; the uploader should see their file name, not our temporary path.
            return (reason?.Replace(MediaTools.InputUrl(path), Path.GetFileName(originalFileName), StringComparison.Ordinal), modality);
        }

        try
        {
            if (FileKinds.IsImage(kind))
            {
                ImageProcessor.Inspect(path);
                return (null, Modality.Image);
            }

            if (FileKinds.IsPointCloud(kind))
            {
                var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
                var name = Path.GetFileName(originalFileName);
                var cloud = kind switch
                {
                    FileKind.Pcd => Pcd.Read(bytes, name),
                    FileKind.Ply => Ply.Read(bytes, name),
                    _ => KittiBin.Read(bytes, name),
                };
                return cloud.Count == 0 ? ("the point cloud has no points", null) : (null, Modality.PointCloud);
            }

            // Text: the whole file must be UTF-8, and caption/transcript formats must parse.
            string text;
            try
            {
                text = await File.ReadAllTextAsync(path, new UTF8Encoding(false, throwOnInvalidBytes: true), cancellationToken).ConfigureAwait(false);
            }
            catch (DecoderFallbackException)
            {
                return ("the text is not valid UTF-8", null);
            }

            if (text.Contains('\0', StringComparison.Ordinal))
            {
                return ("the text contains NUL characters (a binary file?)", null);
            }

            TextParsers.Parse(text, Path.GetFileName(originalFileName));
            return (null, Modality.Text);
        }
        catch (MediaFormatException ex)
        {
            return (ex.Message, null);
        }
    }

    private async Task<(string? Reason, Modality? Modality)> MediaProblemAsync(string path, CancellationToken cancellationToken)
    {
        ProbeResult probe;
        try
        {
            probe = await new MediaProber(tools).ProbeAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (MediaToolException ex) when (!ex.KilledBySignal)
        {
            return ($"cannot be read as audio or video ({ex.Message})", null);
        }

        if (probe.Video is null && probe.Audio is null)
        {
            return ("contains no audio or video stream", null);
        }

        if (probe.Video is null)
        {
            return probe.Audio!.Duration is 0 || probe.Duration is 0 ? ("the audio stream is empty (no samples)", null) : (null, Modality.Audio);
        }

        // Demux every packet of the video stream: a cut-off file has fewer than its index promises (or none).
        ToolOutput counted;
        try
        {
            counted = await tools.ProbeAsync(
                ["-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries", "stream=nb_read_packets,nb_frames", "-of", "compact=nk=0", MediaTools.InputUrl(path)],
                cancellationToken).ConfigureAwait(false);
        }
        catch (MediaToolException ex) when (!ex.KilledBySignal)
        {
            return ($"the video cannot be read through ({ex.Message})", null);
        }

        var (read, declared) = PacketCounts.Parse(counted.StandardOutput);
        if (read is null or 0)
        {
            return ("the video stream has no frames (truncated or empty)", null);
        }

        if (declared is { } d && read < d)
        {
            return (string.Create(CultureInfo.InvariantCulture, $"the video is truncated: only {read} of its {d} frames are present"), null);
        }

        if (counted.StandardError.Contains("partial file", StringComparison.OrdinalIgnoreCase) ||
            counted.StandardError.Contains("Invalid NAL", StringComparison.OrdinalIgnoreCase))
        {
            return ($"the video is damaged or truncated ({counted.StandardError.Split('\n')[0].Trim()})", null);
        }

        return (null, Modality.Video);
    }

    /// <summary>Finds the RIFF 'data' chunk: missing or 0 bytes means a WAV without a single sample.</summary>
    private static string? WavProblem(ReadOnlySpan<byte> head)
    {
        var pos = 12;
        while (pos + 8 <= head.Length)
        {
            var id = head.Slice(pos, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(head[(pos + 4)..]);
            if (id.SequenceEqual("data"u8))
            {
                return size == 0 ? "the WAV file has no audio samples (its data chunk is 0 bytes)" : null;
            }

            pos += 8 + (int)Math.Min(size + (size & 1), int.MaxValue - pos - 8);
        }

        return pos + 8 > head.Length && head.Length < ContentSniffer.HeadLength
            ? "the WAV file has no data chunk (truncated after its header)"
            : null;
    }
}

/// <summary>Parses <c>ffprobe -count_packets -show_entries stream=nb_read_packets,nb_frames -of compact=nk=0</c>. Pure.</summary>
public static class PacketCounts
{
    /// <summary>(packets actually read, frames the container index declares), each null when not reported.</summary>
    public static (long? Read, long? Declared) Parse(string output)
    {
        long? read = null, declared = null;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (var field in line.Split('|'))
            {
                var eq = field.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0 || !long.TryParse(field.AsSpan(eq + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                {
                    continue;
                }

                switch (field[..eq])
                {
                    case "nb_read_packets": read = value; break;
                    case "nb_frames": declared = value; break;
                }
            }
        }

        return (read, declared);
    }
}
