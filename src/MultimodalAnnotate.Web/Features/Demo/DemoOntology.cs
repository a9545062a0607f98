using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Demo;

/// <summary>The demo project's ontology: a small is-a DAG with synonyms, disjointness, attributes and colours.</summary>
internal static class DemoOntology
{
    private sealed record C(string Name, string Colour, string[] Parents, string[] Synonyms, string[] Forms, string? Hotkey = null);

    private static readonly C[] Classes =
    [
        new("object", "#9e9e9e", [], [], []),
        new("animal", "#6d4c41", ["object"], [], []),
        new("dog", "#8d6e63", ["animal"], ["doggy", "hound"], ["dogs", "doggies"], "d"),
        new("puppy", "#a1887f", ["dog"], ["pup"], ["puppies"]),
        new("cat", "#ff8f00", ["animal"], ["kitty"], ["cats"], "c"),
        new("person", "#1565c0", ["object"], ["human"], ["people", "man", "men", "woman", "women"], "p"),
        new("pedestrian", "#1e88e5", ["person"], ["walker"], []),
        new("cyclist", "#42a5f5", ["person"], ["bicyclist"], []),
        new("vehicle", "#546e7a", ["object"], [], []),
        new("car", "#c62828", ["vehicle"], ["automobile"], ["cars"], "v"),
        new("truck", "#ad1457", ["vehicle"], ["lorry"], []),
        new("bicycle", "#00838f", ["vehicle"], ["bike"], []),
        new("cup", "#6a1b9a", ["object"], ["mug"], []),
        new("sound", "#455a64", [], [], []),
        new("bark", "#5d4037", ["sound"], ["barking", "woof"], ["barks"], "b"),
        new("speech", "#283593", ["sound"], ["talking", "utterance"], []),
        new("engine", "#37474f", ["sound"], ["motor"], []),
    ];

    private static readonly (string A, string B)[] Disjoint =
    [
        ("dog", "cat"), ("animal", "person"), ("animal", "vehicle"), ("person", "vehicle"), ("cup", "animal"), ("cup", "vehicle"),
    ];

    private static readonly (string Name, string? Parent, string Rgb)[] Colours =
    [
        ("red", null, "#d32f2f"), ("crimson", "red", "#dc143c"), ("blue", null, "#1e40c8"), ("navy", "blue", "#1a237e"),
        ("sky blue", "blue", "#87ceeb"), ("teal", null, "#008080"), ("green", null, "#2e7d32"), ("brown", null, "#795548"),
        ("white", null, "#ffffff"), ("black", null, "#000000"), ("grey", null, "#808080"), ("yellow", null, "#fdd835"),
    ];

    public static (List<OntologyClass> Classes, List<OntologyDisjointness> Disjoint, List<AttributeDefinitionEntity> Attributes, List<ColourTermEntity> Colours)
        Build(Guid projectId)
    {
        var classes = Classes.ToDictionary(c => c.Name, c => new OntologyClass
        {
            ProjectId = projectId,
            Name = c.Name,
            Colour = c.Colour,
            Synonyms = [.. c.Synonyms],
            Forms = [.. c.Forms],
            Hotkey = c.Hotkey,
        }, StringComparer.Ordinal);
        foreach (var c in Classes)
        {
            classes[c.Name].ParentLinks = [.. c.Parents.Select(p => new OntologyClassParent { ChildId = classes[c.Name].Id, ParentId = classes[p].Id })];
        }
        var disjoint = Disjoint.Select(d => new OntologyDisjointness { ProjectId = projectId, ClassAId = classes[d.A].Id, ClassBId = classes[d.B].Id }).ToList();
        var attributes = new List<AttributeDefinitionEntity>
        {
            new() { ProjectId = projectId, Name = "colour", Kind = AttributeKind.Colour },
            new() { ProjectId = projectId, Name = "occluded", Kind = AttributeKind.Boolean },
            new() { ProjectId = projectId, Name = "sentiment", Kind = AttributeKind.Enumeration, Values = ["positive", "neutral", "negative"] },
            new() { ProjectId = projectId, Name = "speaker", Kind = AttributeKind.Text },
        };
        var colours = Colours.Select(c => new ColourTermEntity { ProjectId = projectId, Name = c.Name, Parent = c.Parent, Rgb = c.Rgb }).ToList();
        return ([.. classes.Values], disjoint, attributes, colours);
    }
}
