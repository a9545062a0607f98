using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Tests.Support;

namespace MultimodalAnnotate.Validation.Tests.Rules;

/// <summary>REF-001, REF-004, REF-005, REF-007 (REF-002, -003, -006 are in <see cref="ProjectionRulesTests"/>).</summary>
public sealed class MissingReferenceRulesTests
{
    private static readonly ValidationPolicy Animals = ValidationPolicy.Default with { RequiredTextMentionClasses = ["animal"] };

    private static IReadOnlyList<Finding> Validate(ItemSnapshot item, ValidationPolicy? policy = null) =>
        TestOntology.Validator(policy).Validate(item);

    private static (ItemBuilder B, Guid Image, Guid Dog) DogImageWithText(string text)
    {
        var b = new ItemBuilder();
        var image = b.Image();
        var dog = b.Annotate(image, "dog", new Box2D(0, 0, 5, 5));
        b.Text(text);
        return (b, image, dog);
    }

    // ---- REF-001 ----

    [Theory]
    [InlineData("A dog runs.")]
    [InlineData("Dogs run.")]
    [InlineData("A hound runs.")]
    [InlineData("A puppy runs.")]
    [InlineData("An animal runs.")]
    public void DogMentionedByNameSynonymNarrowerOrBroaderTerm_IsQuiet(string text)
    {
        var (b, _, _) = DogImageWithText(text);

        Validate(b.Build(), Animals).WithCode(RuleCodes.NotMentionedInText).Should().BeEmpty();
    }

    [Fact]
    public void DogNeverMentioned_IsMissingInText()
    {
        var (b, _, dog) = DogImageWithText("A cat sleeps on a bus.");

        var finding = Validate(b.Build(), Animals).Should().ContainSingle().Subject;

        finding.RuleCode.Should().Be(RuleCodes.NotMentionedInText);
        finding.Type.Should().Be(FindingType.MissingReference);
        finding.AnnotationIds.Should().Equal(dog);
        finding.Message.Should().Be("'dog' box on cam is not mentioned in the text: it is not linked to a text annotation, and neither 'dog' nor a synonym, broader or narrower term occurs in the text.");
    }

    [Fact]
    public void ClassNotRequiredByThePolicy_IsNeverMissing()
    {
        var b = new ItemBuilder();
        b.Annotate(b.Image(), "tree", new Box2D(0, 0, 5, 5));
        b.Text("A dog.");

        Validate(b.Build(), Animals).Should().BeEmpty();
    }

    [Fact]
    public void PolicyRequiringALink_FlagsAMentionFoundOnlyInTheText()
    {
        var (b, _, dog) = DogImageWithText("A dog runs.");
        var policy = Animals with { TextMentionMustBeLinked = true };

        Validate(b.Build(), policy).Should().ContainSingle().Which.Message.Should().Contain("policy requires a link");

        var (linked, _, linkedDog) = DogImageWithText("A dog runs.");
        var span = linked.Annotate(linked.Build().Assets.Single(a => a.Modality == Modality.Text).Id, "dog", new TextSpan(2, 5));
        linked.Link(linkedDog, span);
        Validate(linked.Build(), policy).Should().BeEmpty();
        _ = dog;
    }

    [Fact]
    public void ItemWithoutText_HasNothingToMentionIn()
    {
        var b = new ItemBuilder();
        b.Annotate(b.Image(), "dog", new Box2D(0, 0, 5, 5));

        Validate(b.Build(), Animals).Should().BeEmpty();
    }

    // ---- REF-004 ----

    private static readonly ValidationPolicy Barks = ValidationPolicy.Default with { VisualSourceClasses = ["animal"] };

    [Fact]
    public void DogSoundWithoutVisualMention_IsMissing()
    {
        var b = new ItemBuilder();
        var audio = b.Audio(10);
        var bark = b.Annotate(audio, "dog", new TimeSegment(2, 3), ("sound", "bark"));

        var finding = Validate(b.Build(), Barks).Should().ContainSingle().Subject;

        finding.RuleCode.Should().Be(RuleCodes.SoundWithoutVisual);
        finding.AnnotationIds.Should().Equal(bark);
        finding.Message.Should().Contain("('animal' is a visual source class in the policy)").And.Contain("2.000–3.000 s");
        finding.Time.Should().Be(2);
    }

