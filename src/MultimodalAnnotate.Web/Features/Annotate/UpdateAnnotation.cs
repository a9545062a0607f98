using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Projects;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>
/// Changes an annotation's label, attributes or geometry. The caller says which version it edited; when
/// somebody else saved in between, the result is a conflict carrying the current version (never an overwrite).
/// </summary>
public sealed class UpdateAnnotation(IDbContextFactory<AppDbContext> factory, ItemValidation validation, TimeProvider clock)
{
    /// <summary>Null members are left as they are.</summary>
    public sealed record Request(
        Guid AnnotationId,
        int ExpectedVersion,
        string? Label = null,
        IReadOnlyDictionary<string, string>? Attributes = null,
        Geometry? Geometry = null);

    public async Task<WriteResult<AnnotationView>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // The annotation (tracked) with its class's name, in one round trip.
        var found = await db.Annotations.Where(a => a.Id == request.AnnotationId)
            .Select(a => new { Annotation = a, Label = db.OntologyClasses.Where(c => c.Id == a.ClassId).Select(c => c.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return WriteResult<AnnotationView>.NotFound($"annotation {request.AnnotationId} does not exist");
        }
        var annotation = found.Annotation;
        var currentLabel = found.Label ?? string.Empty;
        // The transaction starts here: the item row is read and locked once, for the checks and the validation.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var locked = await validation.LockItemAsync(db, annotation.ItemId, ct);
        var projectId = locked.Item.ProjectId;
        if (!await ProjectAccess.HasAnyAsync(db, userId, projectId, ProjectAccess.Writers, ct))
        {
            return WriteResult<AnnotationView>.Forbidden();
        }
        if (annotation.AssignmentId != await AnnotationSet.OfAsync(db, annotation.ItemId, userId, ct))
        {
            return AnnotationSet.NotYours<AnnotationView>($"annotation {annotation.Id}");
        }
        var before = AnnotationView.From(annotation, currentLabel);
        if (annotation.Version != request.ExpectedVersion)
        {
            return Conflict(before, request.ExpectedVersion);
        }

        var asset = await db.Assets.AsNoTracking().FirstAsync(a => a.Id == annotation.AssetId, ct);
        var label = request.Label ?? currentLabel;
        var attributes = request.Attributes ?? annotation.Attributes;
        var geometry = request.Geometry ?? annotation.Geometry;
        var now = clock.GetUtcNow();

        // The common save keeps the class and sends a well-formed geometry: then the change is applied and its
        // validation started before the input checks, so that the engine runs while they wait for the database
        // (the checks decide; when they fail nothing is saved and the validation is dropped). ADR-008.
        StagedValidation? staged = null;
        if (string.Equals(label.Trim(), currentLabel, StringComparison.Ordinal) && geometry is not null && GeometryCheck.Check(asset, geometry) is null)
        {
            Apply(annotation, asset, annotation.ClassId, attributes, geometry, userId, now);
            staged = await validation.StageAsync(db, locked, ct, overlap: true);
        }
        var (cls, errors) = await AnnotationInputCheck.CheckAsync(db, projectId, asset, label, attributes, geometry, ct);
        if (errors.Count > 0)
        {
            return WriteResult<AnnotationView>.Invalid(errors);
        }

        if (staged is null)
        {
            Apply(annotation, asset, cls!.Id, attributes, geometry!, userId, now);
        }
        var after = AnnotationView.From(annotation, cls!.Name);

        HistoryRecorder.Record(db, projectId, annotation.ItemId, "annotation", annotation.Id, "updated", userId, now, before.ToHistoryJson(), after.ToHistoryJson());
        // The findings are staged before the save, so the change, its history row and its findings go in one batch.
        if (staged is null)
        {
            staged = await validation.StageAsync(db, locked, ct);
        }
        else
        {
            await validation.ReconcileAsync(db, staged);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Somebody saved between our read and our write: report their version, keep ours unsaved.
            await tx.RollbackAsync(ct);
            await using var fresh = await factory.CreateDbContextAsync(ct);
            var current = await fresh.Annotations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == request.AnnotationId, ct);
            var currentName = current is null ? null : await fresh.OntologyClasses.Where(c => c.Id == current.ClassId).Select(c => c.Name).FirstAsync(ct);
            return current is null
                ? WriteResult<AnnotationView>.NotFound($"annotation {request.AnnotationId} was deleted by someone else")
                : Conflict(AnnotationView.From(current, currentName!), request.ExpectedVersion);
        }
        await validation.CompleteAsync(db, staged, ct);
        await tx.CommitAsync(ct);
        return WriteResult<AnnotationView>.Ok(after);
    }

    private static void Apply(
        Annotation annotation, Asset asset, Guid classId, IReadOnlyDictionary<string, string> attributes, Geometry geometry, string userId, DateTimeOffset now)
    {
        var (start, end, granularity) = AnnotationDerivation.Derive(asset, geometry);
        annotation.ClassId = classId;
        annotation.Attributes = new Dictionary<string, string>(attributes, StringComparer.Ordinal);
        annotation.Geometry = geometry;
        annotation.GeometryKind = GeometryCheck.KindOf(geometry);
        annotation.TimeStart = start;
        annotation.TimeEnd = end;
        annotation.Granularity = granularity;
        annotation.UpdatedById = userId;
        annotation.UpdatedAt = now;
        annotation.Version++;
    }

    private static WriteResult<AnnotationView> Conflict(AnnotationView current, int expected) =>
        WriteResult<AnnotationView>.Conflict(
            $"the annotation was changed by someone else (you edited version {expected}, it is now version {current.Version})",
            current);
}
