using System.Text.Json;
using MultimodalAnnotate.Cli.Interchange;
using MultimodalAnnotate.Cli.Output;
using MultimodalAnnotate.Cli.Tests.TestSupport;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Tests;

/// <summary>The report writers on findings made by hand (independent of what the engine finds).</summary>
public sealed class OutputTests
{
    private static readonly string LongMessage =
        "Mentions of \"dog #1\" disagree in time: the audio segment [3.000, 3.500) s starts 0.500 s after the "
        + "video segment [2.000, 2.500) s ends; the video-audio tolerance is 0.100 s.";

    private static ValidationReport Report()
    {
        var first = Samples.ImageCaption();
        var second = Samples.ImageCaption();
        var error = new Finding(FindingType.Temporal, "T-OVERLAP", Severity.Error, LongMessage,
            [Samples.BoxAnnotation], null, "Move the audio segment 0.5 s earlier.", 3.0, "T-OVERLAP:1");
        var warning = new Finding(FindingType.Semantic, "S-ANCESTOR", Severity.Warning, "\"animal\" vs \"dog\"",
            [Samples.BoxAnnotation, Samples.SpanAnnotation], Samples.DogEntity, null, null, "S-ANCESTOR:1");
        return new ValidationReport([
            new ItemResult(new SourcedItem(first, "batch.json", "$[0]"), [error, warning], 1, 1),
            new ItemResult(new SourcedItem(second, "batch.jsonl", "$", Line: 7), [], 1, 0),
        ]);
    }

    [Fact]
    public async Task Table_Findings_AlignsColumnsWrapsLongMessagesAndEndsWithSummary()
    {
        using var output = new StringWriter();

        await TableWriter.WriteAsync(Report(), output, CancellationToken.None);

        var lines = output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        lines[0].Should().MatchRegex("^ITEM +SEVERITY +RULE +TYPE +MESSAGE +SUGGESTED FIX$");
        lines[2].Should().StartWith("batch.json[0]  error").And.MatchRegex("T-OVERLAP +Temporal +Mentions").And.Contain("Move the audio");
        var messageColumn = lines[0].IndexOf("MESSAGE", StringComparison.Ordinal);
        lines[2].Substring(messageColumn).Should().StartWith("Mentions of \"dog #1\"");
        lines[3].Substring(0, messageColumn).Should().BeNullOrWhiteSpace("a wrapped message continues in its own column");
        lines.Should().Contain(l => l.StartsWith("batch.json[0]  warning", StringComparison.Ordinal) && l.Contains("Semantic", StringComparison.Ordinal));
        lines.Should().OnlyContain(l => l.Length <= 160);
        lines[^1].Should().Be("2 items: 1 error, 1 warning, 0 info; sync-error rate 50.0% (1 of 2 entities)");
    }

    [Fact]
    public async Task Json_Findings_SerialisedWithCamelCaseEnumsPerItem()
    {
        using var output = new StringWriter();

        await JsonReportWriter.WriteAsync(Report(), output, CancellationToken.None);

        using var report = JsonDocument.Parse(output.ToString());
        var summary = report.RootElement.GetProperty("summary");
        summary.GetProperty("findings").GetInt32().Should().Be(2);
        summary.GetProperty("syncErrorRate").GetDouble().Should().Be(0.5);
        var items = report.RootElement.GetProperty("items");
        items[1].GetProperty("source").GetString().Should().Be("batch.jsonl");
        items[1].GetProperty("location").GetString().Should().Be("line 7");
        var finding = items[0].GetProperty("findings")[0];
        finding.GetProperty("type").GetString().Should().Be("temporal");
        finding.GetProperty("severity").GetString().Should().Be("error");
        finding.GetProperty("ruleCode").GetString().Should().Be("T-OVERLAP");
        finding.GetProperty("time").GetDouble().Should().Be(3.0);
        finding.GetProperty("annotationIds")[0].GetGuid().Should().Be(Samples.BoxAnnotation);
        items[0].GetProperty("findings")[1].GetProperty("entityId").GetGuid().Should().Be(Samples.DogEntity);
    }

    [Fact]
    public void Summary_NoEntities_SaysRateIsNotApplicable()
    {
        var line = TableWriter.SummaryLine(new ValidationSummary(Items: 2, Errors: 0, Warnings: 0, Infos: 3, Entities: 0, EntitiesWithErrors: 0));

        line.Should().Be("2 items: 0 errors, 0 warnings, 3 info; sync-error rate n/a (no entities)");
    }
}