    [Fact]
    public void DogSoundLinkedToTheDogOnVideo_IsQuiet()
    {
        var b = new ItemBuilder();
        var audio = b.Audio(10);
        var video = b.Video([2.0, 2.5], 3);
        b.Link(b.Annotate(audio, "dog", new TimeSegment(2, 2.6)), b.Annotate(video, "dog", new Box2D(0, 0, 5, 5) { Time = 2.5 }));

        Validate(b.Build(), Barks).Should().BeEmpty();
    }

    [Fact]
    public void DogSoundRelatedToTheDogBoxByACausesRelation_IsQuiet()
    {
        var b = new ItemBuilder();
        var audio = b.Audio(10);
        var image = b.Image();
        b.Relate("causes", b.Annotate(image, "dog", new Box2D(0, 0, 5, 5)), b.Annotate(audio, "bark", new TimeSegment(0, 0.5)));

        Validate(b.Build(), ValidationPolicy.Default with { VisualSourceClasses = ["bark"] }).Should().BeEmpty();
    }

    [Fact]
    public void DogSoundLinkedOnlyToText_IsStillMissingItsVisual()
    {
        var b = new ItemBuilder();
        var audio = b.Audio(10);
        var text = b.Text("A dog barks.");
        b.Link(b.Annotate(audio, "dog", new TimeSegment(2, 3)), b.Span(text, "dog", "dog"));

        Validate(b.Build(), Barks).Should().ContainSingle().Which.Message.Should().Contain("its entity has no image, video or point-cloud mention");
    }

    [Fact]
    public void SpeechIsNotAVisualSource_IsQuiet()
    {
        var b = new ItemBuilder();
        b.Annotate(b.Audio(10), "speech", new TimeSegment(2, 3));

        Validate(b.Build(), Barks).Should().BeEmpty();
    }

    // ---- REF-005 ----

    private static IReadOnlyList<Finding> TextAndDogs(string text, int dogs, params string[] otherLabels)
    {
        var b = new ItemBuilder();
        var image = b.Image();
        for (var i = 0; i < dogs; i++)
        {
            b.Annotate(image, "dog", new Box2D(i * 10, 0, 5, 5));
        }

        foreach (var label in otherLabels)
        {
            b.Annotate(image, label, new Box2D(0, 20, 5, 5));
        }

        b.Text(text);
        return Validate(b.Build()).WithCode(RuleCodes.TextCountMismatch);
    }

    [Fact]
    public void TextSaysTwoDogsImageHasThree_IsACountWarning()
    {
        var finding = TextAndDogs("Two dogs play in the park.", 3).Should().ContainSingle().Subject;

        finding.Severity.Should().Be(Severity.Warning);
        finding.Message.Should().Be("\"Two dogs play in the park.\" on text says 2 × 'dog', but cam has 3 'dog' objects.");
        finding.AnnotationIds.Should().HaveCount(3);
        finding.SuggestedFix.Should().Be("correct the count in the text, or add/remove 'dog' objects on cam");
    }

    [Theory]
    [InlineData("Two dogs play.", 2)]
    [InlineData("A dog plays.", 1)]
    [InlineData("2 dogs play.", 2)]
    [InlineData("A couple of dogs play.", 2)]
    [InlineData("A dog and a puppy play.", 1, "puppy")]
    [InlineData("Dogs play.", 4)]
    [InlineData("The dog plays.", 3)]
    [InlineData("Three big brown dogs play. The dog on the left sleeps.", 3)]
    [InlineData("A dog kennel holds two dogs.", 2)]
    public void CountsThatAgree_AreQuiet(string text, int dogs, params string[] others) =>
        TextAndDogs(text, dogs, others).Should().BeEmpty();

    [Theory]
    [InlineData(1, 3, null)]
    [InlineData(3, 1, null)]
    [InlineData(0, 0, null)]
    [InlineData(3, 4, "front has 4 'dog' objects.")]
    [InlineData(2, 0, "front has 3 'dog' objects.")]
    [InlineData(0, 2, "back has 3 'dog' objects.")]
    public void TwoImages_TheCountMustAgreeWithOneOfThoseShowingTheClass(int front, int back, string? reported)
    {
        var b = new ItemBuilder();
        foreach (var (sensor, dogs) in new[] { ("front", front), ("back", back) })
        {
            var image = b.Image(sensor);
            for (var i = 0; i < dogs; i++)
            {
                b.Annotate(image, "dog", new Box2D(i * 10, 0, 5, 5));
            }

            b.Annotate(image, "puppy", new Box2D(0, 50, 5, 5));
        }

        b.Text("Two dogs play.");
        var findings = Validate(b.Build()).WithCode(RuleCodes.TextCountMismatch);

        if (reported is null)
        {
            findings.Should().BeEmpty();
        }
        else
        {
            // Each image also has a puppy, which is a dog; an image without an object labelled 'dog' is not compared.
            findings.Should().ContainSingle().Which.Message.Should().EndWith($"says 2 × 'dog', but {reported}");
        }
    }

