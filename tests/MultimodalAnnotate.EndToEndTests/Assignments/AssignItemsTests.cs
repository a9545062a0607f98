using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MultimodalAnnotate.EndToEndTests.Support;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.EndToEndTests.Assignments;

/// <summary>
/// A team lead hands out a fresh batch on the project page: spreads it over the team, adds a blind second annotator
/// to one item; a reviewer of the same project sees who works on what but cannot change it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AssignItemsTests(RunningApp app)
{
    [Fact]
    public async Task ProjectAdmin_DistributesABatchAndAddsAnOverlapAnnotator_AReviewerSeesTheAssigneesReadOnly()
    {
        // A project of its own, so the demo project the other browser tests count stays as seeded.
        var team = await CreateTeamProjectAsync();
        var lead = await app.SignInAsync(team.Lead);
        await lead.GotoAsync($"/projects/{team.ProjectId}");
        await lead.Locator("[data-testid=assign-bar]").WaitForAsync();
        (await lead.Locator("[data-testid=assignee]").AllInnerTextsAsync()).Should().OnlyContain(t => t.Trim() == "unassigned");

        await ClickUntilAsync(lead, "[data-testid=distribute-batch]", "[data-testid=assignee-chip]");

        await Assertions.Expect(lead.Locator("[data-testid=assignee-chip]")).ToHaveCountAsync(5);
        var chips = await lead.Locator("[data-testid=assignee-chip]").AllTextContentsAsync();
        chips.GroupBy(c => c.Trim()).Select(g => (g.Key, g.Count())).Should().BeEquivalentTo(
            [("Ann Annotator", 2), ("Ben Boxer", 2), ("Cleo Captioner", 1)], "five items over three annotators, in turn");

        var first = lead.Locator("[data-testid=item-table] tbody tr").First;
        await first.Locator("input[type=checkbox]").CheckAsync();
        await Assertions.Expect(lead.Locator("[data-testid=assign-items]")).ToHaveTextAsync("Assign 1 selected");
        await lead.Locator("[data-testid=assign-annotator]").ClickAsync();
        await lead.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "Cleo Captioner" }).ClickAsync();
        await lead.GetByLabel("as overlap (blind)").CheckAsync();
        await lead.Locator("[data-testid=assign-items]").ClickAsync();
        await lead.Locator(".mud-snackbar", new() { HasTextString = "1 item assigned to Cleo Captioner as overlap (blind) annotator." }).WaitForAsync();
        var overlap = first.Locator("[data-testid=assignee-chip][data-overlap=true]");
        await Assertions.Expect(overlap).ToHaveTextAsync("Cleo Captioner (overlap)");
        // Both messages fully faded in, for a steady picture.
        await lead.WaitForFunctionAsync("() => [...document.querySelectorAll('.mud-snackbar')].every(e => getComputedStyle(e).opacity === '1')");
        await lead.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RunningApp.ScreenshotFolder, "project-assignments.png"), FullPage = true });

        var reviewer = await app.SignInAsync(team.Reviewer);
        await reviewer.GotoAsync($"/projects/{team.ProjectId}");
        await reviewer.Locator("[data-testid=item-table]").WaitForAsync();
        (await reviewer.Locator("[data-testid=assignee-chip]").CountAsync()).Should().Be(6, "the reviewer sees every annotator");
        (await reviewer.Locator("[data-testid=assign-bar]").CountAsync()).Should().Be(0);
        (await reviewer.Locator("[data-testid=item-table] input[type=checkbox]").CountAsync()).Should().Be(0);
        (await reviewer.Locator("[data-testid=assignee-chip] .mud-chip-close-button").CountAsync()).Should().Be(0);
    }

    private sealed record Team(Guid ProjectId, string Lead, string Reviewer);

    private async Task<Team> CreateTeamProjectAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTimeOffset.UtcNow;
        var project = new Project { Name = "Team assignments", Description = "A fresh batch to hand out.", CreatedAt = now };
        db.Projects.Add(project);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        async Task<string> MemberAsync(string name, ProjectRole role)
        {
            var email = $"{name.Split(' ')[0].ToLowerInvariant()}-{suffix}@team.test";
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
            (await users.CreateAsync(user, RunningApp.Password)).Succeeded.Should().BeTrue();
            db.ProjectMembers.Add(new ProjectMember { ProjectId = project.Id, UserId = user.Id, Role = role, AddedAt = now });
            return email;
        }
        var lead = await MemberAsync("Tess Lead", ProjectRole.Admin);
        await MemberAsync("Ann Annotator", ProjectRole.Annotator);
        await MemberAsync("Ben Boxer", ProjectRole.Annotator);
        await MemberAsync("Cleo Captioner", ProjectRole.Annotator);
        var reviewer = await MemberAsync("Rita Reviewer", ProjectRole.Reviewer);
        var batch = new Batch { ProjectId = project.Id, Name = "Parking lots", Iteration = 1, CreatedAt = now };
        db.Batches.Add(batch);
        for (var i = 1; i <= 5; i++)
        {
            db.Items.Add(new Item { ProjectId = project.Id, BatchId = batch.Id, Name = $"parking lot {i:0000}", CreatedAt = now, UpdatedAt = now });
        }
        await db.SaveChangesAsync();
        return new Team(project.Id, lead, reviewer);
    }

    /// <summary>Pages are prerendered: a click that lands before the circuit is interactive is lost. Click until it shows its effect.</summary>
    private static async Task ClickUntilAsync(IPage page, string selector, string effect)
    {
        for (var attempt = 0; ; attempt++)
        {
            await page.ClickAsync(selector);
            try
            {
                await page.Locator(effect).First.WaitForAsync(new() { Timeout = 3_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 10)
            {
                // Not interactive yet: try again.
            }
        }
    }
}
