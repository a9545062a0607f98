using Bunit;
using MudBlazor;
using MudBlazor.Services;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Assignments;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Tests.Projects;

/// <summary>A batch on the project page: admins hand out its items, everyone else sees who works on them.</summary>
public sealed class BatchItemsTableTests : IAsyncLifetime
{
    private BunitContext Ctx { get; } = new();

    public Task InitializeAsync()
    {
        Ctx.Services.AddMudServices();
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        Ctx.Render<MudPopoverProvider>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Ctx.DisposeAsync();

    private static readonly IReadOnlyList<AssignmentQueries.AnnotatorOption> Team = [new("u-ann", "Ann Annotator"), new("u-bob", "Bob Labeller")];

    private static ProjectQueries.BatchRows Batch() => new(Guid.NewGuid(), "Street & home", 2, 0.125,
    [
        Row("street", [new("u-ann", "Ann Annotator", false), new("u-bob", "Bob Labeller", true)]),
        Row("kitchen", []),
    ]);

    private static ProjectQueries.ItemRow Row(string name, IReadOnlyList<ProjectQueries.AssigneeRow> assignees) =>
        new(Guid.NewGuid(), name, ItemStatus.Annotating, [], 3, 1, 0, 0, 0, assignees);

    private IRenderedComponent<BatchItemsTable> Render(bool canAssign, Action<BatchItemsTable.DistributeRequest>? onDistribute = null) =>
        Ctx.Render<BatchItemsTable>(p => p
            .Add(c => c.Batch, Batch())
            .Add(c => c.CanAssign, canAssign)
            .Add(c => c.Annotators, canAssign ? Team : [])
            .Add(c => c.OnDistribute, r => onDistribute?.Invoke(r)));

    [Fact]
    public void Admin_GetsTheAssignControlsACheckboxPerItemAndClosableAnnotatorChips()
    {
        var table = Render(canAssign: true);

        table.FindAll("[data-testid=assign-bar]").Should().ContainSingle();
        table.FindAll("[data-testid=assign-annotator]").Should().ContainSingle();
        table.Find("[data-testid=assign-items]").TextContent.Trim().Should().Be("Assign all open items", "with nothing selected the whole batch is meant");
        table.FindAll("[data-testid=distribute-batch]").Should().ContainSingle();
        table.FindAll("tbody tr input[type=checkbox]").Should().HaveCount(2);
        table.FindAll("[data-testid=assignee-chip] .mud-chip-close-button").Should().HaveCount(2, "an admin can take an item away from each annotator");
    }

    [Fact]
    public void NonAdmin_SeesWhoWorksOnEachItem_ButNoWayToChangeIt()
    {
        var table = Render(canAssign: false);

        table.FindAll("[data-testid=assign-bar]").Should().BeEmpty();
        table.FindAll("[data-testid=assign-items]").Should().BeEmpty();
        table.FindAll("tbody tr input[type=checkbox]").Should().BeEmpty();
        table.FindAll("[data-testid=assignee-chip] .mud-chip-close-button").Should().BeEmpty();
        table.FindAll("thead th").Select(th => th.TextContent.Trim()).Should().Contain("Assignee");
        var cells = table.FindAll("[data-testid=assignee]").Select(c => c.TextContent.Trim()).ToList();
        cells[0].Should().Contain("Ann Annotator").And.Contain("Bob Labeller (overlap)");
        cells[1].Should().Be("unassigned");
        table.FindAll("[data-testid=assignee-chip]").Select(c => c.GetAttribute("data-overlap")).Should().Equal("false", "true");
    }

    [Fact]
    public void Distribute_OverTheWholeTeamByDefault_AsksForTheBatchsUnassignedItems()
    {
        BatchItemsTable.DistributeRequest? asked = null;
        var table = Render(canAssign: true, r => asked = r);

        table.Find("[data-testid=distribute-batch]").Click();

        asked.Should().NotBeNull();
        asked!.BatchId.Should().Be(table.Instance.Batch.Id);
        asked.AnnotatorIds.Should().Equal("u-ann", "u-bob");
    }
}
