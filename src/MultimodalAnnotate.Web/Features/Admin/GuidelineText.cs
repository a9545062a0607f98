using System.Text;

namespace MultimodalAnnotate.Web.Features.Admin;

/// <summary>
/// Just enough markdown for guidelines: headings, bullets and paragraphs, rendered as text (never as raw HTML, so a
/// guideline cannot inject markup). "## Timing" becomes the section anchor "timing" that policy rules can cite.
/// </summary>
public static class GuidelineText
{
    public enum BlockKind
    {
        Heading1,
        Heading2,
        Bullet,
        Paragraph,
    }

    public sealed record Block(BlockKind Kind, string Text, string? Anchor = null);

    public static IReadOnlyList<Block> Blocks(string markdown)
    {
        var blocks = new List<Block>();
        var paragraph = new StringBuilder();
        void Flush()
        {
            if (paragraph.Length > 0)
            {
                blocks.Add(new Block(BlockKind.Paragraph, paragraph.ToString()));
                paragraph.Clear();
            }
        }
        foreach (var raw in (markdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                Flush();
                blocks.Add(new Block(BlockKind.Heading1, line[2..].Trim()));
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal) || line.StartsWith("### ", StringComparison.Ordinal))
            {
                Flush();
                var text = line.TrimStart('#').Trim();
                blocks.Add(new Block(BlockKind.Heading2, text, Anchor(text)));
            }
            else if (line.TrimStart().StartsWith("- ", StringComparison.Ordinal) || line.TrimStart().StartsWith("* ", StringComparison.Ordinal))
            {
                Flush();
                blocks.Add(new Block(BlockKind.Bullet, line.TrimStart()[2..].Trim()));
            }
            else if (line.Length == 0)
            {
                Flush();
            }
            else
            {
                paragraph.Append(paragraph.Length > 0 ? " " : "").Append(line.Trim());
            }
        }
        Flush();
        return blocks;
    }

    /// <summary>The section anchor of a heading: lower case, letters and digits joined by hyphens.</summary>
    public static string Anchor(string heading)
    {
        var text = new StringBuilder();
        foreach (var c in heading.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                text.Append(c);
            }
            else if (text.Length > 0 && text[^1] != '-')
            {
                text.Append('-');
            }
        }
        return text.ToString().Trim('-');
    }

    /// <summary>The section headings (anchor → title) of a guideline.</summary>
    public static IReadOnlyDictionary<string, string> Sections(string markdown) =>
        Blocks(markdown).Where(b => b.Kind == BlockKind.Heading2).GroupBy(b => b.Anchor!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Text, StringComparer.Ordinal);
}
