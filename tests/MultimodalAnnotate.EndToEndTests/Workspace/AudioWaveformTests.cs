using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MultimodalAnnotate.EndToEndTests.Support;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;

namespace MultimodalAnnotate.EndToEndTests.Workspace;

[Collection(WorkspaceCollection.Name)]
public sealed class AudioWaveformTests(RunningApp app)
{
    // The kitchen audio: speaker A's tone 0.2–2.5 s, speaker B's 3.0–5.5 s, silence between (DemoMedia).
    private const string Item = "Kitchen conversation · iteration 2";

    [Fact]
    public async Task AudioPane_DrawsTheWaveformFromItsPeaks_SeeksOnClick_AndADragDrawsALabelledSegment()
    {
        var itemId = await WorkspaceDriver.ItemIdAsync(app, Item);
        var (audioId, duration) = await AudioAsync(itemId);
        var page = await app.SignInAsync("annotator@demo.local");
        await WorkspaceDriver.OpenAsync(page, itemId);
        var waveform = page.Locator("[data-testid=pane][data-modality=Audio] [data-testid=waveform]");
        await page.Locator("[data-testid=waveform][data-state=ready]").WaitForAsync();
        int.Parse((await waveform.GetAttributeAsync("data-buckets"))!, CultureInfo.InvariantCulture).Should().BeGreaterThan(0);

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = WorkspaceDriver.Screenshot("workspace-audio-waveform.png") });

        // The waveform is tall where a speaker's tone plays and flat in the pause between the turns.
        var pause = await InkAtAsync(page, 2.75 / duration);
        pause.Should().BeLessThan(6, "nobody speaks at 2.75 s");
        (await InkAtAsync(page, 1.0 / duration)).Should().BeGreaterThan(Math.Max(20, 5 * pause), "speaker A's tone plays at 1.0 s");
        (await InkAtAsync(page, 4.0 / duration)).Should().BeGreaterThan(Math.Max(20, 5 * pause), "speaker B's tone plays at 4.0 s");

        // A click seeks the shared clock to that time of the audio.
        var box = (await waveform.BoundingBoxAsync())!;
        var secondsPerPixel = duration / box.Width;
        await waveform.ClickAsync(new() { Position = new() { X = (float)(box.Width * 4.0 / duration), Y = 40 } });
        await page.WaitForFunctionAsync(
            "a => Math.abs(Number(document.querySelector('[data-testid=timeline]').dataset.time) - a[0]) <= a[1]",
            new object[] { 4.0, 3 * secondsPerPixel });

        // …and selects the segment under it: speaker B's speech (2.1–4.6 s, planted 0.9 s early), outlined on the waveform.
        await page.Locator("[data-testid=pane][data-modality=Audio] [data-testid=annotation-row].ma-selected[data-label=speech]").WaitForAsync();
        (await page.Locator("[data-testid=pane][data-modality=Audio] [data-testid=annotation-row].ma-selected").InnerTextAsync()).Should().Contain("2.10 s");

        // A drag from 0.5 s to 1.5 s draws a segment; the label picker names it, and it is saved on this audio.
        await WorkspaceDriver.DragAsync(page, ((float)(box.X + (box.Width * 0.5 / duration)), box.Y + 50), ((float)(box.X + (box.Width * 1.5 / duration)), box.Y + 50));
        await page.FillAsync("[data-testid=label-search]", "bark");
        (await WorkspaceDriver.SaveAsync(page, () => page.PressAsync("[data-testid=label-search]", "Enter"))).Should().Be("Saved");
        var segment = await BarkSegmentAsync(itemId, audioId);
        segment.Should().NotBeNull("the drag created a bark segment on the audio");
        segment!.Start.Should().BeApproximately(0.5, 3 * secondsPerPixel);
        segment.End.Should().BeApproximately(1.5, 3 * secondsPerPixel);
        await page.Locator("[data-testid=pane][data-modality=Audio] [data-testid=annotation-row][data-label=bark]").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = WorkspaceDriver.Screenshot("workspace-audio-segment.png") });

        // Dragging its end edge to 2.0 s moves the end and keeps the start.
        var y = box.Y + 70;
        (await WorkspaceDriver.SaveAsync(page, () => WorkspaceDriver.DragAsync(page, (XOf(segment.End), y), (XOf(2.0), y)))).Should().Be("Saved");
        var resized = await BarkSegmentAsync(itemId, audioId);
        resized!.Start.Should().Be(segment.Start);
        resized.End.Should().BeApproximately(2.0, 3 * secondsPerPixel);

        // Dragging inside the (selected) segment moves all of it by the drag.
        (await WorkspaceDriver.SaveAsync(page, () => WorkspaceDriver.DragAsync(page, (XOf(1.0), y), (XOf(1.5), y)))).Should().Be("Saved");
        var moved = await BarkSegmentAsync(itemId, audioId);
        moved!.Start.Should().BeApproximately(resized.Start + 0.5, 3 * secondsPerPixel);
        (moved.End - moved.Start).Should().BeApproximately(resized.End - resized.Start, 0.0015, "a move keeps the length");

        // Undo takes the three edits back (the other tests use this item as seeded).
        await WorkspaceDriver.SaveAsync(page, () => page.ClickAsync("[data-testid=undo]"));
        (await BarkSegmentAsync(itemId, audioId))!.Start.Should().Be(resized.Start);
        await WorkspaceDriver.SaveAsync(page, () => page.ClickAsync("[data-testid=undo]"));
        (await BarkSegmentAsync(itemId, audioId))!.End.Should().Be(segment.End);
        await WorkspaceDriver.SaveAsync(page, () => page.ClickAsync("[data-testid=undo]"));
        (await BarkSegmentAsync(itemId, audioId)).Should().BeNull();

        // The wheel zooms around the pointer: 1.0 s stays under it while the view narrows; clicks then map into the view.
        await page.Mouse.MoveAsync(XOf(1.0), y);
        for (var i = 0; i < 4; i++)
        {
            await page.Mouse.WheelAsync(0, -100);
        }
        await page.WaitForFunctionAsync("d => Number(document.querySelector('[data-testid=pane][data-modality=Audio] [data-testid=waveform]').dataset.viewEnd) - Number(document.querySelector('[data-testid=pane][data-modality=Audio] [data-testid=waveform]').dataset.viewStart) < d / 4", duration);
        var (viewStart, viewEnd) = await ViewAsync(page);
        viewStart.Should().BeLessThan(1.0);
        viewEnd.Should().BeGreaterThan(1.0);
        ((1.0 - viewStart) / (viewEnd - viewStart)).Should().BeApproximately(1.0 / duration, 0.02, "the time under the pointer stays under it");
        await waveform.ClickAsync(new() { Position = new() { X = box.Width / 2, Y = 40 } });
        await page.WaitForFunctionAsync(
            "a => Math.abs(Number(document.querySelector('[data-testid=timeline]').dataset.time) - a[0]) <= a[1]",
            new object[] { (viewStart + viewEnd) / 2, 3 * (viewEnd - viewStart) / box.Width });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = WorkspaceDriver.Screenshot("workspace-audio-zoomed.png") });

        // A double-click shows the whole audio again.
        await waveform.DblClickAsync(new() { Position = new() { X = box.Width / 2, Y = 40 } });
        await page.WaitForFunctionAsync("d => Number(document.querySelector('[data-testid=pane][data-modality=Audio] [data-testid=waveform]').dataset.viewEnd) >= d - 0.001", duration);

        float XOf(double seconds) => (float)(box.X + 1 + ((box.Width - 2) * seconds / duration));
    }

    [Fact]
    public async Task YardMicrophone_ShowsTheBarkBurstsUnderTheirSegments_ToAReviewer()
    {
        // The yard's microphone: a quiet 180 Hz hum throughout, loud noise bursts at 1.0–1.3 s and 2.6–2.9 s, each
        // labelled "bark"; a reviewer sees the same waveform.
        var itemId = await WorkspaceDriver.ItemIdAsync(app, "Dog barking in the yard · iteration 1");
        var (_, duration) = await AudioAsync(itemId);
        var page = await app.SignInAsync("reviewer@demo.local");
        await WorkspaceDriver.OpenAsync(page, itemId);
        await page.Locator("[data-testid=waveform][data-state=ready]").WaitForAsync();
        await page.Locator("[data-testid=pane][data-modality=Audio]").ScreenshotAsync(new() { Path = WorkspaceDriver.Screenshot("workspace-audio-yard.png") });

        var hum = await InkAtAsync(page, 2.0 / duration);
        hum.Should().BeGreaterThan(0, "the hum is drawn too");
        (await InkAtAsync(page, 1.15 / duration)).Should().BeGreaterThan(2 * hum, "the first bark burst is louder than the hum");
        (await InkAtAsync(page, 2.75 / duration)).Should().BeGreaterThan(2 * hum, "the second bark burst is louder than the hum");
    }

    private static async Task<(double Start, double End)> ViewAsync(IPage page)
    {
        var waveform = page.Locator("[data-testid=pane][data-modality=Audio] [data-testid=waveform]");
        return (double.Parse((await waveform.GetAttributeAsync("data-view-start"))!, CultureInfo.InvariantCulture),
            double.Parse((await waveform.GetAttributeAsync("data-view-end"))!, CultureInfo.InvariantCulture));
    }

    /// <summary>Waveform-coloured pixels in the canvas column at a fraction of its width.</summary>
    private static Task<int> InkAtAsync(IPage page, double fraction) => page.EvaluateAsync<int>(
        @"f => {
            const c = document.querySelector('[data-testid=pane][data-modality=Audio] [data-testid=waveform]');
            const x = Math.min(c.width - 1, Math.round(f * c.width));
            const data = c.getContext('2d').getImageData(x, 0, 1, c.height).data;
            let ink = 0;
            for (let i = 0; i < data.length; i += 4) if (data[i] === 0x54 && data[i + 1] === 0x6e && data[i + 2] === 0x7a) ink++;
            return ink;
        }", fraction);

    private async Task<(Guid Id, double Duration)> AudioAsync(Guid itemId)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var audio = await db.Assets.SingleAsync(a => a.ItemId == itemId && a.Modality == Modality.Audio);
        var clock = (SampleClock)audio.TimeBase;
        return (audio.Id, (double)clock.SampleCount / clock.SampleRate);
    }

    private async Task<TimeSegment?> BarkSegmentAsync(Guid itemId, Guid audioId)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var projectId = await db.Items.Where(i => i.Id == itemId).Select(i => i.ProjectId).SingleAsync();
        var bark = await db.OntologyClasses.Where(c => c.ProjectId == projectId && c.Name == "bark").Select(c => c.Id).SingleAsync();
        var annotations = await db.Annotations.Where(a => a.ItemId == itemId && a.AssetId == audioId && a.ClassId == bark).ToListAsync();
        return annotations.Select(a => a.Geometry).OfType<TimeSegment>().SingleOrDefault();
    }
}
