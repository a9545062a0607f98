using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;

namespace MultimodalAnnotate.Web.Features.Validation;

/// <summary>Reads what the pure engine needs from the store: an item snapshot and a project's ontology.</summary>
internal static class SnapshotLoader
{
    /// <summary>Version and entity of each annotation of the loaded item, for finding input hashes and unit counting.</summary>
    public sealed record AnnotationState(int Version, Guid? EntityId);

    public static async Task<ItemSnapshot> LoadItemAsync(AppDbContext db, Guid itemId, CancellationToken ct) =>
        (await LoadItemWithStateAsync(db, itemId, ct)).Snapshot;

    public static async Task<(ItemSnapshot Snapshot, Dictionary<Guid, AnnotationState> States)> LoadItemWithStateAsync(AppDbContext db, Guid itemId, CancellationToken ct)
    {
        var assets = await db.Assets.AsNoTracking().Where(a => a.ItemId == itemId).OrderBy(a => a.SortOrder).ToListAsync(ct);
        var annotations = await db.Annotations.AsNoTracking()
            .Where(a => a.ItemId == itemId && a.AssignmentId == null)
            .Join(db.OntologyClasses, a => a.ClassId, c => c.Id, (a, c) => new { Annotation = a, Label = c.Name })
            .ToListAsync(ct);
        var entities = await db.Entities.AsNoTracking().Where(e => e.ItemId == itemId && e.AssignmentId == null).ToListAsync(ct);
        var relations = await db.Relations.AsNoTracking().Where(r => r.ItemId == itemId).ToListAsync(ct);

        var mentions = annotations
            .Where(a => a.Annotation.EntityId is not null)
            .GroupBy(a => a.Annotation.EntityId!.Value)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Annotation.Id).Order().ToList());
        var states = annotations.ToDictionary(a => a.Annotation.Id, a => new AnnotationState(a.Annotation.Version, a.Annotation.EntityId));
        var snapshot = new ItemSnapshot(
            itemId,
            [.. assets.Select(Annotate.AnnotationDerivation.ToSnapshot)],
            [.. annotations.Select(a => new AnnotationSnapshot(a.Annotation.Id, a.Annotation.AssetId, StringPool.Share(a.Label), AttributeDictionary.From(a.Annotation.Attributes), a.Annotation.Geometry, a.Annotation.AuthorId))],
            [.. entities.Select(e => new EntitySnapshot(e.Id, e.Name, mentions.GetValueOrDefault(e.Id) ?? []))],
            [.. relations.Select(r => new RelationSnapshot(r.Id, r.Type, r.FromAnnotationId, r.ToAnnotationId))]);
        return (snapshot, states);
    }

    public static async Task<OntologyDefinition> LoadOntologyAsync(AppDbContext db, Guid projectId, CancellationToken ct) =>
        (await LoadOntologyWithNamesAsync(db, projectId, ct)).Ontology;

    /// <summary>The ontology, and the class names by id (to label annotations patched into a cached snapshot).</summary>
    public static async Task<(OntologyDefinition Ontology, IReadOnlyDictionary<Guid, string> ClassNames)> LoadOntologyWithNamesAsync(
        AppDbContext db, Guid projectId, CancellationToken ct)
    {
        var classes = await db.OntologyClasses.AsNoTracking().Where(c => c.ProjectId == projectId).Include(c => c.ParentLinks).ToListAsync(ct);
        var names = classes.ToDictionary(c => c.Id, c => c.Name);
        var disjoint = await db.OntologyDisjointness.AsNoTracking().Where(d => d.ProjectId == projectId).ToListAsync(ct);
        var attributes = await db.AttributeDefinitions.AsNoTracking().Where(a => a.ProjectId == projectId).ToListAsync(ct);
        var colours = await db.ColourTerms.AsNoTracking().Where(c => c.ProjectId == projectId).ToListAsync(ct);
        var ontology = new OntologyDefinition(
            [.. classes.Select(c => new OntologyClassDefinition(
                c.Name,
                [.. c.ParentLinks.Select(l => names[l.ParentId])],
                c.Synonyms,
                c.Forms))],
            [.. disjoint.Select(d => new DisjointPair(names[d.ClassAId], names[d.ClassBId]))],
            [.. attributes.Select(a => new AttributeDefinition(a.Name, a.Kind, a.Values))],
            [.. colours.Select(c => new ColourTerm(c.Name, c.Parent, c.Rgb))]);
        return (ontology, names);
    }
}