    [Theory]
    [InlineData("Dogs play.", 1, "at least 2")]
    [InlineData("Three dogs play.", 2, "3")]
    [InlineData("12 dogs play.", 11, "12")]
    [InlineData("A dog and a puppy play.", 1, "2")]
    public void CountsThatDisagree_AreFlagged(string text, int dogs, string claim)
    {
        TextAndDogs(text, dogs)
            .Should().ContainSingle().Which.Message.Should().Contain($"says {claim} × 'dog'");
    }

    // A colour between the count and the term ("one red dog") counts the objects of that colour: those whose colour
    // attribute is the colour or a shade of it for sure, those without one (or with a broader or only near colour)
    // perhaps.

    private static IReadOnlyList<Finding> TextAndColouredDogs(string text, params string?[] colours)
    {
        var b = new ItemBuilder();
        var image = b.Image();
        for (var i = 0; i < colours.Length; i++)
        {
            if (colours[i] is { } colour)
            {
                b.Annotate(image, "dog", new Box2D(i * 10, 0, 5, 5), ("colour", colour));
            }
            else
            {
                b.Annotate(image, "dog", new Box2D(i * 10, 0, 5, 5));
            }
        }

        b.Text(text);
        return Validate(b.Build()).WithCode(RuleCodes.TextCountMismatch);
    }

    [Theory]
    [InlineData("A red dog runs.", "red", "black", "white")]
    [InlineData("A red dog runs.", "maroon", "black", "white")]
    [InlineData("A red dog runs.", null, null, null)]
    [InlineData("A navy dog runs.", "navy", "blue")]
    [InlineData("A navy dog runs.", "blue", "blue")]
    [InlineData("Two black dogs and a white dog run.", "black", "black", "white")]
    [InlineData("A black white dog runs.", "black", "black")]
    [InlineData("A sky blue dog runs.", "sky blue", "red")]
    [InlineData("A sky blue dog runs.", "sky blue", "navy")]
    [InlineData("Two navy dogs run.", "navy", "sky blue", "red")]
    [InlineData("Red dogs run.", "red", "maroon", "black")]
    public void ColouredCountsThatAgree_AreQuiet(string text, params string?[] colours) =>
        TextAndColouredDogs(text, colours).Should().BeEmpty();

    [Theory]
    [InlineData("A red dog runs.", "says 1 × red 'dog', but cam has 2 'dog' objects coloured red.", "red", "maroon", "black")]
    [InlineData("Two black dogs run.", "says 2 × black 'dog', but cam has 1 'dog' object coloured black.", "black", "red", "white")]
    [InlineData("Two navy dogs run.", "says 2 × navy 'dog', but cam has 1 'dog' object coloured navy.", "navy", "red", "white")]
    [InlineData("Three red dogs run.", "says 3 × red 'dog', but cam has 1 'dog' object coloured red and 1 whose colour is unknown or only near it.", "red", null, "sky blue")]
    [InlineData("Red dogs run.", "says at least 2 × red 'dog', but cam has 1 'dog' object coloured red.", "red", "white", "black")]
    public void ColouredCountsThatDisagree_AreFlagged(string text, string ending, params string?[] colours)
    {
        var finding = TextAndColouredDogs(text, colours).Should().ContainSingle().Subject;

        finding.Message.Should().EndWith(ending);
        finding.SuggestedFix.Should().Be("correct the count or the colour in the text, or the number or colour attribute of the 'dog' objects on cam");
    }

    [Fact]
    public void ColouredCount_InvolvesTheObjectsItCounts()
    {
        var finding = TextAndColouredDogs("Three white dogs run.", "white", "black", "navy", null).Should().ContainSingle().Subject;

        // The white dog and the one without a colour may be meant; the black and the navy one are not.
        finding.AnnotationIds.Should().HaveCount(2);
        finding.Message.Should().EndWith("has 1 'dog' object coloured white and 1 whose colour is unknown or only near it.");
    }

    [Fact]
    public void TextWithoutAColour_StillCountsEveryObject()
    {
        TextAndColouredDogs("A dog runs.", "red", "black").Should().ContainSingle()
            .Which.Message.Should().EndWith("says 1 × 'dog', but cam has 2 'dog' objects.");
    }

