using System.Text;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Media.Text;

/// <summary>The text formats we read.</summary>
public enum TextFormat
{
    Plain,
    WebVtt,
    Srt,
    Stm,
    Rttm,

    /// <summary><c>[{"speaker": "A", "start": 1.2, "end": 3.4, "text": "…"}, …]</c></summary>
    DialogueJson,
}

/// <summary>
/// A text asset as the rest of the product sees it: the content string annotators select spans in, and its time
/// base: <see cref="TimedSegments"/> (each segment knows its character range in <see cref="Content"/>) or
/// <see cref="Untimed"/> for plain documents. Timed content is one line per segment, joined with '\n'.
/// </summary>
public sealed record ParsedText(TextFormat Format, string Content, TimeBase TimeBase)
{
    /// <summary>The timed segments (empty for an untimed document).</summary>
    public IReadOnlyList<TextSegment> Segments => TimeBase is TimedSegments timed ? timed.Segments : [];
}

/// <summary>Collects segments, sorts them by start (stable) and lays their text out into one content string.</summary>
internal sealed class SegmentCollector(TextFormat format)
{
    private readonly List<(double Start, double End, string Text, string? Speaker)> _items = [];

    public void Add(double start, double end, string text, string? speaker) => _items.Add((start, end, text, speaker));

    public ParsedText Build()
    {
        var content = new StringBuilder();
        var segments = new List<TextSegment>(_items.Count);
        foreach (var item in _items.OrderBy(i => i.Start))
        {
            if (content.Length > 0)
            {
                content.Append('\n');
            }

            var charStart = content.Length;
            content.Append(item.Text);
            segments.Add(new TextSegment(item.Start, item.End, charStart, content.Length, item.Speaker));
        }

        return new ParsedText(format, content.ToString(), new TimedSegments(segments));
    }
}
