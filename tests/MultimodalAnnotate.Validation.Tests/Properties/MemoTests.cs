using CsCheck;
using MultimodalAnnotate.Benchmarks.Validation;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Tests.Support;

namespace MultimodalAnnotate.Validation.Tests.Properties;

/// <summary>
/// Validating with a <see cref="ValidationMemo"/> (the save path: facts of unchanged assets and annotations reused)
/// must give exactly the findings of a validation from scratch, whatever the edits in between.
/// </summary>
public sealed class MemoTests
{
    private static readonly ItemValidator Realistic = new(RealisticItem.Ontology, RealisticItem.Policy);

    private static readonly string[] Labels = ["car", "taxi", "cat", "dog", "puppy", "animal", "pedestrian", "bark", "unicorn", "Automobile"];
    private static readonly string[] FlagValues = ["true", "false", "maybe", "1", "2", "3", " TRUE "];
    private static readonly string?[] ColourValues = ["red", "navy", "teal", "maroon", "mauve", "#00ff00", " Blue ", null];

    [Fact]
    public void RandomEditSequences_WithTheMemo_GiveTheFindingsOfAFullValidation()
    {
        long reused = 0;
        Gen.Int[0, 1_000_000].Sample(seed =>
        {
            var random = new Random(seed);
            var item = RealisticItem.Create(seed % 5);
            var memo = new ValidationMemo();
            Realistic.Validate(item, memo).Should().BeEquivalentTo(Realistic.Validate(item), o => o.WithStrictOrdering());
            for (var step = 0; step < 12; step++)
            {
                var (edited, what) = Edit(item, random);
                item = edited;
                var incremental = Realistic.Validate(item, memo);
                var full = Realistic.Validate(item);
                incremental.Should().BeEquivalentTo(full, o => o.WithStrictOrdering(), $"after {what} (seed {seed}, step {step})");
            }

            reused += memo.AnnotationReuses;
        }, iter: 25, threads: 1);

        // The property is about the memo path: most annotations were taken from it.
        reused.Should().BeGreaterThan(25 * 12 * 150);
    }

    [Fact]
    public void AMemoFilledUnderOtherRules_IsNotUsed()
    {
        var item = RealisticItem.Create(1);
        var memo = new ValidationMemo();
        Realistic.Validate(item, memo);
        // Same ontology, a policy without colour thresholds worth reporting: the memo's colour facts and class ids
        // belong to the other compiled rules, so nothing is reused and the findings are those of the new rules.
        var strict = new ItemValidator(RealisticItem.Ontology, RealisticItem.Policy with { RequiredTextMentionClasses = ["vehicle"] });

        var findings = strict.Validate(item, memo);

        findings.Should().BeEquivalentTo(strict.Validate(item), o => o.WithStrictOrdering());
        memo.AnnotationReuses.Should().Be(0);
        memo.AssetReuses.Should().Be(0);
        strict.Validate(item, memo);
        memo.AnnotationReuses.Should().Be(item.Annotations.Count, "the second validation under the same rules reuses every annotation");
    }

    [Fact]
    public void AnUnknownColourOnAnUnchangedAnnotation_IsReportedAgainWhenAnotherAnnotationChanges()
    {
        var b = new ItemBuilder();
        var image = b.Image(at: 0);
        var text = b.Text("A dog sits.");
        var box = b.Annotate(image, "dog", new Box2D(0, 0, 10, 10), ("colour", "mauve"));
        b.Link(box, b.Annotate(text, "dog", new TextSpan(2, 5)));
        var item = b.Build();
        var validator = TestOntology.Validator();
        var memo = new ValidationMemo();
        validator.Validate(item, memo).WithCode(RuleCodes.UnknownColour).Should().ContainSingle();

        // The span moves; the box (with its unknown colour) is the same instance and comes from the memo.
        var annotations = item.Annotations.ToArray();
        annotations[1] = annotations[1] with { Geometry = new TextSpan(2, 6) };
        var findings = validator.Validate(item with { Annotations = annotations }, memo);

        findings.WithCode(RuleCodes.UnknownColour).Should().ContainSingle().Which.Message.Should().Contain("'mauve'");
        memo.AnnotationReuses.Should().Be(1);
    }

