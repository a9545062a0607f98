using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MultimodalAnnotate.EndToEndTests.Support;
using MultimodalAnnotate.Web.Data;

namespace MultimodalAnnotate.EndToEndTests.Workspace;

/// <summary>The workspace's own app + browser: its tests edit demo items, so they do not share the store with other collections.</summary>
[CollectionDefinition(Name)]
public sealed class WorkspaceCollection : ICollectionFixture<RunningApp>
{
    public const string Name = "Workspace browser";
}

/// <summary>Steps the workspace tests share: open an item's workspace once it is interactive, map image pixels to the screen.</summary>
internal static class WorkspaceDriver
{
    public static async Task<Guid> ItemIdAsync(RunningApp app, string name)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.Items.Where(i => i.Name == name).Select(i => i.Id).SingleAsync();
    }

    /// <summary>Opens the workspace and waits until the circuit is connected and the panes' browser modules are running.</summary>
    public static async Task OpenAsync(IPage page, Guid itemId)
    {
        await page.GotoAsync($"/items/{itemId}/annotate");
        await page.Locator("[data-testid=workspace][data-interactive=true]").WaitForAsync();
        if (await page.Locator("[data-testid=image-canvas]").CountAsync() > 0)
        {
            await page.Locator("[data-testid=image-canvas][data-shapes]").First.WaitForAsync();
        }
    }

    /// <summary>Where an image pixel is on the screen, from the view the canvas module publishes (scale, translation).</summary>
    public static async Task<(float X, float Y)> ScreenPointAsync(IPage page, double x, double y)
    {
        var canvas = page.Locator("[data-testid=image-canvas]").First;
        var box = (await canvas.BoundingBoxAsync())!;
        var view = (await canvas.GetAttributeAsync("data-view"))!.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return ((float)(box.X + view[1] + (x * view[0])), (float)(box.Y + view[2] + (y * view[0])));
    }

    public static async Task DragAsync(IPage page, (float X, float Y) from, (float X, float Y) to)
    {
        await page.Mouse.MoveAsync(from.X, from.Y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((from.X + to.X) / 2, (from.Y + to.Y) / 2, new() { Steps = 3 });
        await page.Mouse.MoveAsync(to.X, to.Y, new() { Steps = 3 });
        await page.Mouse.UpAsync();
    }

    /// <summary>Does <paramref name="action"/> and waits until the save it causes has finished, returning the indicator's state.</summary>
    public static async Task<string> SaveAsync(IPage page, Func<Task> action)
    {
        var indicator = page.Locator("[data-testid=save-state]");
        var before = int.Parse((await indicator.GetAttributeAsync("data-saves"))!, CultureInfo.InvariantCulture);
        await action();
        await page.WaitForFunctionAsync(
            "n => Number(document.querySelector('[data-testid=save-state]').dataset.saves) > n", before);
        return (await indicator.GetAttributeAsync("data-state"))!;
    }

    public static string Screenshot(string name) => Path.Combine(RunningApp.ScreenshotFolder, name);
}
