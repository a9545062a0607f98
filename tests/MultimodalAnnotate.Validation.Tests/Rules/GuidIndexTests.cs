using CsCheck;
using MultimodalAnnotate.Validation.Rules;

namespace MultimodalAnnotate.Validation.Tests.Rules;

/// <summary>The engine's annotation-id index must answer as a dictionary where the first index of an id wins.</summary>
public sealed class GuidIndexTests
{
    // Ids from a small pool (so repeats and probe hits are common) mixed with fresh ones, and sequential ids that
    // differ in one byte (as database sequences give).
    private static readonly Gen<Guid> Ids = Gen.OneOf(
        Gen.Int[0, 40].Select(i => new Guid(i, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
        Gen.Guid);

    [Fact]
    public void Lookups_AgreeWithADictionary_AcrossResetsAndGrowth()
    {
        Gen.Select(Ids.Array[0, 700].Array[1, 4], Ids.Array[0, 60]).Sample((items, probes) =>
        {
            var index = new GuidIndex();
            foreach (var ids in items)
            {
                // One item after the other on one reused index, as the engine's context reuses it.
                index.Reset(ids.Length);
                var reference = new Dictionary<Guid, int>();
                for (var i = 0; i < ids.Length; i++)
                {
                    index.TryAdd(ids[i], i);
                    reference.TryAdd(ids[i], i);
                }

                foreach (var id in ids.Concat(probes))
                {
                    var found = index.TryGetValue(id, out var value);
                    found.Should().Be(reference.TryGetValue(id, out var expected), $"looking up {id}");
                    value.Should().Be(found ? expected : -1);
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void AnIdOfTheItemBefore_IsNotFoundAfterAReset()
    {
        var index = new GuidIndex();
        var id = Guid.NewGuid();
        index.Reset(1);
        index.TryAdd(id, 7);
        index.TryGetValue(id, out var value).Should().BeTrue();
        value.Should().Be(7);

        index.Reset(1);

        index.TryGetValue(id, out _).Should().BeFalse();
    }
}
