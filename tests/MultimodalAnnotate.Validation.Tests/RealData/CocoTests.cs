using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Tests.Support;

namespace MultimodalAnnotate.Validation.Tests.RealData;

/// <summary>COCO-mini: which image objects the five captions never mention, counts in captions, and label vs wording.</summary>
public sealed class CocoTests
{
    private static readonly Coco Data = Coco.Instance;

    private static ItemValidator MentionValidator() => new(Data.Ontology, ValidationPolicy.Default with
    {
        RequiredTextMentionClasses = Data.Ontology.Classes.Where(c => c.Parents.Count == 0).Select(c => c.Name).ToList(),
    });

    private static IEnumerable<string> Unmentioned(IReadOnlyList<Finding> findings, ItemSnapshot item) =>
        findings.WithCode(RuleCodes.NotMentionedInText).Select(f => item.Annotations.Single(a => a.Id == f.AnnotationIds[0]).Label);

    [Fact]
    public void CocoMini_AllImages_LoadWithTheirFiveCaptions()
    {
        Data.Items.Should().HaveCount(79);
        Data.Items.Values.Sum(i => i.Annotations.Count).Should().Be(624);
        Data.Captions.Values.Should().OnlyContain(c => c.Length == 5);
    }

    [Fact]
    public void CocoImage22892_DogCatPlantTable_OnlyTheChairIsNotMentioned()
    {
        var item = Data.Items[22892];

        var findings = MentionValidator().Validate(item);

        Unmentioned(findings, item).Should().Equal(["chair"], "captions speak of a dog, a cat, plants and a table, never a chair: " + findings.Dump());
    }

    [Fact]
    public void CocoImage139_Kitchen_ReportsEveryUnmentionedObject()
    {
        var item = Data.Items[139];

        var findings = MentionValidator().Validate(item);

        Unmentioned(findings, item).Should().BeEquivalentTo(
            ["potted plant", "microwave", "refrigerator", "book", "book", "clock", "vase", "vase", "vase", "vase"],
            "the captions mention a woman (person), chairs, a table and a television (tv) only: " + findings.Dump());
    }

    [Fact]
    public void CocoImage155341_SixPeopleNeverMentioned_AndTwoCaptionsUndercountTheTrucks()
    {
        var item = Data.Items[155341];

        var findings = MentionValidator().Validate(item);

        Unmentioned(findings, item).Should().BeEquivalentTo(Enumerable.Repeat("person", 6));
        var counts = findings.WithCode(RuleCodes.TextCountMismatch);
        counts.Should().HaveCount(2, findings.Dump());
        counts.Should().OnlyContain(f => f.Message.Contains("says 1 × 'truck'", StringComparison.Ordinal) && f.Message.Contains("has 2 'truck' objects", StringComparison.Ordinal));
        counts.Select(f => f.Message).Should().Contain(m => m.Contains("blocked by a truck", StringComparison.Ordinal))
            .And.Contain(m => m.Contains("A car and a large truck", StringComparison.Ordinal));
        counts.Should().OnlyContain(f => f.AnnotationIds.Count == 2, "the finding points at the two truck boxes");
    }

    [Fact]
    public void CocoImage244592_ThreeZebrasEverywhere_NoCountFinding()
    {
        var item = Data.Items[244592];

        var findings = MentionValidator().Validate(item);

        findings.Should().BeEmpty(findings.Dump());
    }

    [Fact]
    public void CocoImage183709_FourPeopleButTwelveBoxes_IsACountWarning()
    {
        var item = Data.Items[183709];

        var findings = MentionValidator().Validate(item).WithCode(RuleCodes.TextCountMismatch);

        findings.Should().ContainSingle(f => f.Message.Contains("says 4 × 'person'", StringComparison.Ordinal) && f.Message.Contains("12 'person' objects", StringComparison.Ordinal))
            .Which.Severity.Should().Be(Severity.Warning);
    }

    [Fact]
    public void CocoImage435206_CattleSpanLinkedToACowBox_IsASynonymAndAgrees()
    {
        var item = LinkCaptionWord(Data.Items[435206], "cattle", "cow", "cow");

        var findings = new ItemValidator(Data.Ontology, ValidationPolicy.Default).Validate(item);

        findings.Where(f => f.Type == FindingType.Semantic).Should().BeEmpty(findings.Dump());
    }

    [Fact]
    public void CocoImage435206_HorsesSpanLinkedToACowBox_IsASemanticError()
    {
        // Caption 3 says "near horses", but the image has cows and no horse.
        var item = LinkCaptionWord(Data.Items[435206], "horses", "horse", "cow");

        var findings = new ItemValidator(Data.Ontology, ValidationPolicy.Default).Validate(item);

        findings.WithCode(RuleCodes.UnrelatedClasses).Should().ContainSingle().Which.Message.Should().Contain("'cow' and 'horse' are different kinds of 'animal'");
    }

    [Fact]
    public void CocoImage435206_CattleSpanLabelledHorse_ContradictsItsOwnWording()
    {
        var item = LinkCaptionWord(Data.Items[435206], "cattle", "horse", "cow");

        var findings = new ItemValidator(Data.Ontology, ValidationPolicy.Default).Validate(item);

        findings.WithCode(RuleCodes.LabelVersusWording).Should().ContainSingle().Which.Message.Should().Contain("reads as 'cow'");
    }

    private static ItemSnapshot LinkCaptionWord(ItemSnapshot item, string word, string label, string boxLabel)
    {
        var text = item.Assets.Single(a => a.Modality == Modality.Text);
        var start = text.Content!.IndexOf(word, StringComparison.Ordinal);
        var span = new AnnotationSnapshot(Guid.NewGuid(), text.Id, label, new Dictionary<string, string>(), new TextSpan(start, start + word.Length));
        var box = item.Annotations.First(a => a.Label == boxLabel);
        return item with
        {
            Annotations = [.. item.Annotations, span],
            Entities = [new EntitySnapshot(Guid.NewGuid(), "herd", [box.Id, span.Id])],
        };
    }
}
