using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Formats;

// PLACEHOLDER until the validation engineer's KITTI reader (Formats/Kitti*.cs) is merged; the lead deletes
// this file at merge. Only the names the CLI codes against are here.

/// <summary>Reads a KITTI object folder (image_2, velodyne, calib, label_2) into item snapshots.</summary>
public static class KittiObjectFolder
{
    /// <summary>One item per KITTI frame of <paramref name="folder"/>.</summary>
    public static IReadOnlyList<ItemSnapshot> Read(string folder) =>
        throw new NotImplementedException($"The KITTI reader is not merged yet (asked to read {folder}).");
}

/// <summary>The ontology of KITTI's object classes.</summary>
public static class KittiOntology
{
    /// <summary>KITTI's classes (Car, Van, Truck, Pedestrian, Person_sitting, Cyclist, Tram, Misc, DontCare).</summary>
    public static OntologyDefinition Definition =>
        throw new NotImplementedException("The KITTI ontology is not merged yet.");
}
