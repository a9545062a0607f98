using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Ontology;
using MultimodalAnnotate.Validation.Tests.Support;

namespace MultimodalAnnotate.Validation.Tests.Ontology;

public sealed class CompiledOntologyTests
{
    private static readonly CompiledOntology Compiled = CompiledOntology.Compile(TestOntology.Definition);

    private static OntologyClassDefinition C(string name, params string[] parents) => new(name, parents, [], []);

    private static int Id(string name) => Compiled.TryGetClass(name, out var id) ? id : throw new KeyNotFoundException(name);

    [Theory]
    [InlineData("dog", "dog", ClassRelation.Same)]
    [InlineData("animal", "puppy", ClassRelation.Ancestor)]
    [InlineData("puppy", "animal", ClassRelation.Descendant)]
    [InlineData("pet", "dog", ClassRelation.Overlapping)]
    [InlineData("puppy", "cat", ClassRelation.Disjoint)]
    [InlineData("lapdog", "police car", ClassRelation.Disjoint)]
    [InlineData("dog", "tree", ClassRelation.Unrelated)]
    [InlineData("bird", "cat", ClassRelation.Unrelated)]
    public void Relate_ClassesInTheDag_FollowsAncestryAndInheritedDisjointness(string a, string b, ClassRelation expected) =>
        Compiled.Relate(Id(a), Id(b)).Should().Be(expected);

    [Fact]
    public void TryGetClass_SynonymOrOtherCase_FindsTheClass()
    {
        Compiled.TryGetClass("HOUND", out var hound).Should().BeTrue();
        Compiled.NameOf(hound).Should().Be("dog");
        Compiled.TryGetClass("  cattle ", out var cow).Should().BeTrue();
        Compiled.NameOf(cow).Should().Be("cow");
        Compiled.TryGetClass("doggy", out _).Should().BeFalse("forms are for finding classes in text, not labels");
    }

    [Fact]
    public void Compile_IsACycle_NamesTheCycle()
    {
        var act = () => CompiledOntology.Compile(new OntologyDefinition([C("a", "c"), C("b", "a"), C("c", "b")], [], [], []));

        act.Should().Throw<ArgumentException>().WithMessage("The is-a hierarchy has a cycle: a → c → b → a.");
    }

    [Fact]
    public void Compile_UnknownParent_NamesBoth()
    {
        var act = () => CompiledOntology.Compile(new OntologyDefinition([C("dog", "canine")], [], [], []));

        act.Should().Throw<ArgumentException>().WithMessage("Class 'dog' has unknown parent 'canine'.*");
    }

    [Fact]
    public void Compile_DuplicateClass_IsRejected()
    {
        var act = () => CompiledOntology.Compile(new OntologyDefinition([C("dog"), C("Dog")], [], [], []));

        act.Should().Throw<ArgumentException>().WithMessage("Ontology class 'Dog' is defined twice.*");
    }

    [Fact]
    public void Compile_SynonymNamingAnotherClass_IsRejected()
    {
        var act = () => CompiledOntology.Compile(new OntologyDefinition([C("bicycle"), new("motorcycle", [], ["bicycle"], [])], [], [], []));

        act.Should().Throw<ArgumentException>().WithMessage("Synonym 'bicycle' of class 'motorcycle' already names class 'bicycle'.*");
    }

    [Fact]
    public void Compile_ClassUnderTwoDisjointParents_IsRejected()
    {
        var act = () => CompiledOntology.Compile(new OntologyDefinition([C("dog"), C("cat"), C("dogcat", "dog", "cat")], [new("dog", "cat")], [], []));

        act.Should().Throw<ArgumentException>().WithMessage("Class 'dogcat' descends from two classes declared disjoint.*");
    }

    [Fact]
    public void Compile_DisjointPairWithUnknownClass_IsRejected()
    {
        var act = () => CompiledOntology.Compile(new OntologyDefinition([C("dog")], [new("dog", "unicorn")], [], []));

        act.Should().Throw<ArgumentException>().WithMessage("Unknown class 'unicorn' in disjoint pair.*");
    }

    [Fact]
    public void Compile_BadColourValue_NamesTheTerm()
    {
        var act = () => CompiledOntology.Compile(new OntologyDefinition([], [], [], [new("navy", null, "#00008")]));

        act.Should().Throw<ArgumentException>().WithMessage("Colour term 'navy' has rgb '#00008', expected #rrggbb.*");
    }

    [Fact]
    public void Compile_ThousandClassChain_StaysFastAndCorrect()
    {
        var classes = Enumerable.Range(0, 1000).Select(i => C($"c{i}", i == 0 ? [] : [$"c{i - 1}"])).ToList();

        var compiled = CompiledOntology.Compile(new OntologyDefinition(classes, [], [], []));

        compiled.Relate(0, 999).Should().Be(ClassRelation.Ancestor);
        compiled.Relate(998, 500).Should().Be(ClassRelation.Descendant);
    }
}
