using System.Text.Json;
using MultimodalAnnotate.Cli.Interchange;
using MultimodalAnnotate.Cli.Tests.TestSupport;

namespace MultimodalAnnotate.Cli.Tests;

/// <summary>The example in docs/interchange-format.md is the one under docs/examples/, valid and clean.</summary>
public sealed class DocsExampleTests
{
    private static readonly string ProjectExample = RepositoryPaths.Docs("examples", "project.json");
    private static readonly string ItemExample = RepositoryPaths.Docs("examples", "image-caption.item.json");

    [Fact]
    public void Examples_MatchThePublishedSchemas()
    {
        using var project = JsonDocument.Parse(File.ReadAllText(ProjectExample));
        using var item = JsonDocument.Parse(File.ReadAllText(ItemExample));

        InterchangeSchema.Project.Check(project.RootElement, "$").Should().BeEmpty();
        InterchangeSchema.Item.Check(item.RootElement, "$").Should().BeEmpty();
    }

    [Fact]
    public void FormatDocument_ShowsTheExampleFilesVerbatim()
    {
        var markdown = File.ReadAllText(RepositoryPaths.Docs("interchange-format.md")).ReplaceLineEndings("\n");

        markdown.Should().Contain("```json\n" + File.ReadAllText(ProjectExample).ReplaceLineEndings("\n").TrimEnd() + "\n```");
        markdown.Should().Contain("```json\n" + File.ReadAllText(ItemExample).ReplaceLineEndings("\n").TrimEnd() + "\n```");
    }

    [Fact]
    public void EmbeddedSchemas_AreTheDocsSchemas()
    {
        InterchangeSchema.ReadText("item.schema.json").Should().Be(File.ReadAllText(RepositoryPaths.Docs("schema", "item.schema.json")));
        InterchangeSchema.ReadText("project.schema.json").Should().Be(File.ReadAllText(RepositoryPaths.Docs("schema", "project.schema.json")));
    }

    [Fact]
    public async Task Validate_DocsExample_IsCleanWithOneLinkedEntity()
    {
        var result = await CliRun.RunAsync("validate", "--project", ProjectExample, ItemExample, "--format", "json");

        result.ExitCode.Should().Be(0, result.ToString());
        using var report = JsonDocument.Parse(result.Stdout);
        var summary = report.RootElement.GetProperty("summary");
        summary.GetProperty("items").GetInt32().Should().Be(1);
        summary.GetProperty("entities").GetInt32().Should().Be(1);
        summary.GetProperty("errors").GetInt32().Should().Be(0);
    }
}
