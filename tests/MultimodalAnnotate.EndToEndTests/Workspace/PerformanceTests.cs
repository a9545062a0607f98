using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using MultimodalAnnotate.EndToEndTests.Support;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Infrastructure;
using Xunit.Abstractions;

namespace MultimodalAnnotate.EndToEndTests.Workspace;

/// <summary>
/// The numbers in docs/performance.md: frame rate while panning an image with 2,000 boxes, and server memory per open
/// workspace circuit. Both are also guarded with generous bounds so a regression (a DOM node per box, a redraw loop,
/// a circuit holding far more than its item) fails the build.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class PerformanceTests(RunningApp app, ITestOutputHelper output)
{
    private const int Boxes = 2000;
    private const string ParkingLot = "Parking lot (2,000 boxes)";

    [Fact]
    [Trait("Category", "Performance")]
    public async Task ImagePane_Panning2000Boxes_KeepsAFluentFrameRate_AndIdleCostsNoRedraws()
    {
        var itemId = await ParkingLotAsync();
        var page = await app.SignInAsync("annotator@demo.local");
        var opened = Stopwatch.StartNew();
        await WorkspaceDriver.OpenAsync(page, itemId);
        await page.WaitForFunctionAsync("n => document.querySelector('[data-testid=image-canvas]').dataset.shapes === String(n)", Boxes);
        opened.Stop();
        await page.ClickAsync("[data-testid=pane][data-modality=Image] [data-testid=maximise]");
        await page.WaitForTimeoutAsync(300);
        (await page.Locator("[data-testid=image-canvas]").CountAsync()).Should().Be(1, "one canvas, not a node per box");

        // Idle: nothing changes, nothing is drawn.
        await page.EvaluateAsync("() => { window.__maImageStats.draws = 0; window.__maImageStats.drawMs = 0; }");
        await page.WaitForTimeoutAsync(500);
        (await page.EvaluateAsync<int>("() => window.__maImageStats.draws")).Should().Be(0);

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = WorkspaceDriver.Screenshot("workspace-2000-boxes.png") });

        var viewBefore = await page.Locator("[data-testid=image-canvas]").GetAttributeAsync("data-view");
        var (fps, drawsPerSecond, meanDraw) = await PanAsync(page);
        var zoomStep = await ZoomAsync(page);
        var size = (await page.Locator("[data-testid=image-canvas]").BoundingBoxAsync())!;
        (await page.Locator("[data-testid=image-canvas]").GetAttributeAsync("data-view")).Should().NotBe(viewBefore, "the pan moved the view");

        // The same pan over an image with a handful of boxes, in the same browser on the same (shared) machine.
        await WorkspaceDriver.OpenAsync(page, await WorkspaceDriver.ItemIdAsync(app, "Street crossing · iteration 2"));
        await page.ClickAsync("[data-testid=pane][data-modality=Image] [data-testid=maximise]");
        await page.WaitForTimeoutAsync(300);
        var (baselineFps, _, baselineDraw) = await PanAsync(page);

        Report($"open to all {Boxes} boxes on the canvas: {opened.ElapsedMilliseconds} ms");
        Report($"canvas {size.Width:0} × {size.Height:0} px, the whole image in view");
        Report($"panning {Boxes} boxes: {fps:0.0} animation frames/s, {drawsPerSecond:0.0} canvas redraws/s, mean redraw {meanDraw:0.00} ms ({meanDraw / 16.7:P0} of a 60 Hz frame)");
        Report($"zooming {Boxes} boxes with the wheel: mean redraw {zoomStep.Step:0.00} ms per wheel step; crisp layer {zoomStep.Settle:0.0} ms once the wheel rests");
        Report($"panning the street image (a few boxes): {baselineFps:0.0} animation frames/s, mean redraw {baselineDraw:0.00} ms");
        Report($"machine load average while measuring: {(await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0]} on {Environment.ProcessorCount} cores");

        fps.Should().BeGreaterThan(0.75 * baselineFps, "2,000 boxes must not slow panning down noticeably against a nearly empty image");
        meanDraw.Should().BeLessThan(8, "a redraw of 2,000 boxes must take well under one 60 Hz frame");
        drawsPerSecond.Should().BeGreaterThan(0.8 * fps, "the canvas follows the pan frame by frame");
    }

    /// <summary>
    /// Ten wheel steps (zoom in and out), one per animation frame: returns the mean redraw time during the steps and the
    /// time of the one redraw that paints the base layer again once the wheel rests.
    /// </summary>
    private static async Task<(double Step, double Settle)> ZoomAsync(IPage page)
    {
        var r = await page.EvaluateAsync<double[]>(
            @"async () => {
                const canvas = document.querySelector('[data-testid=image-canvas]');
                const r = canvas.getBoundingClientRect();
                const stats = window.__maImageStats;
                stats.draws = 0; stats.drawMs = 0;
                for (let i = 0; i < 10; i++) {
                    await new Promise(done => requestAnimationFrame(done));
                    canvas.dispatchEvent(new WheelEvent('wheel', { clientX: r.x + r.width / 2, clientY: r.y + r.height / 2, deltaY: i < 5 ? -120 : 120, bubbles: true, cancelable: true }));
                }
                await new Promise(done => requestAnimationFrame(done));
                await new Promise(done => requestAnimationFrame(done));
                const step = stats.drawMs / Math.max(1, stats.draws);
                stats.draws = 0; stats.drawMs = 0;
                await new Promise(done => setTimeout(done, 400));
                return [step, stats.drawMs / Math.max(1, stats.draws)];
            }");
        return (r[0], r[1]);
    }

    /// <summary>
    /// Pans for 1.5 s with the middle button, one pointer move per animation frame (as browsers deliver them while
    /// dragging), and returns animation frames per second, canvas redraws per second and the mean redraw time.
    /// </summary>
    private static async Task<(double Fps, double DrawsPerSecond, double MeanDrawMs)> PanAsync(IPage page)
    {
        var canvas = (await page.Locator("[data-testid=image-canvas]").BoundingBoxAsync())!;
        var result = await page.EvaluateAsync<double[]>(
            @"async ({ x, y }) => {
                const canvas = document.querySelector('[data-testid=image-canvas]');
                const stats = window.__maImageStats;
                stats.draws = 0; stats.drawMs = 0;
                const at = (cx, cy) => ({ clientX: cx, clientY: cy, button: 1, buttons: 4, pointerId: 1, pointerType: 'mouse', bubbles: true });
                canvas.dispatchEvent(new PointerEvent('pointerdown', at(x, y)));
                let frames = 0;
                const start = performance.now();
                await new Promise(done => {
                    const tick = now => {
                        frames++;
                        const t = now - start;
                        const dx = 150 * Math.sin(t / 300);
                        canvas.dispatchEvent(new PointerEvent('pointermove', at(x + dx, y + dx / 3)));
                        if (t < 1500) requestAnimationFrame(tick); else done();
                    };
                    requestAnimationFrame(tick);
                });
                canvas.dispatchEvent(new PointerEvent('pointerup', at(x, y)));
                const seconds = (performance.now() - start) / 1000;
                return [seconds, frames, stats.draws, stats.drawMs];
            }",
            new { x = (double)(canvas.X + (canvas.Width / 2)), y = (double)(canvas.Y + (canvas.Height / 2)) });
        var (seconds, frames, draws, drawMs) = (result[0], result[1], result[2], result[3]);
        return (frames / seconds, draws / seconds, draws == 0 ? 0 : drawMs / draws);
    }

    [Fact]
    [Trait("Category", "Performance")]
    public async Task OpenWorkspaces_CostAFewMegabytesOfServerMemoryEach()
    {
        const int circuits = 4;
        var street = await WorkspaceDriver.ItemIdAsync(app, "Street crossing · iteration 2");
        var parking = await ParkingLotAsync();
        var browser = await app.SignInAsync("annotator@demo.local");
        await WorkspaceDriver.OpenAsync(browser, street);
        var cookies = await browser.Context.CookiesAsync();

        foreach (var (name, item) in new[] { ("street item (3 assets, 9 annotations)", street), ($"parking lot ({Boxes} boxes)", parking) })
        {
            var before = Heap();
            var pages = await Task.WhenAll(Enumerable.Range(0, circuits).Select(async _ =>
            {
                var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
                await context.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
                var page = await context.NewPageAsync();
                await WorkspaceDriver.OpenAsync(page, item);
                return page;
            }));
            var perCircuit = (Heap() - before) / circuits;
            Report($"{name}: {perCircuit / 1024.0 / 1024.0:0.00} MB managed heap per open workspace circuit ({circuits} circuits)");
            perCircuit.Should().BeLessThan(item == street ? 4L << 20 : 24L << 20);
            foreach (var page in pages)
            {
                await page.Context.CloseAsync();
            }
        }
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine($"[workspace performance] {line}");
    }

    /// <summary>A generated 1920 × 1080 "parking lot" image with 2,000 cars, each labelled with a box, in the demo project.</summary>
    private async Task<Guid> ParkingLotAsync()
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        if (await db.Items.Where(i => i.Name == ParkingLot).Select(i => (Guid?)i.Id).FirstOrDefaultAsync() is { } existing)
        {
            return existing;
        }
        var street = await db.Items.SingleAsync(i => i.Name == "Street crossing · iteration 2");
        var car = await db.OntologyClasses.SingleAsync(c => c.ProjectId == street.ProjectId && c.Name == "car");
        var annotator = await db.Users.Where(u => u.Email == "annotator@demo.local").Select(u => u.Id).SingleAsync();
        var (width, height, columns) = (1920, 1080, 50);
        var cells = Enumerable.Range(0, Boxes).Select(i => new Box2D(4 + (i % columns * 38.3), 6 + (i / columns * 26.8), 30, 18)).ToList();

        var root = app.Services.GetRequiredService<IOptions<MediaOptions>>().Value.Root;
        Directory.CreateDirectory(Path.Combine(root, "perf"));
        using (var black = NetVips.Image.Black(width, height, bands: 3))
        using (var image = black.Mutate(m =>
        {
            m.DrawRect([70, 72, 78], 0, 0, width, height, fill: true);
            foreach (var (b, i) in cells.Select((b, i) => (b, i)))
            {
                m.DrawRect([(i * 37) % 200 + 40, (i * 91) % 200 + 40, (i * 53) % 200 + 40], (int)b.X + 2, (int)b.Y + 2, 26, 14, fill: true);
            }
        }))
        {
            image.WriteToFile(Path.Combine(root, "perf", "parking.png"));
        }

        var now = DateTimeOffset.UtcNow;
        var item = new Item { ProjectId = street.ProjectId, BatchId = street.BatchId, Name = ParkingLot, CreatedAt = now, UpdatedAt = now };
        var asset = new Asset
        {
            ItemId = item.Id, Modality = Modality.Image, Sensor = "cam_top", TimeBase = new CaptureTime(), MediaKey = "perf/parking.png",
            ContentType = "image/png", Width = width, Height = height, CreatedAt = now,
        };
        db.Items.Add(item);
        db.Assets.Add(asset);
        foreach (var box in cells)
        {
            var (start, end, granularity) = AnnotationDerivation.Derive(asset, box);
            db.Annotations.Add(new Annotation
            {
                ItemId = item.Id, AssetId = asset.Id, ClassId = car.Id, Geometry = box, GeometryKind = "box2d", TimeStart = start, TimeEnd = end,
                Granularity = granularity, AuthorId = annotator, CreatedAt = now, UpdatedAt = now,
            });
        }
        await db.SaveChangesAsync();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {ParkingLot}: {width}×{height}, {Boxes} boxes"));
        return item.Id;
    }
}
