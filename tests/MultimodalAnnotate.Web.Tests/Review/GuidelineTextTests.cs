using MultimodalAnnotate.Web.Features.Admin;

namespace MultimodalAnnotate.Web.Tests.Review;

public sealed class GuidelineTextTests
{
    [Fact]
    public void Blocks_HeadingsBulletsAndParagraphs_WithSectionAnchors()
    {
        var blocks = GuidelineText.Blocks("# Demo guidelines\r\n\r\n## Timing & sync\nCaption cues must start\nwithin 0.5 s.\n\n- one\n* two\n### Edge cases\n<script>x</script>");

        blocks.Select(b => (b.Kind, b.Text, b.Anchor)).Should().Equal(
            (GuidelineText.BlockKind.Heading1, "Demo guidelines", null),
            (GuidelineText.BlockKind.Heading2, "Timing & sync", "timing-sync"),
            (GuidelineText.BlockKind.Paragraph, "Caption cues must start within 0.5 s.", null),
            (GuidelineText.BlockKind.Bullet, "one", null),
            (GuidelineText.BlockKind.Bullet, "two", null),
            (GuidelineText.BlockKind.Heading2, "Edge cases", "edge-cases"),
            (GuidelineText.BlockKind.Paragraph, "<script>x</script>", null));
    }

    [Fact]
    public void Sections_AnchorToTitle() =>
        GuidelineText.Sections("## Linking\ntext\n## Timing\n").Should().BeEquivalentTo(new Dictionary<string, string> { ["linking"] = "Linking", ["timing"] = "Timing" });
}
