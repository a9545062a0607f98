using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>Adds a history row to the context; it is saved in the same transaction as the change it records.</summary>
internal static class HistoryRecorder
{
    public static void Record(AppDbContext db, Guid projectId, Guid? itemId, string subjectType, Guid subjectId,
        string action, string userId, DateTimeOffset at, string? before, string? after) =>
        db.History.Add(new HistoryEvent
        {
            ProjectId = projectId,
            ItemId = itemId,
            SubjectType = subjectType,
            SubjectId = subjectId,
            Action = action,
            UserId = userId,
            At = at,
            Before = before,
            After = after,
        });
}
