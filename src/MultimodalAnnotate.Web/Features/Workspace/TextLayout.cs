using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Features.Items;

namespace MultimodalAnnotate.Web.Features.Workspace;

/// <summary>A run of text with the span annotations covering it (innermost first); none for plain text.</summary>
public sealed record TextChunk(int Start, int End, string Text, IReadOnlyList<ItemQueries.LabelledAnnotation> Covering);

/// <summary>
/// Cuts a text into chunks at every span boundary so overlapping spans can all be shown and clicked: each chunk knows
/// which annotations cover it, innermost (shortest, then newest) first.
/// </summary>
public static class TextLayout
{
    public static IReadOnlyList<TextChunk> Chunks(string text, int from, int to, IEnumerable<ItemQueries.LabelledAnnotation> annotations)
    {
        from = Math.Clamp(from, 0, text.Length);
        to = Math.Clamp(to, from, text.Length);
        var spans = annotations
            .Where(a => a.Annotation.Geometry is TextSpan { SegmentIndex: null } s && s.Start < to && s.End > from)
            .Select(a => (Span: (TextSpan)a.Annotation.Geometry, Annotation: a))
            .ToList();
        var cuts = new SortedSet<int> { from, to };
        foreach (var (span, _) in spans)
        {
            cuts.Add(Math.Clamp(span.Start, from, to));
            cuts.Add(Math.Clamp(span.End, from, to));
        }
        var chunks = new List<TextChunk>();
        var points = cuts.ToList();
        for (var i = 0; i + 1 < points.Count; i++)
        {
            var (start, end) = (points[i], points[i + 1]);
            var covering = spans
                .Where(s => s.Span.Start <= start && s.Span.End >= end)
                .OrderBy(s => s.Span.End - s.Span.Start)
                .ThenByDescending(s => s.Annotation.Annotation.UpdatedAt)
                .Select(s => s.Annotation)
                .ToList();
            chunks.Add(new TextChunk(start, end, text[start..end], covering));
        }
        return chunks;
    }

    /// <summary>The range without surrounding white space (a double-click may take the space after a word), or null when nothing is left.</summary>
    public static (int Start, int End)? Trim(string text, int start, int end)
    {
        start = Math.Clamp(start, 0, text.Length);
        end = Math.Clamp(end, start, text.Length);
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        return end > start ? (start, end) : null;
    }
}
