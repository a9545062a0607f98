using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Projects;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>Creates an annotation on an asset of an item: checked, stored, recorded in history and validated in one transaction.</summary>
public sealed class CreateAnnotation(IDbContextFactory<AppDbContext> factory, ItemValidation validation, TimeProvider clock)
{
    public sealed record Request(
        Guid ItemId,
        Guid AssetId,
        string Label,
        IReadOnlyDictionary<string, string>? Attributes,
        Geometry? Geometry,
        Guid? EntityId = null);

    public async Task<WriteResult<AnnotationView>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.Items.AnyAsync(i => i.Id == request.ItemId, ct))
        {
            return WriteResult<AnnotationView>.NotFound($"item {request.ItemId} does not exist");
        }
        // The transaction starts here: the item row is read and locked once, for the checks and the validation.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var locked = await validation.LockItemAsync(db, request.ItemId, ct);
        var item = locked.Item;
        if (!await ProjectAccess.HasAnyAsync(db, userId, item.ProjectId, ProjectAccess.Writers, ct))
        {
            return WriteResult<AnnotationView>.Forbidden();
        }
        // An overlap annotator labels blind into their own set; everyone else into the main set.
        var set = await AnnotationSet.OfAsync(db, item.Id, userId, ct);
        var asset = await db.Assets.AsNoTracking().FirstOrDefaultAsync(a => a.Id == request.AssetId, ct);
        if (asset is null || asset.ItemId != item.Id)
        {
            return WriteResult<AnnotationView>.Invalid("assetId", $"asset {request.AssetId} is not part of item \"{item.Name}\"");
        }
        var attributes = new Dictionary<string, string>(request.Attributes ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var (cls, errors) = await AnnotationInputCheck.CheckAsync(db, item.ProjectId, asset, request.Label, attributes, request.Geometry, ct);
        Entity? entity = null;
        if (request.EntityId is { } entityId)
        {
            entity = await db.Entities.FirstOrDefaultAsync(e => e.Id == entityId, ct);
            if (entity is null || entity.ItemId != item.Id)
            {
                errors["entityId"] = $"entity {entityId} is not part of item \"{item.Name}\"";
            }
            else if (entity.AssignmentId != set)
            {
                errors["entityId"] = $"entity {entityId} belongs to another annotator's set: link only to entities of your own set";
            }
        }
        if (errors.Count > 0)
        {
            return WriteResult<AnnotationView>.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var (start, end, granularity) = AnnotationDerivation.Derive(asset, request.Geometry!);
        var annotation = new Annotation
        {
            ItemId = item.Id,
            AssetId = asset.Id,
            ClassId = cls!.Id,
            Attributes = attributes,
            Geometry = request.Geometry!,
            GeometryKind = GeometryCheck.KindOf(request.Geometry!),
            TimeStart = start,
            TimeEnd = end,
            Granularity = granularity,
            EntityId = entity?.Id,
            AssignmentId = set,
            AuthorId = userId,
            UpdatedById = userId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Annotations.Add(annotation);
        var view = AnnotationView.From(annotation, cls.Name);
        HistoryRecorder.Record(db, item.ProjectId, item.Id, "annotation", annotation.Id, "created", userId, now, null, view.ToHistoryJson());
        if (entity is not null)
        {
            entity.Version++;
            entity.UpdatedAt = now;
            HistoryRecorder.Record(db, item.ProjectId, item.Id, "entity", entity.Id, "linked", userId, now, null, annotation.Id.ToString());
        }
        item.UpdatedAt = now;
        // Validation is staged before the save, so the annotation, its history and its findings go in one batch.
        var staged = await validation.StageAsync(db, locked, ct);
        await db.SaveChangesAsync(ct);
        await validation.CompleteAsync(db, staged, ct);
        await tx.CommitAsync(ct);
        return WriteResult<AnnotationView>.Ok(view);
    }
}
