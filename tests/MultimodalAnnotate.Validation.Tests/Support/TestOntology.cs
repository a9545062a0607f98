using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Tests.Support;

/// <summary>A small realistic ontology: animals, people, vehicles, clothing, sounds; colours with shades.</summary>
public static class TestOntology
{
    public static OntologyDefinition Definition { get; } = new(
        [
            C("animal"),
            C("dog", ["animal"], ["hound"], ["doggy", "doggie"]),
            C("puppy", ["dog"], [], ["pup"]),
            C("cat", ["animal"], ["kitty"], []),
            C("pet", []),
            C("lapdog", ["dog", "pet"]),
            C("bird", ["animal"]),
            C("cow", ["animal"], ["cattle"], []),
            C("person", [], [], ["people", "man", "men", "woman", "women", "child", "children", "boy", "girl"]),
            C("vehicle"),
            C("car", ["vehicle"], ["automobile"], []),
            C("bus", ["vehicle"]),
            C("police car", ["car"]),
            C("shirt", [], [], ["t-shirt"]),
            C("tree"),
            C("sound"),
            C("bark", ["sound"]),
            C("engine noise", ["sound"]),
            C("speech", ["sound"]),
            C("positive"),
            C("negative"),
        ],
        [new("animal", "vehicle"), new("dog", "cat"), new("animal", "person"), new("person", "vehicle"), new("positive", "negative")],
        [
            new("colour", AttributeKind.Colour, []),
            new("moving", AttributeKind.Boolean, []),
            new("pose", AttributeKind.Enumeration, ["standing", "sitting", "lying"]),
            new("occluded", AttributeKind.Enumeration, ["0", "1", "2"]),
        ],
        [
            new("blue", null, "#0000ff"),
            new("navy", "blue", "#000080"),
            new("sky blue", "blue", "#87ceeb"),
            new("red", null, "#ff0000"),
            new("maroon", "red", "#800000"),
            new("green", null, "#008000"),
            new("teal", null, "#008080"),
            new("white", null, "#ffffff"),
            new("black", null, "#000000"),
            new("purple", null, "#800080"),
        ]);

    public static ItemValidator Validator(ValidationPolicy? policy = null) => new(Definition, policy ?? ValidationPolicy.Default);

    private static OntologyClassDefinition C(string name, string[]? parents = null, string[]? synonyms = null, string[]? forms = null) =>
        new(name, parents ?? [], synonyms ?? [], forms ?? []);
}
