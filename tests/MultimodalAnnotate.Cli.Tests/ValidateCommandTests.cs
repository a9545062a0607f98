using System.Text.Json;
using System.Text.Json.Nodes;
using MultimodalAnnotate.Cli.Interchange;
using MultimodalAnnotate.Cli.Tests.TestSupport;

namespace MultimodalAnnotate.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly Workspace _workspace = new();
    private readonly string _project;

    public ValidateCommandTests() => _project = _workspace.Write("project.json", Samples.Project());

    public void Dispose() => _workspace.Dispose();

    private string WriteItem(string name, JsonNode node) => _workspace.Write(name, node);

    [Fact]
    public async Task Validate_CleanItem_ExitsZeroWithTableAndSummary()
    {
        var items = WriteItem("items.json", Samples.ToNode(Samples.ImageCaption()));

        var result = await CliRun.RunAsync("validate", "--project", _project, items);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stderr.Should().BeEmpty();
        result.Stdout.Should().Contain("No findings.")
            .And.Contain("1 item: 0 errors, 0 warnings, 0 info; sync-error rate 0.0% (0 of 1 entity)");
    }

    [Fact]
    public async Task Validate_JsonFormat_PrintsOneParsableReportPerInputItem()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var items = WriteItem("items.json", new JsonArray(
            Samples.ToNode(Samples.ImageCaption(first)), Samples.ToNode(Samples.ImageCaption(second))));

        var result = await CliRun.RunAsync("validate", "-p", _project, items, "--format", "json");

        result.ExitCode.Should().Be(0, result.ToString());
        using var report = JsonDocument.Parse(result.Stdout);
        var root = report.RootElement;
        root.GetProperty("format").GetString().Should().Be("multimodalannotate/v1");
        var summary = root.GetProperty("summary");
        summary.GetProperty("items").GetInt32().Should().Be(2);
        summary.GetProperty("errors").GetInt32().Should().Be(0);
        summary.GetProperty("entities").GetInt32().Should().Be(2);
        summary.GetProperty("syncErrorRate").GetDouble().Should().Be(0);
        var results = root.GetProperty("items").EnumerateArray().ToList();
        results.Select(r => r.GetProperty("id").GetGuid()).Should().Equal(first, second);
        results.Select(r => r.GetProperty("location").GetString()).Should().Equal("$[0]", "$[1]");
        results.Should().AllSatisfy(r => r.GetProperty("findings").ValueKind.Should().Be(JsonValueKind.Array));
    }

    [Fact]
    public async Task Validate_VideoAudioHalfSecondApart_ExitsOneWithTemporalErrorInTable()
    {
        var items = WriteItem("bark.json", Samples.ToNode(Samples.VideoAudioHalfSecondApart()));

        var result = await CliRun.RunAsync("validate", "--project", _project, items);

        result.ExitCode.Should().Be(1, result.ToString());
        var row = result.Stdout.Split('\n').First(l => l.StartsWith(items, StringComparison.Ordinal));
        row.Should().Contain("error").And.Contain("Temporal");
        result.Stdout.Should().Contain("1 item: ").And.Contain("sync-error rate 100.0% (1 of 1 entity)");
    }

    [Fact]
    public async Task Validate_VideoAudioHalfSecondApartAsJson_ReportsTemporalFindingOnTheEntity()
    {
        var item = Samples.VideoAudioHalfSecondApart();
        var items = WriteItem("bark.json", Samples.ToNode(item));

        var result = await CliRun.RunAsync("validate", "--project", _project, items, "--format=json");

        result.ExitCode.Should().Be(1, result.ToString());
        using var report = JsonDocument.Parse(result.Stdout);
        var findings = report.RootElement.GetProperty("items")[0].GetProperty("findings").EnumerateArray().ToList();
        findings.Should().Contain(f => f.GetProperty("type").GetString() == "temporal"
            && f.GetProperty("severity").GetString() == "error");
        report.RootElement.GetProperty("summary").GetProperty("entitiesWithErrors").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Validate_SameInputTwice_PrintsIdenticalReportInInputOrder()
    {
        var ids = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        var lines = ids.Select((id, i) => i % 2 == 0 ? Samples.ImageCaption(id) : Samples.VideoAudioHalfSecondApart(id))
            .Select(item => InterchangeJson.SerializeItem(item, indented: false));
        var items = _workspace.Write("batch.jsonl", string.Join('\n', lines) + "\n");

        var first = await CliRun.RunAsync("validate", "-p", _project, items, "-f", "json");
        var second = await CliRun.RunAsync("validate", "-p", _project, items, "-f", "json");

        second.Stdout.Should().Be(first.Stdout);
        using var report = JsonDocument.Parse(first.Stdout);
        var results = report.RootElement.GetProperty("items").EnumerateArray().ToList();
        results.Select(r => r.GetProperty("id").GetGuid()).Should().Equal(ids);
        results.Select(r => r.GetProperty("location").GetString()).Should().Equal(ids.Select((_, i) => $"line {i + 1}"));
    }

    [Fact]
    public async Task Validate_FolderWithArrayCollectionAndJsonLines_ReadsEveryItemInPathOrder()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var c = Guid.NewGuid();
        var d = Guid.NewGuid();
        _workspace.Write("in/a.json", new JsonArray(Samples.ToNode(Samples.ImageCaption(a))));
        _workspace.Write("in/b.json", new JsonObject
        {
            ["format"] = InterchangeJson.FormatId,
            ["items"] = new JsonArray(Samples.ToNode(Samples.ImageCaption(b))),
        });
        _workspace.Write("in/c/c.jsonl", InterchangeJson.SerializeItem(Samples.ImageCaption(c), indented: false) + "\n\n");
        _workspace.Write("in/d.json", Samples.ToNode(Samples.ImageCaption(d)));
        _workspace.Write("in/notes.txt", "not an item");

        var result = await CliRun.RunAsync("validate", "-p", _project, _workspace.PathOf("in"), "-f", "json");

        result.ExitCode.Should().Be(0, result.ToString());
        using var report = JsonDocument.Parse(result.Stdout);
        var results = report.RootElement.GetProperty("items").EnumerateArray().ToList();
        results.Select(r => r.GetProperty("id").GetGuid()).Should().Equal(a, b, c, d);
        results.Select(r => r.GetProperty("location").GetString()).Should().Equal("$[0]", "$.items[0]", "line 1", "$");
    }

    [Fact]
    public async Task Validate_ProjectInsideItemFolder_IsNotReadAsAnItem()
    {
        var project = _workspace.Write("in/project.json", Samples.Project());
        _workspace.Write("in/item.json", Samples.ToNode(Samples.ImageCaption()));

        var result = await CliRun.RunAsync("validate", "-p", project, _workspace.PathOf("in"));

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("1 item:");
    }
}
