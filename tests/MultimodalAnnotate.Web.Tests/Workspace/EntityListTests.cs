using Bunit;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Features.Items;
using MultimodalAnnotate.Web.Features.Workspace;

namespace MultimodalAnnotate.Web.Tests.Workspace;

public sealed class EntityListTests : ComponentTestContext
{
    private static readonly Modality[] StreetModalities = [Modality.Image, Modality.PointCloud, Modality.Text];

    private IRenderedComponent<WorkspaceEntityList> Render(IReadOnlyList<ItemQueries.EntityRow> entities, IReadOnlySet<Guid>? selection = null,
        bool canEdit = true, Action<ComponentParameterCollectionBuilder<WorkspaceEntityList>>? more = null) =>
        Ctx.Render<WorkspaceEntityList>(p =>
        {
            p.Add(c => c.Entities, entities).Add(c => c.ItemModalities, StreetModalities).Add(c => c.CanEdit, canEdit)
                .Add(c => c.Selection, selection ?? new HashSet<Guid>());
            more?.Invoke(p);
        });

    [Fact]
    public void Entity_MentionedInImageAndTextOnly_MarksPointCloudAsMissing()
    {
        var dog = Sample.Entity("dog #1",
            Sample.Annotation("dog", Modality.Image, new Box2D(1, 1, 5, 5)),
            Sample.Annotation("dog", Modality.Text, new TextSpan(0, 3)));

        var list = Render([dog]);

        var chips = list.FindAll("[data-testid=modality]");
        chips.Select(c => (c.GetAttribute("data-modality"), c.GetAttribute("data-missing")))
            .Should().Equal(("Image", "false"), ("PointCloud", "true"), ("Text", "false"));
        chips[1].GetAttribute("title").Should().Contain("missing");
        list.Find("[data-testid=entity]").TextContent.Should().Contain("dog #1");
    }

    [Fact]
    public void ClickingAnEntity_SelectsIt_AndRenameSendsTheNewName()
    {
        var entity = Sample.Entity("thing #1", Sample.Annotation("car", Modality.Image, new Box2D(1, 1, 5, 5)));
        Guid? selected = null;
        (Guid, string)? renamed = null;
        var list = Render([entity], more: p => p
            .Add(c => c.OnSelect, id => selected = id)
            .Add(c => c.OnRename, x => renamed = x)
            .Add(c => c.SelectedEntityId, entity.Id));

        list.Find("[data-testid=entity]").Click();
        selected.Should().Be(entity.Id);

        list.Find("[data-testid=rename]").Click();
        list.Find("[data-testid=rename-entity]").Change("red car");
        list.Find("[data-testid=rename-entity]").ParentElement!.Submit();
        renamed.Should().Be((entity.Id, "red car"));
    }

    [Fact]
    public void SelectedMentionOfAnEntity_OffersSplit_AndOtherEntitiesOfferLinkingIt()
    {
        var box = Sample.Annotation("dog", Modality.Image, new Box2D(1, 1, 5, 5));
        var span = Sample.Annotation("cat", Modality.Text, new TextSpan(0, 3));
        var mixed = Sample.Entity("animal #1", box, span);
        var other = Sample.Entity("cat #2");
        Guid? split = null;
        Guid? linkedInto = null;
        var list = Render([mixed, other], new HashSet<Guid> { span.Annotation.Id }, more: p => p
            .Add(c => c.OnSplit, id => split = id)
            .Add(c => c.OnLinkSelection, id => linkedInto = id));

        var rows = list.FindAll("[data-testid=entity]");
        rows[0].QuerySelector("[data-testid=split]")!.TextContent.Should().Contain("Split off 1");
        rows[0].QuerySelector("[data-testid=link-selection]").Should().BeNull("the selection already belongs to it");
        rows[1].QuerySelector("[data-testid=split]").Should().BeNull();

        list.FindAll("[data-testid=entity]")[0].QuerySelector("[data-testid=split]")!.Click();
        split.Should().Be(mixed.Id);
        list.FindAll("[data-testid=entity]")[1].QuerySelector("[data-testid=link-selection]")!.Click();
        linkedInto.Should().Be(other.Id);
    }

    [Fact]
    public void MergeInto_NamesTheOtherEntityAsTarget()
    {
        var a = Sample.Entity("dog #1");
        var b = Sample.Entity("dog #2");
        (Guid Target, Guid Source)? merged = null;
        var list = Render([a, b], more: p => p.Add(c => c.OnMerge, x => merged = x).Add(c => c.SelectedEntityId, b.Id));

        list.FindAll("[data-testid=entity]")[1].QuerySelector("[data-testid=merge-into]")!.Change(a.Id.ToString());

        merged.Should().Be((a.Id, b.Id), "merging dog #2 into dog #1 keeps dog #1");
    }

    [Fact]
    public void ReadOnlyMember_SeesEntitiesWithoutEditingControls()
    {
        var list = Render([Sample.Entity("dog #1")], new HashSet<Guid> { Guid.NewGuid() }, canEdit: false);

        list.FindAll("[data-testid=entity]").Should().HaveCount(1);
        list.FindAll("[data-testid=new-entity-name], [data-testid=rename], [data-testid=delete-entity], [data-testid=merge-into]").Should().BeEmpty();
    }
}
