using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Ontology;
using MultimodalAnnotate.Validation.Tests.Support;

namespace MultimodalAnnotate.Validation.Tests.Rules;

public sealed class SemanticRulesTests
{
    private static IReadOnlyList<Finding> Validate(ItemSnapshot item, ValidationPolicy? policy = null) =>
        TestOntology.Validator(policy).Validate(item);

    private static IReadOnlyList<Finding> ImageAndTextLabels(string imageLabel, string textLabel)
    {
        var b = new ItemBuilder();
        var image = b.Image();
        var text = b.Text("Something is here.");
        b.Link(b.Annotate(image, imageLabel, new Box2D(0, 0, 10, 10)), b.Annotate(text, textLabel, new TextSpan(0, 9)));
        return Validate(b.Build());
    }

    // ---- SEM-001/002/003 class relations ----

    [Theory]
    [InlineData("dog", "dog")]
    [InlineData("dog", "hound")]
    [InlineData("Dog", "HOUND")]
    [InlineData("cow", "cattle")]
    public void SameClassOrSynonym_IsQuiet(string a, string b) => ImageAndTextLabels(a, b).Should().BeEmpty();

    [Theory]
    [InlineData("animal", "dog", "'animal' is broader than 'dog'")]
    [InlineData("dog", "puppy", "'dog' is broader than 'puppy'")]
    [InlineData("puppy", "animal", "'puppy' is narrower than 'animal'")]
    [InlineData("pet", "dog", "'pet' and 'dog' overlap")]
    public void AncestorDescendantOrOverlapping_IsAWarning(string a, string b, string relation)
    {
        var finding = ImageAndTextLabels(a, b).Should().ContainSingle().Subject;

        finding.RuleCode.Should().Be(RuleCodes.BroaderNarrower);
        finding.Severity.Should().Be(Severity.Warning);
        finding.Message.Should().Contain(relation);
    }

    [Theory]
    [InlineData("dog", "cat")]
    [InlineData("puppy", "kitty")]
    [InlineData("dog", "car")]
    [InlineData("police car", "lapdog")]
    public void DisjointClassesIncludingInheritedDisjointness_IsAnError(string a, string b)
    {
        var finding = ImageAndTextLabels(a, b).Should().ContainSingle().Subject;

        finding.RuleCode.Should().Be(RuleCodes.DisjointClasses);
        finding.Severity.Should().Be(Severity.Error);
        finding.Type.Should().Be(FindingType.Semantic);
    }

    [Fact]
    public void UnrelatedClasses_IsAnError()
    {
        var finding = ImageAndTextLabels("dog", "tree").Should().ContainSingle().Subject;

        finding.RuleCode.Should().Be(RuleCodes.UnrelatedClasses);
        finding.Message.Should().Contain("'dog' and 'tree' are unrelated classes");
    }

    [Fact]
    public void TwoDogsAndACat_SuggestRelabellingTheMinority()
    {
        var b = new ItemBuilder();
        var image = b.Image();
        var video = b.Video([0.0], 1);
        var audio = b.Audio(1);
        b.LinkNamed("pet #1", b.Annotate(image, "dog", new Box2D(0, 0, 5, 5)), b.Annotate(video, "cat", new Box2D(0, 0, 5, 5) { Time = 0 }), b.Annotate(audio, "dog", new Classification()));

        var finding = Validate(b.Build(), ValidationPolicy.Default with { ForbiddenGranularityLinks = [] }).Should().ContainSingle().Subject;

        finding.Message.Should().StartWith("Mentions of entity 'pet #1' disagree: 'dog' box on cam (and 1 more) vs 'cat' box on video");
        finding.SuggestedFix.Should().Be("relabel the 'cat' mention(s) as 'dog' (2 of 3 say so), or split the entity");
        finding.AnnotationIds.Should().HaveCount(3);
    }

    // ---- SEM-004 label vs wording ----

    private static IReadOnlyList<Finding> SpanLabelled(string content, string words, string label, int? segment = null)
    {
        var b = new ItemBuilder();
        var text = segment is null
            ? b.Text(content)
            : b.TimedText(content, [new TextSegment(0, 5, 0, content.Length, "Diane")]);
        b.Span(text, label, words, segment);
        return Validate(b.Build());
    }

