using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Media.Text;

/// <summary>
/// Parsers for caption, transcript and diarisation formats, and plain documents. Pure functions over the file's
/// text; every error names the source and the line (1-based) at fault.
/// </summary>
public static partial class TextParsers
{
    /// <summary>Picks the parser from the file extension (.vtt, .srt, .stm, .rttm, .json; anything else is plain text).</summary>
    public static ParsedText Parse(string text, string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".vtt" => WebVtt(text, fileName),
            ".srt" => Srt(text, fileName),
            ".stm" => Stm(text, fileName),
            ".rttm" => Rttm(text, fileName),
            ".json" => DialogueJson(text, fileName),
            _ => Plain(text),
        };

    /// <summary>A plain document: the text itself (BOM dropped, line endings normalised to '\n'), untimed.</summary>
    public static ParsedText Plain(string text) => new(TextFormat.Plain, Normalise(text), new Untimed());

    /// <summary>WebVTT: cues with optional identifiers and settings; NOTE/STYLE/REGION blocks skipped; <c>&lt;v Speaker&gt;</c> gives the speaker; other tags stripped.</summary>
    public static ParsedText WebVtt(string text, string fileName)
    {
        var lines = Lines(text);
        if (lines.Length == 0 || !(lines[0] == "WEBVTT" || lines[0].StartsWith("WEBVTT ", StringComparison.Ordinal) || lines[0].StartsWith("WEBVTT\t", StringComparison.Ordinal)))
        {
            throw new MediaFormatException(fileName, "line 1", "a WebVTT file must start with 'WEBVTT'");
        }

        var collector = new SegmentCollector(TextFormat.WebVtt);
        var i = 1;
        while (i < lines.Length)
        {
            if (lines[i].Length == 0)
            {
                i++;
                continue;
            }

            var blockStart = i;
            var block = new List<string>();
            while (i < lines.Length && lines[i].Length != 0)
            {
                block.Add(lines[i++]);
            }

            if (block[0].StartsWith("NOTE", StringComparison.Ordinal) || block[0] == "STYLE" || block[0] == "REGION")
            {
                continue;
            }

            var timingIndex = block[0].Contains("-->", StringComparison.Ordinal) ? 0 : 1;
            if (timingIndex >= block.Count || !block[timingIndex].Contains("-->", StringComparison.Ordinal))
            {
                throw new MediaFormatException(fileName, $"line {blockStart + 1 + Math.Min(timingIndex, block.Count - 1)}", "expected a cue timing line 'start --> end'");
            }

            var lineNo = blockStart + 1 + timingIndex;
            var (start, end) = CueTimes(block[timingIndex], fileName, lineNo, allowShortForm: true);
            string? speaker = null;
            var payload = string.Join('\n', block.Skip(timingIndex + 1));
            var voice = VoiceTag().Match(payload);
            if (voice.Success)
            {
                speaker = voice.Groups[1].Value.Trim();
            }

            collector.Add(start, end, CleanPayload(payload), speaker);
        }

        return collector.Build();
    }

