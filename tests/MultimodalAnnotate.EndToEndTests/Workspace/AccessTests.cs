using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.EndToEndTests.Support;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.EndToEndTests.Workspace;

[Collection(WorkspaceCollection.Name)]
public sealed class AccessTests(RunningApp app)
{
    [Fact]
    public async Task QaLead_OpensWorkspaceFromItemPage_SeesItReadOnlyWithShortcutList()
    {
        var itemId = await WorkspaceDriver.ItemIdAsync(app, "Street crossing · iteration 1");
        var page = await app.SignInAsync("qa@demo.local");
        await page.GotoAsync($"/items/{itemId}");
        await page.ClickAsync("[data-testid=annotate]");
        await page.Locator("[data-testid=workspace][data-interactive=true]").WaitForAsync();

        (await page.Locator("[data-testid=workspace]").GetAttributeAsync("data-can-edit")).Should().Be("false");
        (await page.Locator("[data-testid=read-only]").IsVisibleAsync()).Should().BeTrue();
        (await page.Locator("[data-testid=tool-box]").CountAsync()).Should().Be(0, "a QA lead cannot draw");
        (await page.Locator("[data-testid=pane]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.modality)"))
            .Should().Equal("Image", "PointCloud", "Text");

        await page.Keyboard.PressAsync("?");
        (await page.Locator("[data-testid=shortcuts]").InnerTextAsync()).Should().Contain("Ctrl+Z").And.Contain("Link");
    }

    [Fact]
    public async Task NonMember_GetsNoAccessMessage()
    {
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            if (await users.FindByEmailAsync("outsider@example.org") is null)
            {
                (await users.CreateAsync(new ApplicationUser { UserName = "outsider@example.org", Email = "outsider@example.org", EmailConfirmed = true }, RunningApp.Password))
                    .Succeeded.Should().BeTrue();
            }
        }
        var page = await app.SignInAsync("outsider@example.org");
        await page.GotoAsync($"/items/{await WorkspaceDriver.ItemIdAsync(app, "Street crossing · iteration 2")}/annotate");

        (await page.Locator("[data-testid=no-access]").InnerTextAsync()).Should().Contain("not a member");
        (await page.Locator("[data-testid=workspace]").CountAsync()).Should().Be(0);
    }
}