    [Theory]
    [InlineData("The dog barks.", "dog", "dog")]
    [InlineData("The dogs bark.", "dogs", "dog")]
    [InlineData("The hound barks.", "The hound", "dog")]
    [InlineData("The doggy barks.", "doggy", "dog")]
    [InlineData("Two police cars passed.", "police cars", "police car")]
    [InlineData("The children play.", "The children", "person")]
    [InlineData("Buses wait.", "Buses", "bus")]
    [InlineData("A man walking his dog.", "A man walking his dog", "person")]
    [InlineData("It barks.", "It", "dog")]
    public void SpanWhoseWordingMatchesItsLabel_IsQuiet(string content, string words, string label) =>
        SpanLabelled(content, words, label).Should().BeEmpty();

    [Fact]
    public void SpanLabelledDogThatSaysCat_IsAnError()
    {
        var finding = SpanLabelled("The cat sleeps.", "The cat", "dog").Should().ContainSingle().Subject;

        finding.RuleCode.Should().Be(RuleCodes.LabelVersusWording);
        finding.Severity.Should().Be(Severity.Error);
        finding.Message.Should().Be("Span \"The cat\" on text is labelled 'dog' but its wording reads as 'cat': 'dog' and 'cat' are disjoint classes.");
        finding.SuggestedFix.Should().Be("relabel it as 'cat' or re-select the words it refers to");
    }

    [Fact]
    public void SpanLabelledDogThatSaysPuppy_IsAWarning()
    {
        var finding = SpanLabelled("The puppies sleep.", "puppies", "dog").Should().ContainSingle().Subject;

        finding.RuleCode.Should().Be(RuleCodes.LabelVersusWording);
        finding.Severity.Should().Be(Severity.Warning);
    }

    [Fact]
    public void PhraseLabelledWithASentimentThatNamesADog_IsNotAboutTheDog()
    {
        SpanLabelled("I love this dog so much.", "love this dog", "positive").Should().BeEmpty();
    }

    [Fact]
    public void SpanLabelledCowThatSaysBird_DifferentKindsOfAnimal_IsAnError()
    {
        SpanLabelled("A bird sings.", "A bird", "cow").Should().ContainSingle()
            .Which.Message.Should().EndWith("'cow' and 'bird' are different kinds of 'animal'.");
    }

    [Fact]
    public void WholeTurnLabelledWithASentiment_IsNotCheckedAgainstItsWords()
    {
        SpanLabelled("The dog bit me.", "The dog bit me.", "negative", segment: 0).Should().BeEmpty();
    }

    // ---- SEM-005 wording vs other mentions ----

    [Fact]
    public void SpanLabelledAnimalThatSaysCatLinkedToADogBox_FlagsTheWordingAgainstTheBox()
    {
        var b = new ItemBuilder();
        var image = b.Image();
        var text = b.Text("The cat sleeps.");
        var box = b.Annotate(image, "dog", new Box2D(0, 0, 5, 5));
        var span = b.Span(text, "animal", "The cat");
        b.Link(box, span);

        var findings = Validate(b.Build());

        findings.WithCode(RuleCodes.WordingVersusMentions).Should().ContainSingle()
            .Which.Message.Should().Contain("reads as 'cat', but 'dog' box on cam of the same entity says 'dog': 'cat' and 'dog' are disjoint classes");
        findings.WithCode(RuleCodes.BroaderNarrower).Should().ContainSingle("animal vs dog on the labels");
    }

    [Fact]
    public void SpanLabelledDogThatSaysCatLinkedToADogBox_IsReportedOnceAsLabelVersusWording()
    {
        var b = new ItemBuilder();
        var image = b.Image();
        var text = b.Text("The cat sleeps.");
        b.Link(b.Annotate(image, "dog", new Box2D(0, 0, 5, 5)), b.Span(text, "dog", "The cat"));

        Validate(b.Build()).Select(f => f.RuleCode).Should().Equal(RuleCodes.LabelVersusWording);
    }

    // ---- SEM-006/007/009 colours ----

    private static IReadOnlyList<Finding> Colours(string imageColour, string textColour, ValidationPolicy? policy = null)
    {
        var b = new ItemBuilder();
        var image = b.Image();
        var text = b.Text("A shirt.");
        b.LinkNamed("shirt #1", b.Annotate(image, "shirt", new Box2D(0, 0, 5, 5), ("colour", imageColour)), b.Span(text, "shirt", "shirt", attributes: [("colour", textColour)]));
        return Validate(b.Build(), policy);
    }

