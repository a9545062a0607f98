using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Workspace;

namespace MultimodalAnnotate.Web.Tests.Workspace;

/// <summary>The workspace editor against the real use cases and engine on an embedded store.</summary>
public sealed class WorkspaceEditorTests(WorkspaceStore store) : IClassFixture<WorkspaceStore>
{
    private readonly WorkspaceStore _store = store;

    private static async Task<Guid> DrawAsync(WorkspaceState state, WorkspaceEditor editor, Guid asset, Geometry geometry, string label)
    {
        editor.BeginDraft(asset, geometry);
        state.PickerOpen.Should().BeTrue();
        await editor.PickLabelAsync(label);
        state.Save.Should().Be(SaveState.Saved, state.SaveMessage);
        return state.SingleSelected!.Annotation.Id;
    }

    private static int Dog(string caption) => caption.IndexOf("dog", StringComparison.Ordinal);

    [Fact]
    public async Task LinkingCatBoxToDogSpan_OpensSemanticError_RelabelFixesIt_UndoBringsItBack()
    {
        var item = await _store.NewItemAsync();
        var (state, editor) = await _store.OpenAsync(_store.AnnotatorId, item);
        var box = await DrawAsync(state, editor, item.ImageId, new Box2D(40, 250, 70, 50), "cat");
        var at = Dog(WorkspaceStore.Caption);
        var span = await DrawAsync(state, editor, item.CaptionId, new TextSpan(at, at + 3), "dog");

        editor.BeginLink();
        state.LinkSource.Should().Be(span);
        await editor.SelectAsync(box);

        var entity = state.Item.Entities.Should().ContainSingle().Subject;
        entity.Mentions.Select(m => m.Annotation.Id).Should().BeEquivalentTo([box, span]);
        var semantic = state.Item.Findings.Where(f => f.Type == FindingType.Semantic && f.Status == FindingStatus.Open).ToList();
        semantic.Should().ContainSingle().Which.Severity.Should().Be(Severity.Error);
        state.Flagged.Should().Contain([box, span]);

        state.SelectOnly(box);
        (await editor.HandleShortcutAsync("d")).Should().Be(ShortcutOutcome.Handled);
        state.Annotation(box)!.Annotation.Label.Should().Be("dog");
        state.Item.Findings.Where(f => f.Type == FindingType.Semantic && f.Status == FindingStatus.Open).Should().BeEmpty();
        state.Flagged.Should().NotContain(box);

        await editor.UndoAsync();
        state.Annotation(box)!.Annotation.Label.Should().Be("cat");
        state.Item.Findings.Should().Contain(f => f.Type == FindingType.Semantic && f.Status == FindingStatus.Open, "the finding comes back with the cause");
    }

    [Fact]
    public async Task UndoDelete_RecreatesTheBoxInItsEntity_AndRedoDeletesItAgain()
    {
        var item = await _store.NewItemAsync();
        var (state, editor) = await _store.OpenAsync(_store.AnnotatorId, item);
        var box = await DrawAsync(state, editor, item.ImageId, new Box2D(10, 10, 50, 40), "dog");
        var at = Dog(WorkspaceStore.Caption);
        var span = await DrawAsync(state, editor, item.CaptionId, new TextSpan(at, at + 3), "dog");
        await editor.LinkAsync(box, span);
        var entity = state.Item.Entities.Single().Id;

        state.SelectOnly(box);
        await editor.DeleteSelectedAsync();
        state.Item.Annotations.Should().ContainSingle(a => a.Annotation.Id == span);

        await editor.UndoAsync();
        var restored = state.Item.Annotations.Should().ContainSingle(a => a.Modality == Modality.Image).Subject.Annotation;
        restored.Id.Should().NotBe(box, "the store gives the restored box a new id");
        restored.Geometry.Should().Be(new Box2D(10, 10, 50, 40));
        restored.EntityId.Should().Be(entity, "it is a mention of its entity again");

        await editor.RedoAsync();
        state.Item.Annotations.Should().NotContain(a => a.Modality == Modality.Image, "redo deletes the restored box by its new id");
        await editor.UndoAsync();
        state.Item.Annotations.Should().ContainSingle(a => a.Modality == Modality.Image);
    }

