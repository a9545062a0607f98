using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MultimodalAnnotate.EndToEndTests.Support;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.EndToEndTests.Ingest;

/// <summary>A writer creates an item and uploads a video through the browser, watching it upload and process.</summary>
[Collection(BrowserCollection.Name)]
public sealed class UploadThroughUiTests(RunningApp app)
{
    [Fact]
    public async Task NewItem_UploadInTheBrowser_ShowsProgressThenReadyWithThumbnailAndARefusedFileWithItsReason()
    {
        // A project of its own with its own writer, so the demo project the other browser tests count stays as seeded.
        var email = await CreateUploaderProjectAsync();
        var video = await MakeVideoAsync();
        var page = await app.SignInAsync(email);

        await page.ClickAsync("text=Open");
        await page.Locator("[data-testid=item-table]").WaitForAsync();
        await ClickUntilAsync(page, "[data-testid=new-item]", "[data-testid=new-item-form]");
        await page.GetByLabel("Item name").FillAsync("Browser upload");
        await page.ClickAsync("[data-testid=create-item]");
        // Blazor moves to the new item inside the page (history.pushState): the address is polled, since waiting for a
        // navigation event missed it once on a loaded machine (a 60 s timeout with the page already on the item).
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/items/"), new() { Timeout = 30_000 });
        await page.Locator("[data-testid=uploader]").WaitForAsync();

        // Remember every state the page goes through, so fleeting ones (upload progress, processing) are seen too.
        await page.EvaluateAsync("""
            () => {
                window.__seen = [];
                const note = () => document.querySelectorAll('[data-testid=upload-note], [data-testid=media-asset], [data-testid=media-progress-text]')
                    .forEach(e => window.__seen.push((e.dataset.status ? 'status:' + e.dataset.status : e.textContent.trim())));
                new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
            }
            """);
        await page.SetInputFilesAsync("[data-testid=file-input]", video);
        await page.Locator("[data-testid=upload-row]").WaitForAsync();
        (await page.Locator("[data-testid=upload-row] input").Last.InputValueAsync()).Should().Be("cam_front", "the sensor defaults to the file's stem");
        // On loopback the upload is over before the page can show its progress: throttle it as a real link would.
        var devtools = await page.Context.NewCDPSessionAsync(page);
        await devtools.SendAsync("Network.enable");
        await devtools.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false,
            ["latency"] = 20,
            ["downloadThroughput"] = -1,
            ["uploadThroughput"] = Math.Max(new FileInfo(video).Length / 2, 16_384),
        });
        await page.ClickAsync("[data-testid=start-upload]");
        await page.Locator("[data-testid=upload-note]", new() { HasTextString = "uploaded" }).WaitForAsync(new() { Timeout = 60_000 });
        await devtools.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false,
            ["latency"] = 0,
            ["downloadThroughput"] = -1,
            ["uploadThroughput"] = -1,
        });

        var card = page.Locator("[data-testid=media-asset][data-sensor=cam_front]");
        await card.And(page.Locator("[data-status=ready]")).WaitForAsync(new() { Timeout = 120_000 });
        var thumbnail = card.Locator("[data-testid=media-thumbnail]");
        await thumbnail.WaitForAsync();
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await thumbnail.ElementHandleAsync());

        var seen = await page.EvaluateAsync<string[]>("() => window.__seen");
        seen.Should().Contain(s => s.Contains(" of ", StringComparison.Ordinal), "the upload reported its bytes as they went");
        seen.Should().Contain("uploaded — processing");
        seen.Should().Contain(s => s == "status:pending" || s == "status:processing", "the asset was shown waiting or processing before it was ready");
        (await card.Locator("[data-testid=media-status]").InnerTextAsync()).Should().Be("ready");
        (await thumbnail.EvaluateAsync<int>("img => img.naturalWidth")).Should().BeGreaterThan(0);
        (await page.Locator("[data-testid=asset-pane][data-modality=Video] video").CountAsync()).Should().Be(1, "the item page reloads its panes once the asset is ready");

        // A text file named .mp4 next to it: refused on sight, shown with its reason, the video untouched.
        var fake = Path.Combine(Path.GetDirectoryName(video)!, "notes.mp4");
        await File.WriteAllTextAsync(fake, "meeting notes, not a video\n");
        await page.SetInputFilesAsync("[data-testid=file-input]", fake);
        await page.ClickAsync("[data-testid=start-upload]");
        var failed = page.Locator("[data-testid=media-asset][data-sensor=notes]");
        await failed.And(page.Locator("[data-status=failed]")).WaitForAsync();
        (await failed.Locator("[data-testid=media-failure]").InnerTextAsync()).Should().Contain("notes.mp4: the name says an MP4 (ISO media) file but the content is plain text");
        (await card.GetAttributeAsync("data-status")).Should().Be("ready");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RunningApp.ScreenshotFolder, "ingest-upload.png"), FullPage = true });
    }

    /// <summary>
    /// Pages are prerendered: a click that lands before the circuit is interactive is lost. Click until the click
    /// shows its effect.
    /// </summary>
    private static async Task ClickUntilAsync(IPage page, string selector, string effect)
    {
        for (var attempt = 0; ; attempt++)
        {
            await page.ClickAsync(selector);
            try
            {
                await page.Locator(effect).WaitForAsync(new() { Timeout = 3_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 10)
            {
                // Not interactive yet: try again.
            }
        }
    }

    private async Task<string> CreateUploaderProjectAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"uploader-{Guid.NewGuid():N}@test.local";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Uma Uploader" };
        (await users.CreateAsync(user, RunningApp.Password)).Succeeded.Should().BeTrue();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTimeOffset.UtcNow;
        var project = new Project { Name = "Uploads", Description = "Media added through the browser.", CreatedAt = now };
        db.Projects.Add(project);
        db.ProjectMembers.Add(new ProjectMember { ProjectId = project.Id, UserId = user.Id, Role = ProjectRole.Annotator, AddedAt = now });
        db.Batches.Add(new Batch { ProjectId = project.Id, Name = "Incoming", CreatedAt = now });
        await db.SaveChangesAsync();
        return email;
    }

    /// <summary>A 3 s 320×240 clip with sound, made by ffmpeg for this test.</summary>
    private static async Task<string> MakeVideoAsync()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ma-e2e-upload-").FullName, "cam_front.mp4");
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var a in (string[])["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=3",
            "-f", "lavfi", "-i", "sine=frequency=330:sample_rate=44100:duration=3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-shortest", "-movflags", "+faststart", path])
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, stderr);
        return path;
    }
}
