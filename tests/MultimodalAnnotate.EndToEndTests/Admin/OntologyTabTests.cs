using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using MultimodalAnnotate.EndToEndTests.Support;

namespace MultimodalAnnotate.EndToEndTests.Admin;

/// <summary>The admin page's ontology tab: the ontology as JSON, saved through the same use case as the API.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OntologyTabTests(RunningApp app)
{
    [Fact]
    public async Task Admin_LeavesOutAClassInUse_IsToldWhichAndHowManyAnnotations_NothingIsSaved()
    {
        var page = await app.SignInAsync("admin@demo.local");
        await page.ClickAsync("text=Open");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/projects/"), new() { Timeout = 30_000 });
        var projectUrl = page.Url;
        await page.GotoAsync(projectUrl.TrimEnd('/') + "/admin");
        await page.Locator("span[data-testid=interactive]:not([hidden])").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByRole(AriaRole.Tab, new() { Name = "Ontology" }).ClickAsync();
        var editor = page.Locator("[data-testid=ontology-json] textarea");
        await editor.WaitForAsync();
        var shown = JsonNode.Parse(await editor.InputValueAsync())!.AsObject();
        var classes = shown["classes"]!.AsArray();
        classes.Select(c => c!["name"]!.GetValue<string>()).Should().Contain(["dog", "cat", "car"], "the tab shows the project's ontology");

        // Leave 'dog' out (and every reference to it), as an admin tidying the ontology might.
        foreach (var c in classes.Where(c => c!["name"]!.GetValue<string>() == "dog").ToList())
        {
            classes.Remove(c);
        }
        foreach (var c in classes)
        {
            if (c!["parents"] is JsonArray parents)
            {
                foreach (var p in parents.Where(p => p!.GetValue<string>() == "dog").ToList())
                {
                    parents.Remove(p);
                }
            }
        }
        var disjoint = shown["disjoint"]!.AsArray();
        foreach (var d in disjoint.Where(d => d!["a"]!.GetValue<string>() == "dog" || d!["b"]!.GetValue<string>() == "dog").ToList())
        {
            disjoint.Remove(d);
        }
        await editor.FillAsync(shown.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        await page.ClickAsync("[data-testid=save-ontology]");

        var errors = page.Locator("[data-testid=ontology-errors]");
        await errors.WaitForAsync();
        (await errors.InnerTextAsync()).Should().MatchRegex(@"ontology\.classes.*class 'dog' is left out but \d+ annotations carry it");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RunningApp.ScreenshotFolder, "admin-ontology.png"), FullPage = true });

        // A rename line without its arrow: said so, with the line.
        await page.Locator("[data-testid=ontology-renames] textarea").FillAsync("car automobile");
        await page.ClickAsync("[data-testid=save-ontology]");
        await errors.Filter(new() { HasTextString = "line 1 \"car automobile\" is not 'old name -> new name'" }).WaitForAsync();
        await page.Locator("[data-testid=ontology-renames] textarea").FillAsync("");

        // Not valid JSON: said so, with the line.
        await editor.FillAsync("{ \"classes\": [ }");
        await page.ClickAsync("[data-testid=save-ontology]");
        await errors.Filter(new() { HasTextString = "not valid ontology JSON" }).WaitForAsync();

        // Nothing was saved: a fresh load shows 'dog' still there, at the same rules version.
        await page.ReloadAsync();
        await page.Locator("span[data-testid=interactive]:not([hidden])").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByRole(AriaRole.Tab, new() { Name = "Ontology" }).ClickAsync();
        (await page.Locator("[data-testid=ontology-json] textarea").InputValueAsync()).Should().Contain("\"dog\"");
    }

    [Fact]
    public async Task Admin_SavesTheOntology_SeesEveryItemReValidatedLive()
    {
        var page = await app.SignInAsync("admin@demo.local");
        await page.ClickAsync("text=Open");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/projects/"), new() { Timeout = 30_000 });
        await page.GotoAsync(page.Url.TrimEnd('/') + "/admin");
        await page.Locator("span[data-testid=interactive]:not([hidden])").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByRole(AriaRole.Tab, new() { Name = "Ontology" }).ClickAsync();
        var version = await page.GetByText("Rules version").First.InnerTextAsync();

        // Saved as shown: the ontology is the same, the rules version moves on and every item is re-validated (to the
        // same findings, so the other browser tests see the demo as seeded).
        await page.ClickAsync("[data-testid=save-ontology]");

        await page.Locator("[data-testid=revalidation][data-status=succeeded]").WaitForAsync(new() { Timeout = 90_000 });
        (await page.Locator("[data-testid=revalidation]").InnerTextAsync()).Should().Contain("Every item was re-validated");
        (await page.GetByText("Rules version").First.InnerTextAsync()).Should().NotBe(version);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RunningApp.ScreenshotFolder, "admin-revalidated.png") });
    }
}
