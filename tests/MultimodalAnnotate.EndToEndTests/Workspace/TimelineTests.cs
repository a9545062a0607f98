using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MultimodalAnnotate.EndToEndTests.Support;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;

namespace MultimodalAnnotate.EndToEndTests.Workspace;

[Collection(WorkspaceCollection.Name)]
public sealed class TimelineTests(RunningApp app)
{
    [Fact]
    public async Task PlayingYardItem_HighlightsTheCurrentCaption_AndFrameStepLandsOnRealFrameTimes()
    {
        var itemId = await WorkspaceDriver.ItemIdAsync(app, "Dog barking in the yard · iteration 2");
        var page = await app.SignInAsync("annotator@demo.local");
        await WorkspaceDriver.OpenAsync(page, itemId);
        var cues = page.Locator("[data-testid=cue]");
        (await cues.CountAsync()).Should().Be(2);

        // The first cue (0.0–1.8 s) is current from the start; playing at 2× reaches the second (2.5–3.6 s).
        await page.Locator("[data-testid=cue][data-index='0'][data-current]").WaitForAsync();
        await page.ClickAsync("[data-testid=faster]");
        await page.ClickAsync("[data-testid=faster]");
        (await page.Locator("[data-testid=rate]").InnerTextAsync()).Should().Be("2×");
        await page.ClickAsync("[data-testid=play]");
        await page.Locator("[data-testid=timeline][data-playing=true]").WaitForAsync();
        await page.Locator("[data-testid=cue][data-index='1'][data-current]").WaitForAsync(new() { Timeout = 5000 });
        (await page.Locator("[data-testid=cue][data-index='0'][data-current]").CountAsync()).Should().Be(0, "only the cue under the clock is highlighted");

        // Space pauses; "," and "." step over the video's real frame times (variable frame rate, never frame / fps).
        await page.Keyboard.PressAsync("Space");
        await page.Locator("[data-testid=timeline][data-playing=false]").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = WorkspaceDriver.Screenshot("workspace-timeline.png") });
        var paused = await TimeAsync(page);
        var frames = await FrameTimesAsync(itemId);
        await page.Keyboard.PressAsync(",");
        var back = await TimeAsync(page);
        back.Should().BeApproximately(frames.Last(t => t < paused - 1e-6), 1e-3);
        await page.Keyboard.PressAsync(".");
        (await TimeAsync(page)).Should().BeApproximately(frames.First(t => t > back + 1e-6), 1e-3);
    }

    private static async Task<double> TimeAsync(IPage page) =>
        double.Parse((await page.Locator("[data-testid=timeline]").GetAttributeAsync("data-time"))!, CultureInfo.InvariantCulture);

    private async Task<IReadOnlyList<double>> FrameTimesAsync(Guid itemId)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var video = await db.Assets.SingleAsync(a => a.ItemId == itemId && a.Modality == Modality.Video);
        var frames = (FrameTimes)video.TimeBase;
        return [.. frames.PresentationTimes.Select(t => frames.Offset + t)];
    }
}
