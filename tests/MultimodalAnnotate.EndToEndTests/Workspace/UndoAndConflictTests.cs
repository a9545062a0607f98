using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MultimodalAnnotate.EndToEndTests.Support;
using MultimodalAnnotate.Web.Data;

namespace MultimodalAnnotate.EndToEndTests.Workspace;

[Collection(WorkspaceCollection.Name)]
public sealed class UndoAndConflictTests(RunningApp app)
{
    [Fact]
    public async Task Undo_RestoresTheLabelAndRemovesADrawnBox_RedoBringsThemBack()
    {
        var page = await app.SignInAsync("annotator@demo.local");
        await WorkspaceDriver.OpenAsync(page, await WorkspaceDriver.ItemIdAsync(app, "Street crossing · iteration 2"));
        var carSpan = page.Locator("[data-testid=text-pane] mark", new() { HasText = "red car" });
        var id = Guid.Parse((await carSpan.GetAttributeAsync("data-annotation"))!);

        // Relabel the caption's "red car" to truck through the picker, then undo and redo.
        await carSpan.ClickAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.FillAsync("[data-testid=label-search]", "truck");
        await WorkspaceDriver.SaveAsync(page, () => page.PressAsync("[data-testid=label-search]", "Enter"));
        (await carSpan.GetAttributeAsync("data-label")).Should().Be("truck");
        (await WorkspaceDriver.SaveAsync(page, () => page.Keyboard.PressAsync("Control+z"))).Should().Be("Saved");
        (await carSpan.GetAttributeAsync("data-label")).Should().Be("car");
        (await LabelAsync(id)).Should().Be("car");
        (await WorkspaceDriver.SaveAsync(page, () => page.Keyboard.PressAsync("Control+Shift+z"))).Should().Be("Saved");
        (await LabelAsync(id)).Should().Be("truck");
        await WorkspaceDriver.SaveAsync(page, () => page.Keyboard.PressAsync("Control+z"));

        // Draw a box (hotkey W), label it with the bicycle picker entry, undo: the box is gone from canvas and store.
        var canvas = page.Locator("[data-testid=image-canvas]");
        var shapes = await canvas.GetAttributeAsync("data-shapes");
        await page.Keyboard.PressAsync("w");
        await WorkspaceDriver.DragAsync(page, await WorkspaceDriver.ScreenPointAsync(page, 520, 280), await WorkspaceDriver.ScreenPointAsync(page, 600, 330));
        await page.FillAsync("[data-testid=label-search]", "bike");
        await WorkspaceDriver.SaveAsync(page, () => page.PressAsync("[data-testid=label-search]", "Enter"));
        (await CountAsync("bicycle")).Should().Be(1, "the picker finds bicycle by its synonym");
        (await canvas.GetAttributeAsync("data-shapes")).Should().NotBe(shapes);
        await WorkspaceDriver.SaveAsync(page, () => page.ClickAsync("[data-testid=undo]"));
        (await CountAsync("bicycle")).Should().Be(0);
        await page.WaitForFunctionAsync("n => document.querySelector('[data-testid=image-canvas]').dataset.shapes === n", shapes);
    }

    [Fact]
    public async Task ConflictingEditFromAnotherBrowser_IsShownSideBySide_AndNeitherVersionIsLost()
    {
        var itemId = await WorkspaceDriver.ItemIdAsync(app, "Kitchen conversation · iteration 2");
        var mine = await app.SignInAsync("annotator@demo.local");
        var theirs = await app.SignInAsync("reviewer@demo.local");
        await WorkspaceDriver.OpenAsync(mine, itemId);
        await WorkspaceDriver.OpenAsync(theirs, itemId);
        var turnLabel = "[data-testid=cue][data-index='0'] [data-testid=turn-label]";
        var id = Guid.Parse((await mine.Locator(turnLabel).GetAttributeAsync("data-annotation"))!);

        // The reviewer relabels the first turn's label to "bark" and saves first.
        await theirs.ClickAsync(turnLabel);
        await theirs.Keyboard.PressAsync("Enter");
        await theirs.FillAsync("[data-testid=label-search]", "bark");
        (await WorkspaceDriver.SaveAsync(theirs, () => theirs.PressAsync("[data-testid=label-search]", "Enter"))).Should().Be("Saved");

        // The annotator, still looking at the old version, relabels it to "engine": a conflict, not an overwrite.
        await mine.ClickAsync(turnLabel);
        await mine.Keyboard.PressAsync("Enter");
        await mine.FillAsync("[data-testid=label-search]", "engine");
        (await WorkspaceDriver.SaveAsync(mine, () => mine.PressAsync("[data-testid=label-search]", "Enter"))).Should().Be("Conflict");
        var dialog = mine.Locator("[data-testid=conflict-dialog]");
        (await dialog.Locator("tr[data-field=Label] [data-testid=theirs]").InnerTextAsync()).Should().Be("bark");
        (await dialog.Locator("tr[data-field=Label] [data-testid=mine]").InnerTextAsync()).Should().Be("engine");
        (await LabelAsync(id)).Should().Be("bark", "nothing is overwritten before the user chooses");
        await mine.ScreenshotAsync(new PageScreenshotOptions { Path = WorkspaceDriver.Screenshot("workspace-conflict.png") });

        (await WorkspaceDriver.SaveAsync(mine, () => dialog.Locator("[data-testid=keep-mine]").ClickAsync())).Should().Be("Saved");
        (await LabelAsync(id)).Should().Be("engine");
        (await mine.Locator(turnLabel).InnerTextAsync()).Should().Be("engine");
        var history = await HistoryAsync(id);
        history.Should().HaveCount(2, "both versions are recorded: theirs, then mine on top of it");
        history[0].Should().Contain("\"bark\"");
        history[1].Should().Contain("\"engine\"");
    }

    private async Task<AppDbContext> DbAsync() =>
        await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    private async Task<string> LabelAsync(Guid annotationId)
    {
        await using var db = await DbAsync();
        return await db.Annotations.Where(a => a.Id == annotationId).Join(db.OntologyClasses, a => a.ClassId, c => c.Id, (a, c) => c.Name).SingleAsync();
    }

    private async Task<int> CountAsync(string label)
    {
        await using var db = await DbAsync();
        return await db.Annotations.Join(db.OntologyClasses.Where(c => c.Name == label), a => a.ClassId, c => c.Id, (a, c) => a.Id).CountAsync();
    }

    private async Task<List<string>> HistoryAsync(Guid annotationId)
    {
        await using var db = await DbAsync();
        return await db.History.Where(h => h.SubjectId == annotationId && h.Action == "updated").OrderBy(h => h.Id).Select(h => h.After!).ToListAsync();
    }
}