    /// <summary>One random edit of the kinds a save makes (and a few it rarely makes), as a new snapshot.</summary>
    private static (ItemSnapshot Item, string What) Edit(ItemSnapshot item, Random random)
    {
        var annotations = item.Annotations.ToList();
        var i = random.Next(annotations.Count);
        var a = annotations[i];
        switch (random.Next(9))
        {
            case 0:
                annotations[i] = a with { Geometry = Nudge(a.Geometry, random) };
                return (item with { Annotations = annotations }, $"geometry of #{i}");
            case 1:
                annotations[i] = a with { Label = Labels[random.Next(Labels.Length)] };
                return (item with { Annotations = annotations }, $"label of #{i}");
            case 2:
                var attributes = new Dictionary<string, string>(a.Attributes);
                if (random.Next(3) == 0)
                {
                    // Values SEM-011 checks: some fit the definitions (moving: boolean, occluded: 0/1/2), some do not.
                    attributes[random.Next(2) == 0 ? "moving" : "occluded"] = FlagValues[random.Next(FlagValues.Length)];
                }
                else if (ColourValues[random.Next(ColourValues.Length)] is { } colour)
                {
                    attributes["colour"] = colour;
                }
                else
                {
                    attributes.Remove("colour");
                }

                annotations[i] = a with { Attributes = attributes };
                return (item with { Annotations = annotations }, $"attributes of #{i}");
            case 3:
                annotations.RemoveAt(i);
                return (item with { Annotations = annotations }, $"delete #{i}");
            case 4:
                var copy = a with { Id = Guid.NewGuid(), Geometry = Nudge(a.Geometry, random) };
                annotations.Insert(random.Next(annotations.Count + 1), copy);
                var entities = item.Entities.ToList();
                var e = random.Next(entities.Count);
                entities[e] = entities[e] with { Mentions = [.. entities[e].Mentions, copy.Id] };
                return (item with { Annotations = annotations, Entities = entities }, "add a linked copy");
            case 5:
                var j = random.Next(annotations.Count);
                (annotations[i], annotations[j]) = (annotations[j], annotations[i]);
                return (item with { Annotations = annotations }, $"swap #{i} and #{j}");
            case 6:
                var moved = item.Entities.ToList();
                var (from, to) = (random.Next(moved.Count), random.Next(moved.Count));
                if (moved[from].Mentions.Count > 0)
                {
                    var mention = moved[from].Mentions[0];
                    moved[from] = moved[from] with { Mentions = moved[from].Mentions.Skip(1).ToList() };
                    moved[to] = moved[to] with { Mentions = [.. moved[to].Mentions, mention] };
                }

                return (item with { Entities = moved }, $"move a mention from entity {from} to {to}");
            case 7:
                // The caption text changes ("One" becomes "Two" somewhere): every asset-derived fact is stale.
                var assets = item.Assets.Select(x => x.Content is { } content && content.IndexOf("One ", StringComparison.Ordinal) is var at and >= 0
                    ? x with { Content = string.Concat(content.AsSpan(0, at), "Two", content.AsSpan(at + 3)) }
                    : x).ToList();
                return (item with { Assets = assets }, "caption text");
            default:
                var shifted = item.Assets.Select(x => x.Modality == Modality.Audio ? x with { TimeBase = x.TimeBase with { Offset = x.TimeBase.Offset + 0.3 } } : x).ToList();
                return (item with { Assets = shifted }, "audio offset");
        }
    }

    private static Model.Geometry Nudge(Model.Geometry geometry, Random random)
    {
        var d = (random.NextDouble() - 0.5) * 4;
        return geometry switch
        {
            Box2D box => box with { X = box.X + (d * 40), Time = box.Time is { } t ? t + (d / 100) : null },
            Cuboid cuboid => cuboid with { Center = cuboid.Center with { Y = cuboid.Center.Y + d } },
            TimeSegment segment => segment with { Start = segment.Start + d, End = segment.End + (d / 2) },
            TextSpan span => span with { Start = Math.Max(0, span.Start + (int)Math.Round(d * 3)) },
            Track track => track with { Keyframes = [.. track.Keyframes.Select((k, n) => n == 0 ? k with { At = k.At + (d / 50) } : k)] },
            _ => geometry,
        };
    }
}
