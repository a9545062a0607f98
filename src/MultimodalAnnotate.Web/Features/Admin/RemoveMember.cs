using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Admin;

/// <summary>A project admin takes a role away from a member. The project's last admin role cannot be removed.</summary>
public sealed class RemoveMember(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public sealed record Request(Guid ProjectId, string MemberUserId, ProjectRole Role);

    public async Task<WriteResult<bool>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await AdminAccess.CheckAsync<bool>(db, request.ProjectId, userId, ct) is { } denied)
        {
            return denied;
        }
        var member = await db.ProjectMembers.FirstOrDefaultAsync(m => m.ProjectId == request.ProjectId && m.UserId == request.MemberUserId && m.Role == request.Role, ct);
        if (member is null)
        {
            return WriteResult<bool>.Invalid("role", $"that user is not {request.Role} in this project");
        }
        if (request.Role == ProjectRole.Admin && await db.ProjectMembers.CountAsync(m => m.ProjectId == request.ProjectId && m.Role == ProjectRole.Admin, ct) == 1)
        {
            return WriteResult<bool>.Invalid("role", "this is the project's last admin: add another admin first");
        }
        var now = clock.GetUtcNow();
        db.ProjectMembers.Remove(member);
        HistoryRecorder.Record(db, request.ProjectId, null, "member", request.ProjectId, "role-removed", userId, now, $"{{\"user\":\"{member.UserId}\",\"role\":\"{member.Role}\"}}", null);
        await db.SaveChangesAsync(ct);
        return WriteResult<bool>.Ok(true);
    }
}
