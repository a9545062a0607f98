namespace MultimodalAnnotate.Web.Features.Workspace;

/// <summary>The label picker's search: names first (prefix before infix), then synonyms; an empty query lists everything.</summary>
public static class LabelFilter
{
    public static IReadOnlyList<WorkspaceLabel> Filter(IEnumerable<WorkspaceLabel> labels, string? query)
    {
        var q = query?.Trim() ?? "";
        if (q.Length == 0)
        {
            return [.. labels.OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase)];
        }
        return [.. labels
            .Select(l => (Label: l, Rank: Rank(l, q)))
            .Where(x => x.Rank < int.MaxValue)
            .OrderBy(x => x.Rank)
            .ThenBy(x => x.Label.Name.Length)
            .ThenBy(x => x.Label.Name, StringComparer.OrdinalIgnoreCase)
            .Select(x => x.Label)];
    }

    private static int Rank(WorkspaceLabel label, string q)
    {
        if (string.Equals(label.Name, q, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }
        if (label.Name.StartsWith(q, StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }
        if (label.Synonyms.Any(s => s.StartsWith(q, StringComparison.OrdinalIgnoreCase)))
        {
            return 2;
        }
        if (label.Name.Contains(q, StringComparison.OrdinalIgnoreCase))
        {
            return 3;
        }
        return label.Synonyms.Any(s => s.Contains(q, StringComparison.OrdinalIgnoreCase)) ? 4 : int.MaxValue;
    }
}
