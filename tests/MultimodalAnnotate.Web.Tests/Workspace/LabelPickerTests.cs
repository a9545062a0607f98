using Bunit;
using Microsoft.AspNetCore.Components.Web;
using MultimodalAnnotate.Web.Features.Workspace;

namespace MultimodalAnnotate.Web.Tests.Workspace;

public sealed class LabelPickerTests : ComponentTestContext
{
    private string? _picked;
    private bool _cancelled;

    private IRenderedComponent<LabelPicker> Render() => Ctx.Render<LabelPicker>(p => p
        .Add(c => c.Labels, Sample.Labels)
        .Add(c => c.OnPick, name => _picked = name)
        .Add(c => c.OnCancel, () => _cancelled = true));

    private static IReadOnlyList<string?> Shown(IRenderedComponent<LabelPicker> picker) =>
        [.. picker.FindAll("li[data-label]").Select(li => li.GetAttribute("data-label"))];

    [Fact]
    public void Typing_FiltersByNameFirstThenSynonym()
    {
        var picker = Render();
        Shown(picker).Should().HaveCount(5);

        picker.Find("[data-testid=label-search]").Input("ca");
        Shown(picker).Should().Equal("car", "cat");

        picker.Find("[data-testid=label-search]").Input("bike");
        Shown(picker).Should().Equal("bicycle");

        picker.Find("[data-testid=label-search]").Input("zebra");
        picker.Find("[data-testid=no-label-match]").TextContent.Should().Contain("zebra");
    }

    [Fact]
    public void Enter_PicksTheFirstMatch_ArrowDownMovesToTheNext()
    {
        var picker = Render();
        var search = picker.Find("[data-testid=label-search]");
        search.Input("ca");
        search.KeyDown(new KeyboardEventArgs { Key = "ArrowDown" });
        picker.Find("li[aria-selected=true]").GetAttribute("data-label").Should().Be("cat");

        search.KeyDown(new KeyboardEventArgs { Key = "Enter" });

        _picked.Should().Be("cat");
    }

    [Fact]
    public void AltHotkey_PicksItsClass_EscapeCancels()
    {
        var picker = Render();
        var search = picker.Find("[data-testid=label-search]");

        search.KeyDown(new KeyboardEventArgs { Key = "d", AltKey = true });
        _picked.Should().Be("dog");

        search.KeyDown(new KeyboardEventArgs { Key = "Escape" });
        _cancelled.Should().BeTrue();
    }

    [Fact]
    public void ClickingALabel_PicksIt_AndHotkeysAreShown()
    {
        var picker = Render();

        picker.Find("li[data-label=dog] kbd").TextContent.Should().Be("D");
        picker.Find("li[data-label=puppy]").Click();

        _picked.Should().Be("puppy");
    }
}