    [Theory]
    [InlineData("blue", "blue")]
    [InlineData("navy", "blue")]
    [InlineData("Blue", "sky blue")]
    [InlineData("#0000fe", "blue")]
    [InlineData("maroon", "red")]
    public void SameColourOrAShadeOfIt_IsQuiet(string a, string b) => Colours(a, b).Should().BeEmpty();

    [Fact]
    public void TealVersusBlue_IsANearColourWarningWithTheDistance()
    {
        var finding = Colours("blue", "teal").Should().ContainSingle().Subject;

        finding.RuleCode.Should().Be(RuleCodes.ColourNear);
        finding.Severity.Should().Be(Severity.Warning);
        finding.Message.Should().Contain("colour of entity 'shirt #1' differs: 'blue'").And.Contain("ΔE00 39.0").And.Contain("between 10.0 and 45.0 is a warning");
    }

    public static TheoryData<string, IReadOnlyDictionary<string, string>, bool> AttributeMaps() => new()
    {
        { "ordinal map", new Dictionary<string, string> { ["colour"] = "red" }, true },
        { "ordinal map, other case", new Dictionary<string, string> { ["COLOUR"] = "red" }, false },
        { "explicitly ordinal map", new Dictionary<string, string>(StringComparer.Ordinal) { ["colour"] = "red" }, true },
        { "case-insensitive map, other case", new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["COLOUR"] = "red" }, true },
        { "read-only wrapper", new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(new Dictionary<string, string> { ["colour"] = "red" }), true },
        { "many other attributes", Enumerable.Range(0, 40).ToDictionary(i => $"note{i}", i => "x").Append(new("colour", "red")).ToDictionary(), true },
        { "null value", new Dictionary<string, string> { ["colour"] = null! }, false },
    };

    /// <summary>The engine reads an annotation's attribute map in one pass; it must answer as a lookup by the map's own comparer would.</summary>
    [Theory]
    [MemberData(nameof(AttributeMaps))]
    public void AttributeMaps_AreReadAsALookupWithTheirOwnComparer(string kind, IReadOnlyDictionary<string, string> imageAttributes, bool read)
    {
        var b = new ItemBuilder();
        var image = b.Image();
        var text = b.Text("A shirt.");
        var box = b.Annotate(image, "shirt", new Box2D(0, 0, 5, 5));
        b.LinkNamed("shirt #1", box, b.Span(text, "shirt", "shirt", attributes: [("colour", "blue")]));
        var item = b.Build();
        item = item with { Annotations = [.. item.Annotations.Select(a => a.Id == box ? a with { Attributes = imageAttributes } : a)] };

        var findings = Validate(item);

        if (read)
        {
            findings.Should().ContainSingle(kind).Which.RuleCode.Should().Be(RuleCodes.ColourConflict);
        }
        else
        {
            findings.Should().BeEmpty(kind);
        }
    }

    [Fact]
    public void RedVersusBlue_IsAColourConflict()
    {
        var finding = Colours("red", "blue").Should().ContainSingle().Subject;

        finding.RuleCode.Should().Be(RuleCodes.ColourConflict);
        finding.Severity.Should().Be(Severity.Error);
        finding.Message.Should().Contain("ΔE00 52.9").And.Contain("≥ 45.0 is an error");
    }

    [Fact]
    public void TwoShadesOfBlue_AreAtMostAWarning()
    {
        Colours("navy", "sky blue").Should().ContainSingle().Which.RuleCode.Should().Be(RuleCodes.ColourNear);
    }

    [Theory]
    [InlineData(-0.01, RuleCodes.ColourConflict)]
    [InlineData(0.01, RuleCodes.ColourNear)]
    public void ErrorDistanceThreshold_JustBelowAndAboveTealBlue(double delta, string code)
    {
        var distance = ColourScience.Ciede2000(ColourScience.FromSrgb(0, 128, 128), ColourScience.FromSrgb(0, 0, 255));

        Colours("teal", "blue", ValidationPolicy.Default with { ColourErrorMinDistance = distance + delta })
            .Should().ContainSingle().Which.RuleCode.Should().Be(code);
    }

    [Theory]
    [InlineData(0.01, true)]
    [InlineData(-0.01, false)]
    public void SameDistanceThreshold_JustAboveAndBelowTwoLiteralBlues(double delta, bool same)
    {
        var distance = ColourScience.Ciede2000(ColourScience.FromSrgb(0, 0, 255), ColourScience.FromSrgb(0, 0, 224));

        var findings = Colours("#0000ff", "#0000e0", ValidationPolicy.Default with { ColourSameMaxDistance = distance + delta });

        findings.Should().HaveCount(same ? 0 : 1);
        if (!same)
        {
            findings[0].RuleCode.Should().Be(RuleCodes.ColourNear);
        }
    }

    [Fact]
    public void Cie76Formula_IsUsedWhenThePolicySaysSo()
    {
        Colours("teal", "blue", ValidationPolicy.Default with { ColourDistance = ColourDistanceFormula.Cie76, ColourErrorMinDistance = 200 })
            .Should().ContainSingle().Which.Message.Should().Contain("ΔE76 147.7");
    }

    [Fact]
    public void ColourWordInTheSpanText_IsComparedWhenTheSpanHasNoColourAttribute()
    {
        var b = new ItemBuilder();
        var image = b.Image();
        var text = b.Text("He wears a red shirt and a navy shirt.");
        var box = b.Annotate(image, "shirt", new Box2D(0, 0, 5, 5), ("colour", "blue"));
        b.Link(box, b.Span(text, "shirt", "a red shirt"));
        var box2 = b.Annotate(image, "shirt", new Box2D(10, 0, 5, 5), ("colour", "blue"));
        b.Link(box2, b.Span(text, "shirt", "a navy shirt"));

        var findings = Validate(b.Build());

        findings.Should().ContainSingle().Which.RuleCode.Should().Be(RuleCodes.ColourConflict);
    }

    [Fact]
    public void TwoWordColourInTheSpanText_IsReadAsOneTerm()
    {
        var b = new ItemBuilder();
        var image = b.Image();
        var text = b.Text("He wears a sky blue shirt.");
        var box = b.Annotate(image, "shirt", new Box2D(0, 0, 5, 5), ("colour", "navy"));
        b.Link(box, b.Span(text, "shirt", "a sky blue shirt"));

        // Read as "blue", navy would be a shade of it and agree; "sky blue" and navy are both shades of blue: near.
        Validate(b.Build()).Should().ContainSingle().Which.RuleCode.Should().Be(RuleCodes.ColourNear);
    }

    [Fact]
    public void UnknownColourValue_IsAWarningOnTheAnnotation()
    {
        var findings = Colours("blurple", "blue");

        findings.Should().ContainSingle().Which.RuleCode.Should().Be(RuleCodes.UnknownColour);
    }

    [Theory]
    [InlineData("facade")]
    [InlineData("C0FFEE")]
    [InlineData("#c0ffe")]
    public void SixHexLettersWithoutTheHash_OrAShortHex_AreNoColour(string value)
    {
        var findings = Colours(value, "blue");

        findings.Should().ContainSingle().Which.RuleCode.Should().Be(RuleCodes.UnknownColour);
        findings[0].Message.Should().Contain($"'{value}'");
    }

    [Theory]
    [InlineData("#0000ff")]
    [InlineData(" #0000FF ")]
    [InlineData("#0000fe")]
    public void ALiteralHexColourWithItsHash_IsComparedQuietly(string value) =>
        Colours(value, "blue").Should().BeEmpty();

    // ---- SEM-011 attribute value not allowed by the ontology ----

    private static readonly ItemValidator WithNumbers = new(
        TestOntology.Definition with
        {
            Attributes =
            [
                .. TestOntology.Definition.Attributes,
                new("speed", AttributeKind.Number, []),
                new("note", AttributeKind.Text, []),
                new("mood", AttributeKind.Enumeration, []),
            ],
        },
        ValidationPolicy.Default);

    [Theory]
    [InlineData("occluded", "3", "one of 0, 1, 2")]
    [InlineData("pose", "crouching", "one of standing, sitting, lying")]
    [InlineData("pose", "", "one of standing, sitting, lying")]
    [InlineData("moving", "yes", "true or false")]
    [InlineData("moving", "2", "true or false")]
    [InlineData("speed", "fast", "a number")]
    [InlineData("speed", "1,5", "a number")]
    public void AValueTheDefinitionDoesNotAllow_IsAWarningNamingTheAttributeAndWhatItAllows(string attribute, string value, string expected)
    {
        var b = new ItemBuilder();
        var box = b.Annotate(b.Image(), "dog", new Box2D(0, 0, 5, 5), (attribute, value));

        var finding = WithNumbers.Validate(b.Build()).Should().ContainSingle().Subject;

        finding.RuleCode.Should().Be(RuleCodes.InvalidAttributeValue);
        finding.Severity.Should().Be(Severity.Warning);
        finding.AnnotationIds.Should().Equal(box);
        finding.Message.Should().Be($"'dog' box on cam: {attribute} '{value}' is not {expected}, as the ontology defines {attribute}.");
        finding.SuggestedFix.Should().Be($"set {attribute} to {expected}");
    }

    [Theory]
    [InlineData("occluded", "2")]
    [InlineData("pose", " Sitting ")]
    [InlineData("moving", "TRUE")]
    [InlineData("moving", "0")]
    [InlineData("speed", "-1.5e3")]
    [InlineData("note", "anything at all")]
    [InlineData("mood", "grumpy")]
    [InlineData("undeclared", "whatever")]
    public void AValueTheDefinitionAllows_OrAnAttributeWithNoValueRule_IsQuiet(string attribute, string value)
    {
        var b = new ItemBuilder();
        b.Annotate(b.Image(), "dog", new Box2D(0, 0, 5, 5), (attribute, value));

        WithNumbers.Validate(b.Build()).Should().BeEmpty();
    }

    [Fact]
    public void TwoInvalidAttributesOnOneAnnotation_AreTwoFindingsWithTheirOwnKeys()
    {
        var b = new ItemBuilder();
        b.Annotate(b.Image(), "dog", new Box2D(0, 0, 5, 5), ("occluded", "9"), ("moving", "maybe"));

        var findings = WithNumbers.Validate(b.Build());

        findings.Should().HaveCount(2).And.OnlyContain(f => f.RuleCode == RuleCodes.InvalidAttributeValue);
        findings.Select(f => f.Key).Should().OnlyHaveUniqueItems();
    }

    // ---- SEM-008 unknown label ----

    [Fact]
    public void LabelNotInTheOntology_IsAWarning()
    {
        var b = new ItemBuilder();
        b.Annotate(b.Image(), "doggo", new Box2D(0, 0, 5, 5));

        var finding = Validate(b.Build()).Should().ContainSingle().Subject;

        finding.RuleCode.Should().Be(RuleCodes.UnknownLabel);
        finding.SuggestedFix.Should().Be("pick a class of the ontology");
    }

    [Fact]
    public void PluralUsedAsLabel_SuggestsTheClass()
    {
        var b = new ItemBuilder();
        b.Annotate(b.Image(), "puppies", new Box2D(0, 0, 5, 5));

        Validate(b.Build()).Should().ContainSingle().Which.SuggestedFix.Should().Be("use the class 'puppy'");
    }

    // ---- SEM-010 attributes ----

    [Fact]
    public void BooleanAttributeDiffering_IsAWarning()
    {
        var b = new ItemBuilder();
        var (image, cloud) = (b.Image(), b.PointCloud());
        b.Link(b.Annotate(image, "car", new Box2D(0, 0, 5, 5), ("moving", "true")), b.Annotate(cloud, "car", new Cuboid(new Vec3(-10, 0, 0), new Vec3(4, 2, 1.5), 0), ("moving", "false")));

        var finding = Validate(b.Build()).Should().ContainSingle().Subject;

        finding.RuleCode.Should().Be(RuleCodes.AttributeMismatch);
        finding.Message.Should().Contain("moving of one entity differs: 'true'");
    }

    [Fact]
    public void ModalitySpecificAttributeDiffering_IsQuiet()
    {
        var b = new ItemBuilder();
        var (image, cloud) = (b.Image(), b.PointCloud());
        b.Link(b.Annotate(image, "car", new Box2D(0, 0, 5, 5), ("occluded", "2")), b.Annotate(cloud, "car", new Cuboid(new Vec3(-10, 0, 0), new Vec3(4, 2, 1.5), 0), ("occluded", "0")));

        Validate(b.Build()).Should().BeEmpty();
    }
}
