using Microsoft.Playwright;
using MultimodalAnnotate.EndToEndTests.Support;

namespace MultimodalAnnotate.EndToEndTests.Foundation;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(RunningApp app)
{
    [Fact]
    public async Task DemoAnnotator_SignsIn_SeesDemoProjectWithAllFiveModalities()
    {
        var page = await app.SignInAsync("annotator@demo.local");

        await page.Locator("[data-testid=project-list]").WaitForAsync();
        (await page.Locator("[data-testid=current-user]").InnerTextAsync()).Should().Be("annotator@demo.local");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RunningApp.ScreenshotFolder, "projects.png") });
        var chips = await page.Locator("[data-testid=project-list] [data-modality]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.modality)");
        chips.Should().BeEquivalentTo(["Image", "Video", "Audio", "Text", "PointCloud"]);

        await page.ClickAsync("text=Open");
        await page.Locator("[data-testid=item-table]").First.WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RunningApp.ScreenshotFolder, "project.png"), FullPage = true });
        (await page.Locator("[data-testid=item-table] tbody tr").CountAsync()).Should().Be(6);
    }

    [Fact]
    public async Task StreetItem_ShowsImageWithBoxesLidarAndCaptionAndEntities()
    {
        var page = await app.SignInAsync("reviewer@demo.local");
        await page.ClickAsync("text=Open");
        await page.Locator("[data-testid=item-table]").First.WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Street crossing · iteration 1" }).ClickAsync();
        await page.Locator("[data-testid=entity-list]").WaitForAsync();

        var panes = await page.Locator("[data-testid=asset-pane]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.modality)");
        panes.Should().BeEquivalentTo(["Image", "PointCloud", "Text"]);
        var image = page.Locator("[data-testid=asset-pane][data-modality=Image] img");
        (await image.EvaluateAsync<int>("img => img.naturalWidth")).Should().Be(640, "the image is served from the media store to a signed-in member");
        (await page.Locator("[data-testid=text-content] mark").AllInnerTextsAsync()).Should().Contain(["red car", "cat"]);
        (await page.Locator("[data-testid=entity-list] [data-entity]").CountAsync()).Should().Be(3);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RunningApp.ScreenshotFolder, "item-street.png"), FullPage = true });
    }

    [Fact]
    public async Task OpenClickedBeforeTheCircuitConnects_LoadsTheProjectPageInFull()
    {
        // A user on a slow link clicks "Open" while the page is still connecting. Blazor's enhanced navigation would
        // fetch the next page and patch it in while the circuit starts, a race that could leave the projects page on
        // screen under the project's URL; a full page load cannot lose the click.
        var page = await app.SignInAsync("annotator@demo.local");
        var held = new TaskCompletionSource();
        await page.Context.RouteAsync("**/_blazor/negotiate**", async route =>
        {
            await held.Task;
            await route.ContinueAsync();
        });
        await page.ReloadAsync();
        var request = page.WaitForRequestAsync(r => r.Url.Contains("/projects/", StringComparison.Ordinal));
        await page.ClickAsync("text=Open");
        held.SetResult();
        (await request).ResourceType.Should().Be("document", "a link clicked before the circuit is up loads the page in full, not through enhanced navigation");
        await page.Locator("[data-testid=item-table]").First.WaitForAsync(new() { Timeout = 20_000 });
        (await page.Locator("[data-testid=item-table] tbody tr").CountAsync()).Should().Be(6);
    }

    [Fact]
    public async Task WrongPassword_StaysOnSignInWithAClearMessage()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#email", "annotator@demo.local");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("#sign-in");

        (await page.Locator("[data-testid=login-error]").InnerTextAsync()).Should().Contain("Wrong email or password");
        page.Url.Should().Contain("/Account/Login");
    }
}
