using Microsoft.Playwright;
using MultimodalAnnotate.EndToEndTests.Support;

namespace MultimodalAnnotate.EndToEndTests.Workspace;

[Collection(WorkspaceCollection.Name)]
public sealed class LinkingAndFindingsTests(RunningApp app)
{
    [Fact]
    public async Task BoxLabelledCat_LinkedToCaptionWordDog_ShowsSemanticErrorUntilRelabelled()
    {
        var page = await app.SignInAsync("annotator@demo.local");
        await WorkspaceDriver.OpenAsync(page, await WorkspaceDriver.ItemIdAsync(app, "Street crossing · iteration 2"));
        var fixedBefore = await FixedSemanticAsync(page);

        // Draw a box on the empty road at the left and label it "cat" through the picker's search.
        await page.ClickAsync("[data-testid=tool-box]");
        await WorkspaceDriver.DragAsync(page, await WorkspaceDriver.ScreenPointAsync(page, 40, 250), await WorkspaceDriver.ScreenPointAsync(page, 110, 300));
        await page.FillAsync("[data-testid=label-search]", "ca");
        (await page.Locator("[data-testid=label-picker] li[data-label]").AllInnerTextsAsync()).Should().Contain(t => t.StartsWith("car", StringComparison.Ordinal));
        await page.FillAsync("[data-testid=label-search]", "cat");
        (await WorkspaceDriver.SaveAsync(page, () => page.PressAsync("[data-testid=label-search]", "Enter"))).Should().Be("Saved");
        var box = await page.Locator("[data-testid=attributes-editor]").GetAttributeAsync("data-annotation");
        (await page.Locator("[data-testid=attributes-editor] .ma-card-title").InnerTextAsync()).Should().StartWith("cat");

        // Select the word "dog" in the caption (a double-click selects a word) and label it dog.
        var word = await WordCentreAsync(page, "dog");
        await page.Mouse.DblClickAsync(word.X, word.Y);
        await page.FillAsync("[data-testid=label-search]", "dog");
        (await WorkspaceDriver.SaveAsync(page, () => page.PressAsync("[data-testid=label-search]", "Enter"))).Should().Be("Saved");
        var span = await page.Locator("[data-testid=attributes-editor]").GetAttributeAsync("data-annotation");
        span.Should().NotBe(box);

        // Link: the selected span, "L", then a click on the box in the image pane.
        await page.Keyboard.PressAsync("l");
        await page.Locator("[data-testid=link-banner]").WaitForAsync();
        var centre = await WorkspaceDriver.ScreenPointAsync(page, 75, 275);
        (await WorkspaceDriver.SaveAsync(page, () => page.Mouse.ClickAsync(centre.X, centre.Y))).Should().Be("Saved");

        var finding = page.Locator($"[data-testid=finding][data-type=Semantic][data-status=Open][data-annotations*='{box}']");
        await finding.WaitForAsync();
        (await finding.GetAttributeAsync("data-annotations")).Should().Contain(span);
        (await finding.GetAttributeAsync("class")).Should().Contain("ma-sev-error");
        (await page.Locator($"mark[data-annotation='{span}']").GetAttributeAsync("class")).Should().Contain("ma-flagged");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = WorkspaceDriver.Screenshot("workspace.png") });

        // Fix it: the finding selects its annotations in every pane; the dog hotkey relabels the selection.
        await finding.ClickAsync();
        await page.Locator($"mark.ma-selected[data-annotation='{span}']").WaitForAsync();
        (await WorkspaceDriver.SaveAsync(page, () => page.Keyboard.PressAsync("d"))).Should().Be("Saved");
        (await page.Locator($"[data-testid=finding][data-status=Open][data-annotations*='{box}'][data-type=Semantic]").CountAsync()).Should().Be(0);
        (await FixedSemanticAsync(page)).Should().Be(fixedBefore + 1);
    }

    private static async Task<int> FixedSemanticAsync(IPage page)
    {
        var text = page.Locator("[data-testid=finding-group][data-type=Semantic] [data-testid=fixed-count]");
        return await text.CountAsync() == 0 ? 0 : int.Parse((await text.InnerTextAsync()).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The centre of a word in the text pane on screen.</summary>
    internal static async Task<(float X, float Y)> WordCentreAsync(IPage page, string word)
    {
        var rect = await page.EvaluateAsync<float[]>(
            @"word => {
                const pane = document.querySelector('[data-testid=text-pane]');
                const walker = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
                for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                    const at = n.textContent.search(new RegExp('\\b' + word + '\\b'));
                    if (at < 0) continue;
                    const range = document.createRange();
                    range.setStart(n, at);
                    range.setEnd(n, at + word.length);
                    const r = range.getBoundingClientRect();
                    return [r.x + r.width / 2, r.y + r.height / 2];
                }
                return null;
            }",
            word);
        return (rect[0], rect[1]);
    }
}
