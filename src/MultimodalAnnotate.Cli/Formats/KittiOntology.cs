using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Formats;

/// <summary>The KITTI object classes as an ontology: vehicles and people under two disjoint parents.</summary>
public static class KittiOntology
{
    /// <summary>
    /// Car, Van, Truck, Tram are-a vehicle; Pedestrian, Person_sitting, Cyclist are-a person; Misc stands alone;
    /// vehicle ⟂ person. Synonyms and forms let captions find them ("cars", "lorry", "people", "bicyclist").
    /// </summary>
    public static OntologyDefinition Definition { get; } = new(
        [
            new("vehicle", [], ["vehicles"], []),
            new("person", [], [], ["people", "persons"]),
            new("Car", ["vehicle"], [], ["automobile"]),
            new("Van", ["vehicle"], [], ["minivan"]),
            new("Truck", ["vehicle"], ["lorry"], []),
            new("Tram", ["vehicle"], ["streetcar"], []),
            new("Pedestrian", ["person"], [], ["walker"]),
            new("Person_sitting", ["person"], [], ["sitting person"]),
            new("Cyclist", ["person"], ["bicyclist"], []),
            new("Misc", [], [], []),
        ],
        [new("vehicle", "person")],
        [
            new("truncated", AttributeKind.Number, []),
            new("occluded", AttributeKind.Enumeration, ["0", "1", "2", "3"]),
        ],
        []);
}
