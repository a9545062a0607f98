using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Tests.Support;

namespace MultimodalAnnotate.Validation.Tests.Rules;

public sealed class GranularityRulesTests
{
    private static IReadOnlyList<Finding> Validate(ItemSnapshot item, ValidationPolicy? policy = null) =>
        TestOntology.Validator(policy).Validate(item);

    [Fact]
    public void FrameLevelVideoLabelLinkedToClipLevelAudioLabel_IsForbidden()
    {
        var b = new ItemBuilder();
        var video = b.Video([0.0, 0.5, 1.0], 1.5);
        var audio = b.Audio(1.5);
        var frame = b.Annotate(video, "dog", new Classification { Time = 0.5 });
        var clip = b.Annotate(audio, "dog", new Classification());
        b.Link(frame, clip);

        var finding = Validate(b.Build()).Should().ContainSingle().Subject;

        finding.RuleCode.Should().Be(RuleCodes.ForbiddenGranularityLink);
        finding.Type.Should().Be(FindingType.Granularity);
        finding.Message.Should().Be("frame-level Video 'dog' frame label on video is linked to clip-level Audio 'dog' label on mic; the policy forbids linking Video:Frame with Audio:Clip.");
        finding.AnnotationIds.Should().BeEquivalentTo([frame, clip]);
        finding.Time.Should().Be(0);
    }

    [Fact]
    public void VideoSegmentLinkedToAudioSegment_IsAllowed()
    {
        var b = new ItemBuilder();
        var video = b.Video([0.0, 0.5, 1.0], 1.5);
        var audio = b.Audio(1.5);
        b.Link(b.Annotate(video, "dog", new TimeSegment(0.2, 0.8)), b.Annotate(audio, "dog", new TimeSegment(0.2, 0.8)));

        Validate(b.Build()).Should().BeEmpty();
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public void PixelMaskLinkedToAWholeSentence_IsForbiddenButToAWordIsAllowed(bool wordLevel, int expected)
    {
        var b = new ItemBuilder();
        var image = b.Image();
        var (content, segments) = ItemBuilder.Dialogue((0, 2, "A dog sleeps.", null));
        var text = b.TimedText(content, segments);
        var mask = b.Annotate(image, "dog", new Mask(4, 3, [2, 3, 7]));
        var span = wordLevel ? b.Span(text, "dog", "dog") : b.Span(text, "dog", "A dog sleeps.");
        b.Link(mask, span);

        Validate(b.Build()).WithCode(RuleCodes.ForbiddenGranularityLink).Should().HaveCount(expected);
    }

    [Fact]
    public void PixelMaskLinkedToADocumentLevelLabel_IsForbidden()
    {
        var b = new ItemBuilder();
        var image = b.Image();
        var text = b.Text("A report about a dog.");
        b.Link(b.Annotate(image, "dog", new Mask(4, 3, [2, 3, 7])), b.Annotate(text, "dog", new Classification()));

        Validate(b.Build()).Should().ContainSingle().Which.Message.Should().Contain("document-level Text");
    }

    [Fact]
    public void RelationBetweenForbiddenGranularities_IsFlaggedWithoutAnEntity()
    {
        var b = new ItemBuilder();
        var image = b.Image();
        var text = b.Text("A report about a dog.");
        var relation = b.Relate("describes", b.Annotate(text, "dog", new Classification()), b.Annotate(image, "dog", new Mask(4, 3, [2, 3, 7])));

        var finding = Validate(b.Build()).Should().ContainSingle().Subject;

        finding.EntityId.Should().BeNull();
        finding.Message.Should().Contain("is related ('describes') to");
        finding.Key.Should().EndWith($"relation:{relation:N}");
    }

    [Fact]
    public void WildcardPolicy_ForbidsEveryTextGranularityForMasks()
    {
        var b = new ItemBuilder();
        var image = b.Image();
        var text = b.Text("A dog.");
        b.Link(b.Annotate(image, "dog", new Mask(4, 3, [2, 3, 7])), b.Span(text, "dog", "dog"));

        Validate(b.Build(), ValidationPolicy.Default with { ForbiddenGranularityLinks = ["*:Pixel|Text:*"] })
            .Should().ContainSingle().Which.RuleCode.Should().Be(RuleCodes.ForbiddenGranularityLink);
    }

    [Fact]
    public void ManyMentionsOfOneForbiddenShape_AreOneFinding()
    {
        var b = new ItemBuilder();
        var video = b.Video([0.0, 0.5, 1.0], 1.5);
        var audio = b.Audio(1.5);
        b.Link(
            b.Annotate(video, "dog", new Classification { Time = 0.0 }),
            b.Annotate(video, "dog", new Classification { Time = 0.5 }),
            b.Annotate(video, "dog", new Classification { Time = 1.0 }),
            b.Annotate(audio, "dog", new Classification()));

        Validate(b.Build()).Should().ContainSingle().Which.AnnotationIds.Should().HaveCount(4);
    }

    [Fact]
    public void MustMatchPolicy_FlagsASegmentLinkedToAWholeClip()
    {
        var b = new ItemBuilder();
        var video = b.Video([0.0, 0.5, 1.0], 1.5);
        var audio = b.Audio(1.5);
        b.Link(b.Annotate(video, "dog", new TimeSegment(0, 1)), b.Annotate(audio, "dog", new Classification()));
        var policy = ValidationPolicy.Default with { GranularityMustMatch = ["Video|Audio"] };

        Validate(b.Build()).Should().BeEmpty();
        Validate(b.Build(), policy).Should().ContainSingle().Which.RuleCode.Should().Be(RuleCodes.GranularityMustMatch);
    }

    [Theory]
    [InlineData("Video:Frame")]
    [InlineData("Video:Frame|Audio:Minute")]
    [InlineData("Camera:Frame|Audio:Clip")]
    public void MalformedForbiddenLink_IsRejectedNamingTheEntry(string entry)
    {
        var act = () => TestOntology.Validator(ValidationPolicy.Default with { ForbiddenGranularityLinks = [entry] });

        act.Should().Throw<ArgumentException>().WithMessage($"*'{entry}'*");
    }
}
