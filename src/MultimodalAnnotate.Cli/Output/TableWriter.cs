using System.Globalization;
using System.Text;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Output;

/// <summary>
/// Findings as an aligned text table (item, severity, rule, type, message, suggested fix; long messages wrap
/// inside their column) followed by one summary line.
/// </summary>
internal static class TableWriter
{
    private const int MessageWidth = 64;
    private const int FixWidth = 44;
    private static readonly string[] Header = ["ITEM", "SEVERITY", "RULE", "TYPE", "MESSAGE", "SUGGESTED FIX"];

    public static async Task WriteAsync(ValidationReport report, TextWriter output, CancellationToken ct)
    {
        var text = new StringBuilder();
        var rows = report.Items
            .SelectMany(i => i.Findings.Select(f => new[]
            {
                i.Source.DisplayName,
                SeverityName(f.Severity),
                f.RuleCode,
                f.Type.ToString(),
                f.Message,
                f.SuggestedFix ?? "",
            }))
            .ToList();
        if (rows.Count == 0)
        {
            text.AppendLine("No findings.");
        }
        else
        {
            Append(text, rows);
            text.AppendLine();
        }
        text.AppendLine(SummaryLine(report.Summary));
        await output.WriteAsync(text.ToString().AsMemory(), ct);
        await output.FlushAsync(ct);
    }

    /// <summary>E.g. <c>3 items: 1 error, 2 warnings, 0 info; sync-error rate 50.0% (1 of 2 entities)</c>.</summary>
    public static string SummaryLine(ValidationSummary s)
    {
        var rate = s.Entities == 0
            ? "sync-error rate n/a (no entities)"
            : string.Create(CultureInfo.InvariantCulture,
                $"sync-error rate {s.SyncErrorRate * 100:0.0}% ({s.EntitiesWithErrors} of {Plural(s.Entities, "entity", "entities")})");
        return string.Create(CultureInfo.InvariantCulture,
            $"{Plural(s.Items, "item", "items")}: {Plural(s.Errors, "error", "errors")}, {Plural(s.Warnings, "warning", "warnings")}, {s.Infos} info; {rate}");
    }

    private static void Append(StringBuilder text, List<string[]> rows)
    {
        var widths = new int[Header.Length];
        var wrapped = rows.Select(r => r.Select((cell, c) => Wrap(cell, c)).ToArray()).ToList();
        foreach (var row in wrapped.Prepend(Header.Select(h => new[] { h }).ToArray()))
        {
            for (var c = 0; c < widths.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Max(line => line.Length));
            }
        }
        AppendRow(text, Header.Select(h => new[] { h }).ToArray(), widths);
        AppendRow(text, widths.Select(w => new[] { new string('-', w) }).ToArray(), widths);
        foreach (var row in wrapped)
        {
            AppendRow(text, row, widths);
        }
    }

    private static void AppendRow(StringBuilder text, string[][] cells, int[] widths)
    {
        var height = cells.Max(c => c.Length);
        for (var line = 0; line < height; line++)
        {
            var parts = cells.Select((cell, c) => (line < cell.Length ? cell[line] : "").PadRight(widths[c]));
            text.AppendLine(string.Join("  ", parts).TrimEnd());
        }
    }

    private static string[] Wrap(string cell, int column)
    {
        var width = column switch { 4 => MessageWidth, 5 => FixWidth, _ => int.MaxValue };
        var single = cell.ReplaceLineEndings(" ");
        if (single.Length <= width)
        {
            return [single];
        }
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in single.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > width)
            {
                lines.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0)
            {
                current.Append(' ');
            }
            current.Append(word);
        }
        if (current.Length > 0)
        {
            lines.Add(current.ToString());
        }
        return [.. lines];
    }

    private static string SeverityName(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "info",
    };

    private static string Plural(int count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");
}
