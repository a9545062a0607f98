using Bunit;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Workspace;

namespace MultimodalAnnotate.Web.Tests.Workspace;

public sealed class FindingsPanelTests : ComponentTestContext
{
    [Fact]
    public void Findings_AreGroupedUnderAllFourTypes_WithOpenCounts_AndFixedOnesFolded()
    {
        var findings = new List<FindingRecord>
        {
            Sample.Finding(FindingType.Semantic, Severity.Error, "SEM-002", "'cat' box vs 'dog' span"),
            Sample.Finding(FindingType.Semantic, Severity.Warning, "SEM-001", "'person' vs 'pedestrian'"),
            Sample.Finding(FindingType.Temporal, Severity.Error, "TMP-001", "late by 0.9 s", FindingStatus.Fixed),
        };

        var panel = Ctx.Render<WorkspaceFindingsPanel>(p => p.Add(c => c.Findings, findings));

        var groups = panel.FindAll("[data-testid=finding-group]");
        groups.Select(g => g.GetAttribute("data-type")).Should().Equal("Temporal", "Semantic", "MissingReference", "Granularity");
        groups.Select(g => g.QuerySelector("[data-testid=open-count]")!.TextContent).Should().Equal("0", "2", "0", "0");
        groups[1].QuerySelectorAll("[data-testid=finding]").Select(f => f.GetAttribute("data-rule")).Should().Equal("SEM-002", "SEM-001");
        groups[0].QuerySelector("[data-testid=fixed-count]")!.TextContent.Should().Be("1 fixed");
        groups[0].QuerySelectorAll("[data-testid=finding]").Should().BeEmpty("a fixed finding no longer asks for attention");
        panel.Find("[data-testid=finding][data-rule=SEM-002]").ClassList.Should().Contain("ma-sev-error");
    }

    [Fact]
    public void ClickingAFinding_AsksToFocusIt()
    {
        var box = Guid.NewGuid();
        var finding = Sample.Finding(FindingType.Semantic, Severity.Error, "SEM-002", "disagree", FindingStatus.Open, box);
        FindingRecord? focused = null;
        var panel = Ctx.Render<WorkspaceFindingsPanel>(p => p.Add(c => c.Findings, [finding]).Add(c => c.OnFocus, f => focused = f));

        panel.Find("[data-testid=finding]").GetAttribute("data-annotations").Should().Contain(box.ToString());
        panel.Find("[data-testid=finding]").Click();

        focused.Should().BeSameAs(finding);
    }

    [Fact]
    public void NoFindings_ShowsEveryGroupEmpty()
    {
        var panel = Ctx.Render<WorkspaceFindingsPanel>(p => p.Add(c => c.Findings, []));

        panel.FindAll("[data-testid=finding]").Should().BeEmpty();
        panel.Find(".ma-card-title").TextContent.Should().Contain("0 open");
    }
}