    /// <summary>SubRip: numbered cues, <c>hh:mm:ss,mmm --&gt; hh:mm:ss,mmm</c>, text lines; simple tags stripped.</summary>
    public static ParsedText Srt(string text, string fileName)
    {
        var lines = Lines(text);
        var collector = new SegmentCollector(TextFormat.Srt);
        var i = 0;
        while (i < lines.Length)
        {
            if (lines[i].Length == 0)
            {
                i++;
                continue;
            }

            var blockStart = i;
            var block = new List<string>();
            while (i < lines.Length && lines[i].Length != 0)
            {
                block.Add(lines[i++]);
            }

            var timingIndex = block[0].Contains("-->", StringComparison.Ordinal) ? 0 : 1;
            if (timingIndex == 1 && !int.TryParse(block[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                throw new MediaFormatException(fileName, $"line {blockStart + 1}", $"expected a cue number or timing line, found '{Shorten(block[0])}'");
            }

            if (timingIndex >= block.Count || !block[timingIndex].Contains("-->", StringComparison.Ordinal))
            {
                throw new MediaFormatException(fileName, $"line {blockStart + 1 + Math.Min(timingIndex, block.Count - 1)}", "expected a cue timing line 'hh:mm:ss,mmm --> hh:mm:ss,mmm'");
            }

            var (start, end) = CueTimes(block[timingIndex], fileName, blockStart + 1 + timingIndex, allowShortForm: false);
            collector.Add(start, end, CleanPayload(string.Join('\n', block.Skip(timingIndex + 1))), null);
        }

        return collector.Build();
    }

    /// <summary>NIST STM: <c>file channel speaker begin end [&lt;label&gt;] transcript</c>; ';;' comments and inter_segment_gap lines skipped.</summary>
    public static ParsedText Stm(string text, string fileName)
    {
        var lines = Lines(text);
        var collector = new SegmentCollector(TextFormat.Stm);
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith(";;", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Split((char[]?)null, 6, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 5)
            {
                throw new MediaFormatException(fileName, $"line {n + 1}", $"expected 'file channel speaker begin end transcript', found {parts.Length} fields");
            }

            var start = Seconds(parts[3], fileName, n + 1, "begin");
            var end = Seconds(parts[4], fileName, n + 1, "end");
            CheckOrder(start, end, fileName, n + 1);
            if (parts[2] == "inter_segment_gap")
            {
                continue;
            }

            var transcript = parts.Length > 5 ? parts[5] : string.Empty;
            if (transcript.StartsWith('<'))
            {
                var close = transcript.IndexOf('>', StringComparison.Ordinal);
                transcript = close < 0 ? transcript : transcript[(close + 1)..].TrimStart();
            }

            collector.Add(start, end, transcript, parts[2]);
        }

        return collector.Build();
    }

    /// <summary>RTTM: <c>SPEAKER file chnl tbeg tdur ortho stype name conf slat</c>; other record types ignored. A turn's text is its orthography, or the speaker name when that is &lt;NA&gt;.</summary>
    public static ParsedText Rttm(string text, string fileName)
    {
        var lines = Lines(text);
        var collector = new SegmentCollector(TextFormat.Rttm);
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith(";;", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts[0] != "SPEAKER")
            {
                continue;
            }

            if (parts.Length < 8)
            {
                throw new MediaFormatException(fileName, $"line {n + 1}", $"a SPEAKER record needs at least 8 fields (type file channel onset duration ortho stype name), found {parts.Length}");
            }

            var start = Seconds(parts[3], fileName, n + 1, "onset");
            var duration = Seconds(parts[4], fileName, n + 1, "duration");
            if (duration < 0)
            {
                throw new MediaFormatException(fileName, $"line {n + 1}", $"negative duration {parts[4]}");
            }

            var speaker = parts[7];
            collector.Add(start, start + duration, parts[5] is "<NA>" or "<na>" ? speaker : parts[5], speaker);
        }

        return collector.Build();
    }

    /// <summary>A dialogue as JSON: an array of <c>{speaker, start, end, text}</c> (speaker optional; times in seconds).</summary>
    public static ParsedText DialogueJson(string text, string fileName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new MediaFormatException(fileName, $"line {(ex.LineNumber ?? 0) + 1}", $"not valid JSON ({ex.Message.Split('.')[0]})", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new MediaFormatException(fileName, "root", "expected an array of {speaker, start, end, text} turns");
            }

            var collector = new SegmentCollector(TextFormat.DialogueJson);
            var index = 0;
            foreach (var turn in document.RootElement.EnumerateArray())
            {
                var where = $"turn {index}";
                if (turn.ValueKind != JsonValueKind.Object)
                {
                    throw new MediaFormatException(fileName, where, "is not an object");
                }

                double Number(string name) =>
                    turn.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
                        ? v.GetDouble()
                        : throw new MediaFormatException(fileName, $"{where} '{name}'", "is missing or not a number (seconds)");

                var start = Number("start");
                var end = Number("end");
                if (end < start)
                {
                    throw new MediaFormatException(fileName, where, $"ends ({end.ToString(CultureInfo.InvariantCulture)} s) before it starts ({start.ToString(CultureInfo.InvariantCulture)} s)");
                }

                var content = turn.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String
                    ? t.GetString()!
                    : throw new MediaFormatException(fileName, $"{where} 'text'", "is missing or not a string");
                var speaker = turn.TryGetProperty("speaker", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                collector.Add(start, end, content.ReplaceLineEndings(" "), speaker);
                index++;
            }

            return collector.Build();
        }
    }

    private static string Normalise(string text) => text.TrimStart('\uFEFF').ReplaceLineEndings("\n");

    private static string[] Lines(string text) => Normalise(text).Split('\n');

    private static (double Start, double End) CueTimes(string line, string fileName, int lineNumber, bool allowShortForm)
    {
        var arrow = line.IndexOf("-->", StringComparison.Ordinal);
        var left = line[..arrow].Trim();
        var right = line[(arrow + 3)..].Trim();
        var space = right.IndexOfAny([' ', '\t']);
        if (space > 0)
        {
            right = right[..space]; // WebVTT cue settings follow the end time
        }

        var start = Timestamp(left, fileName, lineNumber, allowShortForm);
        var end = Timestamp(right, fileName, lineNumber, allowShortForm);
        CheckOrder(start, end, fileName, lineNumber);
        return (start, end);
    }

    /// <summary>Parses <c>hh:mm:ss.ttt</c> (WebVTT, hours optional) or <c>hh:mm:ss,ttt</c> (SRT; '.' tolerated).</summary>
    private static double Timestamp(string value, string fileName, int lineNumber, bool allowShortForm)
    {
        var match = (allowShortForm ? VttTimestamp() : SrtTimestamp()).Match(value);
        if (!match.Success)
        {
            var expected = allowShortForm ? "[hh:]mm:ss.ttt" : "hh:mm:ss,mmm";
            throw new MediaFormatException(fileName, $"line {lineNumber}", $"'{Shorten(value)}' is not a timestamp ({expected})");
        }

        var hours = match.Groups["h"].Success ? long.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture) : 0;
        var minutes = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var seconds = int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture);
        var millis = int.Parse(match.Groups["f"].Value, CultureInfo.InvariantCulture);
        if (minutes > 59 || seconds > 59)
        {
            throw new MediaFormatException(fileName, $"line {lineNumber}", $"'{value}' has minutes or seconds above 59");
        }

