using Microsoft.Playwright;
using MultimodalAnnotate.EndToEndTests.Support;

namespace MultimodalAnnotate.EndToEndTests.Workspace;

[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceSmokeTests(RunningApp app)
{
    [Fact]
    public async Task Workspace_Street_ShowsPanes()
    {
        var page = await app.SignInAsync("annotator@demo.local");
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        await WorkspaceDriver.OpenAsync(page, await WorkspaceDriver.ItemIdAsync(app, "Street crossing · iteration 2"));
        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = WorkspaceDriver.Screenshot("workspace-dev.png") });
        errors.Should().BeEmpty();
    }
}
