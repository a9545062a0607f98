using System.Collections.ObjectModel;
using System.Text.Json;
using CsCheck;
using MultimodalAnnotate.Benchmarks.Validation;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Tests.Snapshots;

/// <summary>
/// The snapshot's attribute map must answer as the ordinal dictionary it replaces (lookups, order, repeated names), read
/// and write the same JSON, and give the engine the same findings as any other dictionary.
/// </summary>
public sealed class AttributeDictionaryTests
{
    // Names from a small pool that differ in case (so repeats and near misses are common), values possibly null.
    private static readonly string[] Pool = ["colour", "Colour", "COLOUR", "moving", "occluded", "truncated", "a", "A", "", "ß", "ss"];

    private static readonly Gen<string> Names = Gen.OneOf(Gen.Int[0, Pool.Length - 1].Select(i => Pool[i]), Gen.String[Gen.Char.AlphaNumeric, 1, 6]);

    private static readonly Gen<string?> Values = Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 0, 5], Gen.Int[0, 5]).Select((s, k) => k == 0 ? null : s);

    [Fact]
    public void LookupsAndOrder_AgreeWithAnOrdinalDictionary_BelowAndAboveTheScanLimit()
    {
        Gen.Select(Gen.Select(Names, Values).Array[0, 30], Names.Array[0, 10]).Sample((entries, probes) =>
        {
            var reference = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in entries)
            {
                reference[name] = value!;
            }

            var map = AttributeDictionary.From(entries.Select(e => new KeyValuePair<string, string>(e.Item1, e.Item2!)));

            map.Count.Should().Be(reference.Count);
            map.ToList().Should().Equal(reference.ToList(), "entries keep the order a dictionary enumerates them in");
            map.Keys.Should().Equal(reference.Keys);
            map.Values.Should().Equal(reference.Values);
            foreach (var name in entries.Select(e => e.Item1).Concat(probes))
            {
                map.TryGetValue(name, out var value).Should().Be(reference.TryGetValue(name, out var expected), $"looking up '{name}'");
                value.Should().Be(expected);
                map.ContainsKey(name).Should().Be(reference.ContainsKey(name));
                map.IndexOf(name).Should().Be(reference.ContainsKey(name) ? reference.Keys.ToList().IndexOf(name) : -1);
            }
        }, iter: 500);
    }

    [Fact]
    public void From_ReturnsTheSharedEmptyMapForNothing_AndAMapItself()
    {
        AttributeDictionary.From(null).Should().BeSameAs(AttributeDictionary.Empty);
        AttributeDictionary.From(new Dictionary<string, string>()).Should().BeSameAs(AttributeDictionary.Empty);
        var map = AttributeDictionary.From(new Dictionary<string, string> { ["colour"] = "red" });
        AttributeDictionary.From(map).Should().BeSameAs(map);
        AttributeDictionary.Empty.Count.Should().Be(0);
    }

    [Fact]
    public void TheIndexer_NamesAMissingAttribute()
    {
        var map = AttributeDictionary.From(new Dictionary<string, string> { ["colour"] = "red" });

        map["colour"].Should().Be("red");
        var missing = () => map["Colour"];
        missing.Should().Throw<KeyNotFoundException>().WithMessage("*'Colour'*");
    }

    [Fact]
    public void Json_IsReadIntoAMap_AndWrittenBackInOrder()
    {
        var annotation = JsonSerializer.Deserialize<AnnotationSnapshot>(Annotation("""{"moving":"true","colour":"navy","note":null,"colour":"red"}"""), ModelJson.Options)!;

        var map = annotation.Attributes.Should().BeOfType<AttributeDictionary>().Subject;
        map.Select(p => (p.Key, (string?)p.Value)).Should().Equal(("moving", "true"), ("colour", "red"), ("note", null));
        JsonSerializer.Serialize(annotation, ModelJson.Options).Should().Contain("""
            "attributes":{"moving":"true","colour":"red","note":null}
            """);
    }

    [Fact]
    public void Json_WithoutAttributes_GivesAnEmptyMap()
    {
        var annotation = JsonSerializer.Deserialize<AnnotationSnapshot>(Annotation("{}"), ModelJson.Options)!;

        annotation.Attributes.Should().BeSameAs(AttributeDictionary.Empty);
    }

    [Theory]
    [InlineData("""{"colour":3}""", "*attribute 'colour'*string*number*")]
    [InlineData("""{"occluded":{"level":1}}""", "*attribute 'occluded'*string*object*")]
    [InlineData("""["colour"]""", "*JSON object*not an array*")]
    public void Json_OfTheWrongShape_IsRejectedNamingTheAttribute(string attributes, string message)
    {
        var read = () => JsonSerializer.Deserialize<AnnotationSnapshot>(Annotation(attributes), ModelJson.Options);

        read.Should().Throw<JsonException>().WithMessage(message).Which.Path.Should().Be("$.attributes");
    }

    [Fact]
    public void TheEngine_FindsTheSame_WhateverDictionaryHoldsTheAttributes()
    {
        var validator = new ItemValidator(RealisticItem.Ontology, RealisticItem.Policy);
        Gen.Int[0, 10_000].Sample(seed =>
        {
            var item = RealisticItem.Create(seed);
            item.Annotations.Should().AllSatisfy(a => a.Attributes.Should().BeOfType<AttributeDictionary>());
            var asDictionaries = item with { Annotations = [.. item.Annotations.Select(a => a with { Attributes = new Dictionary<string, string>(a.Attributes) })] };
            var asOtherMaps = item with { Annotations = [.. item.Annotations.Select(a => a with { Attributes = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(a.Attributes)) })] };

            var expected = validator.Validate(item).Select(f => (f.Key, f.Message)).ToList();

            expected.Should().NotBeEmpty("the realistic item carries deliberate errors, some of them in colour attributes");
            validator.Validate(asDictionaries).Select(f => (f.Key, f.Message)).Should().Equal(expected);
            validator.Validate(asOtherMaps).Select(f => (f.Key, f.Message)).Should().Equal(expected);
        }, iter: 20);
    }

    private static string Annotation(string attributes) =>
        """{"id":"00000000-0000-0000-0000-000000000001","assetId":"00000000-0000-0000-0000-000000000002","label":"car","attributes":"""
        + attributes + ""","geometry":{"kind":"box2d","x":1,"y":1,"width":2,"height":2}}""";
}
