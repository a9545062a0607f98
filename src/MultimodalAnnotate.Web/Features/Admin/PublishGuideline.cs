using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Admin;

/// <summary>
/// A project admin publishes a new version of the guidelines (markdown). Versions are never edited: the next
/// iteration's batches cite the version their annotators worked with.
/// </summary>
public sealed class PublishGuideline(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public sealed record Request(Guid ProjectId, string Markdown, int ExpectedLatestVersion);

    public const int MaxLength = 200_000;

    public async Task<WriteResult<int>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await AdminAccess.CheckAsync<int>(db, request.ProjectId, userId, ct) is { } denied)
        {
            return denied;
        }
        var markdown = request.Markdown?.Trim() ?? "";
        if (markdown.Length == 0)
        {
            return WriteResult<int>.Invalid("markdown", "the guidelines are empty");
        }
        if (markdown.Length > MaxLength)
        {
            return WriteResult<int>.Invalid("markdown", $"the guidelines are {markdown.Length} characters long; at most {MaxLength} are allowed");
        }
        var latest = await db.Guidelines.Where(g => g.ProjectId == request.ProjectId).MaxAsync(g => (int?)g.Version, ct) ?? 0;
        if (latest != request.ExpectedLatestVersion)
        {
            return WriteResult<int>.Conflict($"someone published version {latest} while you edited version {request.ExpectedLatestVersion}; compare and publish again", latest);
        }
        var now = clock.GetUtcNow();
        var guideline = new Guideline { ProjectId = request.ProjectId, Version = latest + 1, Markdown = markdown, AuthorId = userId, CreatedAt = now };
        db.Guidelines.Add(guideline);
        HistoryRecorder.Record(db, request.ProjectId, null, "guideline", guideline.Id, "published", userId, now, null, $"{{\"version\":{guideline.Version}}}");
        await db.SaveChangesAsync(ct);
        return WriteResult<int>.Ok(guideline.Version);
    }
}
