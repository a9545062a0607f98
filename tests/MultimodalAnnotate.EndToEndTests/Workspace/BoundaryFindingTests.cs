using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MultimodalAnnotate.EndToEndTests.Support;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.EndToEndTests.Workspace;

[Collection(WorkspaceCollection.Name)]
public sealed class BoundaryFindingTests(RunningApp app)
{
    [Fact]
    public async Task SpeechSegmentMovedInsideItsTurn_ShowsTheBoundaryWarningWithItsFix_InTheWorkspace()
    {
        // Kitchen conversation, iteration 1: speaker A's turn is 0.2–2.5 s and linked one to one with its speech
        // segment on the mic. The annotator's save moves the segment to 0.9–2.4 s: still inside the turn (TMP-001
        // is content), but 0.7 s late at the start (TMP-008 at the 0.5 s Audio-Text tolerance).
        var itemId = await WorkspaceDriver.ItemIdAsync(app, "Kitchen conversation · iteration 1");
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        Guid segmentId;
        int version;
        string annotatorId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var segment = await db.Annotations.AsNoTracking()
                .Where(a => a.ItemId == itemId && a.GeometryKind == "segment")
                .Join(db.Entities.Where(e => e.Name == "turn 1 (A)"), a => a.EntityId, e => e.Id, (a, e) => a)
                .SingleAsync();
            (segmentId, version) = (segment.Id, segment.Version);
            annotatorId = await db.Users.Where(u => u.Email == "annotator@demo.local").Select(u => u.Id).SingleAsync();
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var saved = await scope.ServiceProvider.GetRequiredService<UpdateAnnotation>().ExecuteAsync(
                new UpdateAnnotation.Request(segmentId, version, Geometry: new TimeSegment(0.9, 2.4)), annotatorId, CancellationToken.None);
            saved.Outcome.Should().Be(WriteOutcome.Ok, string.Join("; ", saved.Errors.Select(e => $"{e.Key}: {e.Value}")));
        }

        var page = await app.SignInAsync("annotator@demo.local");
        await WorkspaceDriver.OpenAsync(page, itemId);

        var finding = page.Locator("[data-testid=finding][data-rule=TMP-008]");
        await finding.WaitForAsync();
        (await finding.GetAttributeAsync("data-status")).Should().Be("Open");
        (await finding.GetAttributeAsync("data-annotations"))!.Should().Contain(segmentId.ToString());
        var text = await finding.InnerTextAsync();
        text.Should().Contain("Warning · TMP-008")
            .And.Contain("(Audio, 0.900–2.400 s)").And.Contain("(Text, 0.200–2.500 s)").And.Contain("linked one to one")
            .And.Contain("starts 0.700 s later").And.Contain("Fix: move the start of the Audio mention on mic by -0.700 s (to 0.200 s)");
        (await page.Locator("[data-testid=finding][data-rule=TMP-001][data-annotations*='" + segmentId + "']").CountAsync())
            .Should().Be(0, "the segment still lies inside its turn");
        // The segment is only in a warning: its row's flag is amber, while turn 2's segment (in the planted TMP-001
        // error) keeps the red one.
        (await page.Locator($"[data-testid=annotation-row][data-annotation='{segmentId}'] .ma-row-flag").GetAttributeAsync("class"))
            .Should().Contain("ma-row-flag-warning");
        var errorRow = page.Locator("[data-testid=annotation-row]", new() { HasText = "turn 2 (B)" }).Locator(".ma-row-flag");
        (await errorRow.GetAttributeAsync("class")).Should().NotContain("ma-row-flag-warning");
        await finding.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = WorkspaceDriver.Screenshot("workspace-boundary-finding.png") });
    }
}
