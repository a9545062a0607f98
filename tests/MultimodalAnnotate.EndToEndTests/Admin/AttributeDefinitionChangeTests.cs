using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MultimodalAnnotate.EndToEndTests.Support;
using MultimodalAnnotate.Web.Data;

namespace MultimodalAnnotate.EndToEndTests.Admin;

/// <summary>
/// An admin narrows an attribute definition on the ontology tab; the re-validation flags the annotation whose value
/// is no longer allowed (SEM-011), and a reviewer sees it on the item's review page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AttributeDefinitionChangeTests(RunningApp app)
{
    [Fact]
    public async Task Admin_TakesAnEnumerationValueOut_TheReviewPageShowsTheAnnotationThatHoldsIt()
    {
        var page = await app.SignInAsync("admin@demo.local");
        await page.ClickAsync("text=Open");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/projects/"), new() { Timeout = 30_000 });
        var adminUrl = page.Url.TrimEnd('/') + "/admin";
        var original = await OpenOntologyTabAsync(page, adminUrl);
        try
        {
            // The demo's dialogue turns carry a sentiment; the first one is 'neutral'. It is taken out of the definition.
            var narrowed = JsonNode.Parse(original)!.AsObject();
            var sentiment = narrowed["attributes"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "sentiment")!;
            var values = sentiment["values"]!.AsArray();
            values.Remove(values.Single(v => v!.GetValue<string>() == "neutral"));
            await SaveAndWaitAsync(page, narrowed.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

            var (itemId, annotationId) = await AnnotationWithAsync("neutral");
            await page.GotoAsync($"{app.BaseUrl}/review/{itemId}");
            var finding = page.Locator("[data-rule=SEM-011]");
            await finding.First.WaitForAsync();
            (await finding.CountAsync()).Should().Be(1);
            (await finding.InnerTextAsync()).Should().Contain("sentiment 'neutral' is not one of positive, negative");
            (await finding.GetAttributeAsync("data-status")).Should().Be("Open");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RunningApp.ScreenshotFolder, "review-attribute-value.png"), FullPage = true });
            annotationId.Should().NotBeEmpty();
        }
        finally
        {
            // The demo as seeded for the other browser tests: the definition back, every item re-validated again.
            await OpenOntologyTabAsync(page, adminUrl);
            await SaveAndWaitAsync(page, original);
        }
    }

    private static async Task<string> OpenOntologyTabAsync(IPage page, string adminUrl)
    {
        await page.GotoAsync(adminUrl);
        await page.Locator("span[data-testid=interactive]:not([hidden])").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByRole(AriaRole.Tab, new() { Name = "Ontology" }).ClickAsync();
        var editor = page.Locator("[data-testid=ontology-json] textarea");
        await editor.WaitForAsync();
        return await editor.InputValueAsync();
    }

    private static async Task SaveAndWaitAsync(IPage page, string json)
    {
        var before = await page.GetByText("Rules version").First.InnerTextAsync();
        await page.Locator("[data-testid=ontology-json] textarea").FillAsync(json);
        await page.ClickAsync("[data-testid=save-ontology]");
        await page.GetByText("Rules version").First.Filter(new() { HasNotTextString = before }).WaitForAsync(new() { Timeout = 30_000 });
        await page.Locator("[data-testid=revalidation][data-status=succeeded]").WaitForAsync(new() { Timeout = 90_000 });
    }

    private async Task<(Guid ItemId, Guid AnnotationId)> AnnotationWithAsync(string sentiment)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var annotations = await db.Annotations.AsNoTracking().Select(a => new { a.ItemId, a.Id, a.Attributes }).ToListAsync();
        var holder = annotations.First(a => a.Attributes.TryGetValue("sentiment", out var v) && v == sentiment);
        return (holder.ItemId, holder.Id);
    }
}
