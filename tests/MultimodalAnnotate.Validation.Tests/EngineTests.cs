using System.Globalization;
using System.Reflection;
using MultimodalAnnotate.Cli.Formats;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Tests.RealData;
using MultimodalAnnotate.Validation.Tests.Support;

namespace MultimodalAnnotate.Validation.Tests;

/// <summary>Engine-wide guarantees: culture, determinism, thread safety, stable keys, documented rule codes.</summary>
public sealed class EngineTests
{
    private static ItemSnapshot MisalignedCaption()
    {
        var b = new ItemBuilder();
        var (content, segments) = ItemBuilder.Dialogue((3.0, 4.0, "the car turns left", null));
        var captions = b.TimedText(content, segments);
        var video = b.Video([0.0, 0.04], 8);
        b.Link(b.Annotate(video, "car", new TimeSegment(5.5, 7.0)), b.Span(captions, "car", "the car"));
        b.Annotate(video, "car", new Box2D(0, 0, 1, 1) { Time = 0.02 });
        return b.Build();
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    [InlineData("sv-SE")]
    public void Validate_UnderACommaDecimalCulture_WritesInvariantNumbersAndRestoresTheCulture(string culture)
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo(culture);

            var findings = TestOntology.Validator().Validate(MisalignedCaption());

            findings.Should().NotBeEmpty();
            findings.Should().OnlyContain(f => !f.Message.Contains(",500", StringComparison.Ordinal) && !f.Message.Contains(",0", StringComparison.Ordinal));
            findings.WithCode(RuleCodes.MentionsOutOfStep).Single().Message.Should().Contain("3.000–4.000 s");
            CultureInfo.CurrentCulture.Name.Should().Be(culture);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Validate_SameItemTwice_GivesIdenticalFindings()
    {
        var validator = TestOntology.Validator();
        var item = MisalignedCaption();

        validator.Validate(item).Should().BeEquivalentTo(validator.Validate(item), o => o.WithStrictOrdering());
    }

    [Fact]
    public void Validate_ManyThreadsOnOneValidator_AgreeWithSequentialResults()
    {
        var validator = new ItemValidator(Coco.Instance.Ontology, ValidationPolicy.Default with { RequiredTextMentionClasses = ["person", "animal", "vehicle"] });
        var items = Coco.Instance.Items.Values.ToList();
        var expected = items.Select(i => validator.Validate(i).Select(f => f.Key).ToList()).ToList();

        var results = new List<string>[items.Count * 4];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            results[i] = validator.Validate(items[i % items.Count]).Select(f => f.Key).ToList());

        for (var i = 0; i < results.Length; i++)
        {
            results[i].Should().Equal(expected[i % items.Count]);
        }
    }

    [Fact]
    public void FindingKey_IsRuleEntityAnnotationsAndDiscriminator()
    {
        var b = new ItemBuilder();
        var image = b.Image();
        var text = b.Text("A cat.");
        var box = b.Annotate(image, "dog", new Box2D(0, 0, 5, 5));
        var span = b.Span(text, "cat", "cat");
        var entity = b.Link(box, span);

        var finding = TestOntology.Validator().Validate(b.Build()).Single();

        var ids = new[] { box, span }.Order().Select(g => g.ToString("N"));
        finding.Key.Should().Be($"SEM-002|{entity:N}|{string.Join(",", ids)}|cat~dog");
    }

    [Fact]
    public void Validate_DanglingReferences_AreIgnoredNotThrown()
    {
        var b = new ItemBuilder();
        var image = b.Image();
        var box = b.Annotate(image, "dog", new Box2D(0, 0, 5, 5));
        b.Link(box, Guid.NewGuid());
        var item = b.Build();
        item = item with { Annotations = [.. item.Annotations, new AnnotationSnapshot(Guid.NewGuid(), Guid.NewGuid(), "dog", new Dictionary<string, string>(), new Box2D(0, 0, 1, 1))] };
        item = item with { Relations = [new RelationSnapshot(Guid.NewGuid(), "describes", box, Guid.NewGuid())] };

        TestOntology.Validator().Validate(item).Should().BeEmpty();
    }

    [Fact]
    public void Validate_EmptyItem_HasNoFindings() =>
        TestOntology.Validator().Validate(new ItemSnapshot(Guid.NewGuid(), [], [], [], [])).Should().BeEmpty();

    [Fact]
    public void RuleCodes_AllListsEveryCodeConstantOnce()
    {
        var constants = typeof(RuleCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        RuleCodes.All.Select(r => r.Code).Should().BeEquivalentTo(constants).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void ValidationRulesDoc_DocumentsEveryRuleCodeWithItsDefaults()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MultimodalAnnotate.sln")))
        {
            dir = dir.Parent;
        }

        var doc = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "validation-rules.md"));
        foreach (var rule in RuleCodes.All)
        {
            doc.Should().Contain($"### {rule.Code}", $"{rule.Code} ({rule.Title}) must be documented");
            var section = doc[doc.IndexOf($"### {rule.Code}", StringComparison.Ordinal)..];
            var next = section.IndexOf("\n### ", 5, StringComparison.Ordinal);
            section = next < 0 ? section : section[..next];
            section.Should().Contain($"| Default severity | {rule.DefaultSeverity} |", rule.Code).And.Contain($"| Type | {rule.Type} |", rule.Code);
        }

        foreach (var property in typeof(ValidationPolicy).GetProperties().Where(p => p.Name != nameof(ValidationPolicy.Default) && p.Name != nameof(ValidationPolicy.MinAnnotatorKappa)))
        {
            doc.Should().Contain($"`{property.Name}`", "every policy key is documented");
        }
    }

    [Fact]
    public void KittiOntology_Compiles_WithVehiclesAndPeopleDisjoint()
    {
        var ontology = Validation.Ontology.CompiledOntology.Compile(KittiOntology.Definition);

        ontology.Relate("Car", "Pedestrian").Should().Be(Validation.Ontology.ClassRelation.Disjoint);
        ontology.Relate("vehicle", "Tram").Should().Be(Validation.Ontology.ClassRelation.Ancestor);
        ontology.Relate("Car", "lorry").Should().Be(Validation.Ontology.ClassRelation.Unrelated);
    }
}
