using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;

namespace MultimodalAnnotate.Web.Tests.Data;

/// <summary>
/// The change-detection comparer of JSON columns answers "would these serialise to the same document?" — cheaply
/// where it can, by serialising where it must. A wrong "same" would lose a user's edit at save.
/// </summary>
public sealed class JsonColumnsTests
{
    [Fact]
    public void AttributeMaps_AreTheSameDocument_OnlyWithTheSameEntriesInTheSameOrder()
    {
        var map = new Dictionary<string, string> { ["colour"] = "red", ["occluded"] = "1" };

        JsonColumns.SameDocument(map, new Dictionary<string, string> { ["colour"] = "red", ["occluded"] = "1" }).Should().BeTrue();
        JsonColumns.SameDocument(map, new Dictionary<string, string> { ["colour"] = "Red", ["occluded"] = "1" }).Should().BeFalse("values compare ordinally");
        JsonColumns.SameDocument(map, new Dictionary<string, string> { ["Colour"] = "red", ["occluded"] = "1" }).Should().BeFalse("keys compare ordinally");
        JsonColumns.SameDocument(map, new Dictionary<string, string> { ["colour"] = "red" }).Should().BeFalse();
        JsonColumns.SameDocument(map, new Dictionary<string, string> { ["colour"] = "red", ["occluded"] = "1", ["pose"] = "lying" }).Should().BeFalse();
        JsonColumns.SameDocument(map, new Dictionary<string, string> { ["occluded"] = "1", ["colour"] = "red" }).Should().BeFalse("another order is another document");
        JsonColumns.SameDocument(map, null).Should().BeFalse();
    }

    [Fact]
    public void Geometries_CompareByValue_AndByContentWhenTheyHoldLists()
    {
        JsonColumns.SameDocument<Geometry>(new Box2D(1, 2, 3, 4), new Box2D(1, 2, 3, 4)).Should().BeTrue();
        JsonColumns.SameDocument<Geometry>(new Box2D(1, 2, 3, 4), new Box2D(1, 2, 3, 4.5)).Should().BeFalse();
        JsonColumns.SameDocument<Geometry>(new Box2D(1, 2, 3, 4), new TimeSegment(1, 2)).Should().BeFalse();

        // Two polygons with equal points in other list instances are one document; a moved point is another.
        Polygon Square(double corner) => new([new Point2(0, 0), new Point2(corner, 0), new Point2(corner, corner)]);
        JsonColumns.SameDocument<Geometry>(Square(5), Square(5)).Should().BeTrue();
        JsonColumns.SameDocument<Geometry>(Square(5), Square(6)).Should().BeFalse();
    }

    [Fact]
    public void Lists_CompareInOrder()
    {
        JsonColumns.SameDocument(new List<string> { "cattle", "cows" }, ["cattle", "cows"]).Should().BeTrue();
        JsonColumns.SameDocument(new List<string> { "cattle", "cows" }, ["cows", "cattle"]).Should().BeFalse();
        var id = Guid.NewGuid();
        JsonColumns.SameDocument(new List<Guid> { id }, [id]).Should().BeTrue();
        JsonColumns.SameDocument(new List<Guid> { id }, [Guid.NewGuid()]).Should().BeFalse();
    }
}