    [Fact]
    public async Task UndoLink_UnlinksBothAndRemovesTheEntityTheLinkCreated()
    {
        var item = await _store.NewItemAsync();
        var (state, editor) = await _store.OpenAsync(_store.AnnotatorId, item);
        var box = await DrawAsync(state, editor, item.ImageId, new Box2D(10, 10, 50, 40), "dog");
        var at = Dog(WorkspaceStore.Caption);
        var span = await DrawAsync(state, editor, item.CaptionId, new TextSpan(at, at + 3), "dog");
        await editor.LinkAsync(span, box);
        state.Item.Entities.Should().ContainSingle();

        await editor.UndoAsync();

        state.Item.Entities.Should().BeEmpty();
        state.Annotation(box)!.Annotation.EntityId.Should().BeNull();
        state.Annotation(span)!.Annotation.EntityId.Should().BeNull();
        editor.History.CanRedo.Should().BeTrue();
        await editor.RedoAsync();
        state.Item.Entities.Should().ContainSingle().Which.Mentions.Should().HaveCount(2);
    }

    [Fact]
    public async Task StaleRelabel_IsAConflictShowingBothVersions_KeepMineSavesOnTopOfTheirs()
    {
        var item = await _store.NewItemAsync();
        var (mineState, mine) = await _store.OpenAsync(_store.AnnotatorId, item);
        var box = await DrawAsync(mineState, mine, item.ImageId, new Box2D(10, 10, 50, 40), "dog");
        var (theirState, theirs) = await _store.OpenAsync(_store.OtherAnnotatorId, item);
        await theirs.UpdateAsync(box, label: "cat");
        theirState.Save.Should().Be(SaveState.Saved);

        await mine.UpdateAsync(box, label: "car");

        mineState.Save.Should().Be(SaveState.Conflict);
        var conflict = mineState.Conflict!;
        conflict.Rows.Single(r => r.Field == "Label").Should().Be(new ConflictRow("Label", "cat", "car"));
        mineState.Annotation(box)!.Annotation.Label.Should().Be("cat", "the workspace now shows theirs");
        await mine.ResolveConflictAsync(keepMine: true);
        mineState.Annotation(box)!.Annotation.Label.Should().Be("car");
        await using var db = await _store.Factory.CreateDbContextAsync();
        (await db.History.CountAsync(h => h.SubjectId == box && h.Action == "updated")).Should().Be(2, "theirs and mine are both in the history");
    }

    [Fact]
    public async Task MergeAndSplit_MoveMentionsBetweenEntities_AndStaleMergeIsAConflict()
    {
        var item = await _store.NewItemAsync();
        var (state, editor) = await _store.OpenAsync(_store.AnnotatorId, item);
        var box = await DrawAsync(state, editor, item.ImageId, new Box2D(10, 10, 50, 40), "dog");
        var at = Dog(WorkspaceStore.Caption);
        var span = await DrawAsync(state, editor, item.CaptionId, new TextSpan(at, at + 3), "dog");
        await editor.LinkIntoAsync([box], null, "dog A");
        await editor.LinkIntoAsync([span], null, "dog B");
        var a = state.Item.Entities.Single(e => e.Name == "dog A");
        var b = state.Item.Entities.Single(e => e.Name == "dog B");

        await editor.MergeEntitiesAsync(a.Id, b.Id);
        state.Item.Entities.Should().ContainSingle().Which.Mentions.Select(m => m.Annotation.Id).Should().BeEquivalentTo([box, span]);

        await editor.SplitEntityAsync(a.Id, [span]);
        state.Item.Entities.Should().HaveCount(2);
        state.Annotation(span)!.Annotation.EntityId.Should().NotBe(a.Id);

        await editor.RenameEntityAsync(a.Id, "the dog");
        state.Entity(a.Id)!.Name.Should().Be("the dog");

        // Someone else renames the split-off entity: merging it with the version this workspace saw is refused.
        var (_, other) = await _store.OpenAsync(_store.OtherAnnotatorId, item);
        var split = state.Annotation(span)!.Annotation.EntityId!.Value;
        await other.RenameEntityAsync(split, "renamed elsewhere");
        await editor.MergeEntitiesAsync(a.Id, split);
        state.Save.Should().Be(SaveState.Conflict);
        state.Item.Entities.Should().HaveCount(2, "nothing was merged");
    }

    [Fact]
    public async Task QaLead_CannotDrawOrRelabel()
    {
        var item = await _store.NewItemAsync();
        var (state, editor) = await _store.OpenAsync(_store.QaLeadId, item);

        state.CanEdit.Should().BeFalse();
        editor.BeginDraft(item.ImageId, new Box2D(1, 1, 5, 5));
        state.PickerOpen.Should().BeFalse();
        (await editor.HandleShortcutAsync("w")).Should().Be(ShortcutOutcome.Ignored);
        state.Tool.Should().Be(EditTool.Select);
    }
}