        return (((hours * 3600) + (minutes * 60) + seconds) * 1000 + millis) / 1000.0;
    }

    private static double Seconds(string value, string fileName, int lineNumber, string field)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds) || seconds < 0)
        {
            throw new MediaFormatException(fileName, $"line {lineNumber}", $"{field} '{Shorten(value)}' is not a time in seconds");
        }

        return seconds;
    }

    private static void CheckOrder(double start, double end, string fileName, int lineNumber)
    {
        if (end < start)
        {
            throw new MediaFormatException(fileName, $"line {lineNumber}", $"ends ({end.ToString(CultureInfo.InvariantCulture)} s) before it starts ({start.ToString(CultureInfo.InvariantCulture)} s)");
        }
    }

    private static string CleanPayload(string payload)
    {
        var withoutTags = Tag().Replace(payload, string.Empty);
        withoutTags = SsaOverride().Replace(withoutTags, string.Empty);
        return WebUtility.HtmlDecode(withoutTags).Replace('\u00A0', ' ').Replace("\u200E", string.Empty, StringComparison.Ordinal).Replace("\u200F", string.Empty, StringComparison.Ordinal).Trim();
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex(@"^(?:(?<h>\d{2,}):)?(?<m>\d{2}):(?<s>\d{2})\.(?<f>\d{3})$", RegexOptions.CultureInvariant)]
    private static partial Regex VttTimestamp();

    [GeneratedRegex(@"^(?<h>\d{1,}):(?<m>\d{2}):(?<s>\d{2})[,.](?<f>\d{3})$", RegexOptions.CultureInvariant)]
    private static partial Regex SrtTimestamp();

    [GeneratedRegex(@"<v(?:\.[^ >]*)?\s+([^>]+)>", RegexOptions.CultureInvariant)]
    private static partial Regex VoiceTag();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\{\\[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex SsaOverride();
}
