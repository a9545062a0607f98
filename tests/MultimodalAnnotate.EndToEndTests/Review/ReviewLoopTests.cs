using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MultimodalAnnotate.EndToEndTests.Support;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.EndToEndTests.Review;

/// <summary>
/// The review loop in Chromium on the seeded demo: the annotator submits the kitchen item of iteration 2 with a
/// finding, the reviewer waives one finding and returns the item, the annotator fixes it and submits again, the
/// reviewer approves, and the QA dashboard shows iteration 2's sync-error rate fall. Label edits go through the
/// annotation use case (the workspace has its own browser tests); every review step is clicked.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReviewLoopTests(RunningApp app)
{
    private const string Kitchen = "Kitchen conversation · iteration 2";

    [Fact]
    public async Task ReviewLoop_SubmitWaiveReturnFixApprove_DashboardShowsIterationTwoFalling()
    {
        var qa = await app.SignInAsync("qa@demo.local");
        var dashboardUrl = await OpenDashboardAsync(qa);
        (await qa.Locator("[data-testid=trend]").InnerTextAsync()).Should().Contain("Iteration 2: 12.5 %");

        // The annotator mislabels speaker A's audio as a bark, then submits from their queue: validation flags it.
        await RelabelTurnOneAudioAsync("bark");
        var annotator = await app.SignInAsync("annotator@demo.local");
        await SubmitFromQueueAsync(annotator);

        // The reviewer finds it at the top of the review queue, waives the timing finding and returns the item.
        var reviewer = await app.SignInAsync("reviewer@demo.local");
        await reviewer.GotoAsync("/review");
        await WaitInteractiveAsync(reviewer);
        var first = reviewer.Locator("[data-testid=review-queue] tbody tr").First;
        (await first.InnerTextAsync()).Should().Contain(Kitchen).And.Contain("flagged");
        await reviewer.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RunningApp.ScreenshotFolder, "review-queue.png"), FullPage = true });
        await first.Locator("a").First.ClickAsync();
        await WaitInteractiveAsync(reviewer);
        await reviewer.ClickAsync("[data-testid=start-review]");
        var timing = reviewer.Locator("[data-finding-id][data-rule='TMP-001']");
        await timing.Locator("[data-testid=waive-finding]").ClickAsync();
        await timing.Locator("[data-testid=waive-reason] input, input[data-testid=waive-reason]").FillAsync("B starts talking while A is still finishing: overlapping speech.");
        await timing.Locator("[data-testid=waive-submit]").ClickAsync();
        await reviewer.Locator("[data-finding-id][data-rule='TMP-001'][data-status=Waived]").WaitForAsync();
        await reviewer.Locator("[data-testid=return-comment] input, input[data-testid=return-comment]").FillAsync("Turn 1 is speech, not a bark: relabel the audio segment.");
        await reviewer.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RunningApp.ScreenshotFolder, "review-item.png"), FullPage = true });
        await reviewer.ClickAsync("[data-testid=return]");
        await reviewer.Locator("[data-testid=item-status][data-status=Returned]").WaitForAsync();
        var reviewUrl = reviewer.Url;

        // The annotator sees the comment in the queue, fixes the label and submits again: clean now.
        await annotator.GotoAsync("/queue");
        await WaitInteractiveAsync(annotator);
        (await annotator.Locator("[data-testid=return-comment]").AllInnerTextsAsync()).Should().Contain(t => t.Contains("relabel the audio segment", StringComparison.Ordinal));
        await RelabelTurnOneAudioAsync("speech");
        await SubmitFromQueueAsync(annotator);

        // The reviewer approves.
        await reviewer.GotoAsync(reviewUrl);
        await WaitInteractiveAsync(reviewer);
        await reviewer.ClickAsync("[data-testid=start-review]");
        await reviewer.ClickAsync("[data-testid=approve]");
        await reviewer.Locator("[data-testid=item-status][data-status=Approved]").WaitForAsync();
        (await reviewer.Locator("[data-testid=decision-timeline]").InnerTextAsync()).Should().Contain("waived TMP-001").And.Contain("in review → approved");

        // The QA dashboard: iteration 2 now meets every target.
        await qa.GotoAsync(dashboardUrl);
        await WaitInteractiveAsync(qa);
        (await qa.Locator("[data-testid=trend]").InnerTextAsync()).Should().Contain("Iteration 2: 0 %").And.Contain("every target met");
        await qa.Locator("[data-testid=iteration-rates] svg").First.WaitForAsync();
        await qa.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RunningApp.ScreenshotFolder, "dashboard.png"), FullPage = true });
        await qa.ClickAsync("[data-testid=drill-waived]");
        (await qa.Locator("[data-testid=drill-down]").InnerTextAsync()).Should().Contain(Kitchen);
    }

    private static async Task<string> OpenDashboardAsync(IPage page)
    {
        await page.GotoAsync("/dashboard");
        await page.Locator("[data-testid=dashboard-projects] a").First.ClickAsync();
        await page.Locator("[data-testid=trend]").WaitForAsync();
        await WaitInteractiveAsync(page);
        return page.Url;
    }

    private static async Task SubmitFromQueueAsync(IPage annotator)
    {
        await annotator.GotoAsync("/queue");
        await WaitInteractiveAsync(annotator);
        var row = annotator.Locator("[data-testid=annotator-queue] tbody tr", new() { HasText = Kitchen });
        await row.Locator("[data-testid=submit-item]").ClickAsync();
        await annotator.Locator("[data-testid=annotator-queue] tbody tr", new() { HasText = Kitchen }).WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    private static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("span[data-testid=interactive]:not([hidden])").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>What the annotator does in the workspace: relabel the audio mention of dialogue turn 1.</summary>
    private async Task RelabelTurnOneAudioAsync(string label)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var annotation = await db.Annotations.AsNoTracking()
            .Join(db.Entities, a => a.EntityId, e => e.Id, (a, e) => new { a, e.Name })
            .Join(db.Assets, x => x.a.AssetId, s => s.Id, (x, s) => new { x.a, x.Name, s.Modality })
            .Join(db.Items, x => x.a.ItemId, i => i.Id, (x, i) => new { x.a, x.Name, x.Modality, Item = i.Name })
            .Where(x => x.Item == Kitchen && x.Name == "turn 1 (A)" && x.Modality == Modality.Audio)
            .Select(x => x.a)
            .SingleAsync();
        var annotator = await db.Users.Where(u => u.Email == "annotator@demo.local").Select(u => u.Id).SingleAsync();
        var result = await scope.ServiceProvider.GetRequiredService<UpdateAnnotation>()
            .ExecuteAsync(new UpdateAnnotation.Request(annotation.Id, annotation.Version, Label: label), annotator, CancellationToken.None);
        result.Outcome.Should().Be(WriteOutcome.Ok, string.Join("; ", result.Errors.Values));
    }
}
