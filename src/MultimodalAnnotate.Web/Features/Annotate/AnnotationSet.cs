using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>
/// Which set of an item's annotations and entities a user works on and sees. A blind overlap annotator has their
/// own set (rows carrying their overlap assignment's id); everyone else works on the item's main set (null), the one
/// validation and review read. Sets never mix: nobody touches a set that is not theirs.
/// </summary>
public static class AnnotationSet
{
    /// <summary>The caller's overlap assignment on the item (their blind set), or null for the main set.</summary>
    public static Task<Guid?> OfAsync(AppDbContext db, Guid itemId, string userId, CancellationToken ct) =>
        db.ItemAssignments.AsNoTracking()
            .Where(a => a.ItemId == itemId && a.UserId == userId && a.IsOverlap)
            .Select(a => (Guid?)a.Id)
            .FirstOrDefaultAsync(ct);

    /// <summary>The refusal when a row of another set is touched (the other annotator's work stays blind and untouched).</summary>
    public static WriteResult<T> NotYours<T>(string what) =>
        WriteResult<T>.Forbidden($"{what} belongs to another annotator's set: you can only change your own set of this item");
}
