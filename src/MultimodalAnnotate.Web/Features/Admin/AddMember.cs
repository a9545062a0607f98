using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Admin;

/// <summary>A project admin gives an existing user (found by email) a role in the project.</summary>
public sealed class AddMember(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public sealed record Request(Guid ProjectId, string Email, ProjectRole Role);

    public async Task<WriteResult<AdminQueries.MemberRow>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await AdminAccess.CheckAsync<AdminQueries.MemberRow>(db, request.ProjectId, userId, ct) is { } denied)
        {
            return denied;
        }
        var email = request.Email?.Trim() ?? "";
        var normalised = email.ToUpperInvariant();
        var user = email.Length == 0 ? null : await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalised, ct);
        if (user is null)
        {
            return WriteResult<AdminQueries.MemberRow>.Invalid("email", email.Length == 0 ? "enter the email of the person to add" : $"nobody with the email \"{email}\" has an account");
        }
        if (!Enum.IsDefined(request.Role))
        {
            return WriteResult<AdminQueries.MemberRow>.Invalid("role", $"unknown role {request.Role}");
        }
        if (await db.ProjectMembers.AnyAsync(m => m.ProjectId == request.ProjectId && m.UserId == user.Id && m.Role == request.Role, ct))
        {
            return WriteResult<AdminQueries.MemberRow>.Invalid("role", $"{email} already is {request.Role} in this project");
        }
        var now = clock.GetUtcNow();
        db.ProjectMembers.Add(new ProjectMember { ProjectId = request.ProjectId, UserId = user.Id, Role = request.Role, AddedAt = now });
        HistoryRecorder.Record(db, request.ProjectId, null, "member", request.ProjectId, "role-added", userId, now, null, $"{{\"user\":\"{user.Id}\",\"role\":\"{request.Role}\"}}");
        await db.SaveChangesAsync(ct);
        return WriteResult<AdminQueries.MemberRow>.Ok(new AdminQueries.MemberRow(user.Id, user.Email ?? "", user.DisplayName, [request.Role]));
    }
}