    [Fact]
    public void WithTwoColourAttributes_TheColourTheTextMeansIsUnknown()
    {
        var definition = TestOntology.Definition with
        {
            Attributes = [.. TestOntology.Definition.Attributes, new AttributeDefinition("collar colour", AttributeKind.Colour, [])],
        };
        var b = new ItemBuilder();
        var image = b.Image();
        b.Annotate(image, "dog", new Box2D(0, 0, 5, 5), ("colour", "red"));
        b.Annotate(image, "dog", new Box2D(10, 0, 5, 5), ("colour", "red"));
        b.Text("A red dog runs.");

        new ItemValidator(definition, ValidationPolicy.Default).Validate(b.Build()).WithCode(RuleCodes.TextCountMismatch).Should().BeEmpty();
        TestOntology.Validator().Validate(b.Build()).WithCode(RuleCodes.TextCountMismatch).Should().ContainSingle("with one colour attribute both dogs are red");
    }

    [Fact]
    public void CrowdBox_MakesTheImageCountALowerBound()
    {
        var b = new ItemBuilder();
        var image = b.Image();
        b.Annotate(image, "person", new Box2D(0, 0, 50, 50), ("iscrowd", "1"));
        b.Annotate(image, "person", new Box2D(60, 0, 5, 5), ("iscrowd", "0"));
        b.Text("Five people wait. A man waits.");

        var findings = Validate(b.Build()).WithCode(RuleCodes.TextCountMismatch);

        findings.Should().ContainSingle("five agrees with at least two, one does not").Which.Message.Should().Contain("says 1 × 'person', but cam has at least 2");
    }

    [Fact]
    public void TextNamingAClassTheImageDoesNotLabel_IsNotCounted()
    {
        TextAndDogs("Two cats and a dog.", 1).Should().BeEmpty();
    }

    [Fact]
    public void CaptionCueCount_PointsAtTheCueTime()
    {
        var b = new ItemBuilder();
        var image = b.Image();
        b.Annotate(image, "dog", new Box2D(0, 0, 5, 5));
        var (content, segments) = ItemBuilder.Dialogue((0, 2, "A cat.", null), (2, 4, "Two dogs.", null));
        b.TimedText(content, segments);

        Validate(b.Build()).WithCode(RuleCodes.TextCountMismatch).Should().ContainSingle().Which.Time.Should().Be(2);
    }

    [Fact]
    public void PolicyWithoutCountAgreement_IsQuiet()
    {
        var b = new ItemBuilder();
        b.Annotate(b.Image(), "dog", new Box2D(0, 0, 5, 5));
        b.Text("Three dogs.");

        Validate(b.Build(), ValidationPolicy.Default with { RequireCountAgreement = false }).Should().BeEmpty();
    }

    // ---- REF-007 ----

    [Fact]
    public void RequiredLinkMissing_IsFlaggedPerAnnotation()
    {
        var b = new ItemBuilder();
        var image = b.Image();
        var text = b.Text("A dog and a cat.");
        var dog = b.Annotate(image, "dog", new Box2D(0, 0, 5, 5));
        var cat = b.Annotate(image, "cat", new Box2D(10, 0, 5, 5));
        b.Link(cat, b.Span(text, "cat", "cat"));
        b.Annotate(image, "tree", new Box2D(20, 0, 5, 5));

        var findings = Validate(b.Build(), ValidationPolicy.Default with { RequiredLinks = ["Image:animal->Text"] });

        findings.Should().ContainSingle().Which.Should().Match<Finding>(f =>
            f.RuleCode == RuleCodes.RequiredLinkMissing && f.AnnotationIds.Single() == dog &&
            f.Message == "'dog' box on cam (0.000 s) has no linked Text annotation; the policy requires Image:animal->Text.");
    }

    [Fact]
    public void RequiredLinkForAnyClass_CoversEveryAnnotationOfTheModality()
    {
        var b = new ItemBuilder();
        var image = b.Image();
        b.Annotate(image, "tree", new Box2D(20, 0, 5, 5));

        Validate(b.Build(), ValidationPolicy.Default with { RequiredLinks = ["Image:*->Text"] }).Should().ContainSingle();
    }

    [Theory]
    [InlineData("Image:animal-Text")]
    [InlineData("Image:unicorn->Text")]
    [InlineData("Picture:animal->Text")]
    public void MalformedRequiredLink_IsRejectedNamingTheEntry(string entry)
    {
        var act = () => TestOntology.Validator(ValidationPolicy.Default with { RequiredLinks = [entry] });

        act.Should().Throw<ArgumentException>().WithMessage($"*'{entry}'*");
    }
}
