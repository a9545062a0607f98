using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Jobs;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Features.Validation;

/// <summary>
/// Replaces a project's validation policy (project admins only), bumps its rules version, records the change and
/// queues a background re-validation of every item so findings follow the new thresholds.
/// </summary>
public sealed class UpdatePolicy(IDbContextFactory<AppDbContext> factory, JobQueue jobs, TimeProvider clock)
{
    public sealed record Request(Guid ProjectId, ValidationPolicy Policy, int ExpectedRulesVersion);

    public sealed record Result(int RulesVersion, Guid JobId);

    public async Task<WriteResult<Result>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == request.ProjectId, ct);
        if (project is null || !(await ProjectAccess.RolesAsync(db, userId, project.Id, ct)).Contains(ProjectRole.Admin))
        {
            return project is null || (await ProjectAccess.RolesAsync(db, userId, project.Id, ct)).Count == 0
                ? WriteResult<Result>.NotFound($"project {request.ProjectId} does not exist")
                : WriteResult<Result>.Forbidden();
        }
        if (project.RulesVersion != request.ExpectedRulesVersion)
        {
            return WriteResult<Result>.Conflict(
                $"the project's rules were changed by someone else (you edited version {request.ExpectedRulesVersion}, it is now version {project.RulesVersion})",
                project.Policy);
        }
        var errors = PolicyCheck.Check(request.Policy);
        if (errors.Count > 0)
        {
            return WriteResult<Result>.Invalid(errors);
        }

        var before = System.Text.Json.JsonSerializer.Serialize(project.Policy, ModelJson.Options);
        project.Policy = request.Policy;
        project.RulesVersion++;
        HistoryRecorder.Record(db, project.Id, null, "policy", project.Id, "updated", userId, clock.GetUtcNow(), before,
            System.Text.Json.JsonSerializer.Serialize(request.Policy, ModelJson.Options));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WriteResult<Result>.Conflict("the project's rules were changed by someone else while saving", null);
        }
        var job = await jobs.EnqueueAsync(RevalidateProjectJob.JobKind, project.Id, ct: ct);
        return WriteResult<Result>.Ok(new Result(project.RulesVersion, job));
    }
}

/// <summary>Rejects policies whose thresholds make no sense, naming the field.</summary>
internal static class PolicyCheck
{
    public static Dictionary<string, string> Check(ValidationPolicy policy)
    {
        var errors = new Dictionary<string, string>();
        if (policy.MinProjectionIoU is < 0 or > 1 || double.IsNaN(policy.MinProjectionIoU))
        {
            errors["minProjectionIoU"] = $"must be between 0 and 1 (got {policy.MinProjectionIoU.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
        }
        foreach (var (pair, seconds) in policy.TemporalTolerance)
        {
            if (seconds < 0 || !double.IsFinite(seconds))
            {
                errors[$"temporalTolerance.{pair}"] = "must be a non-negative number of seconds";
            }
        }
        if (policy.MinAnnotatorKappa is < -1 or > 1 || double.IsNaN(policy.MinAnnotatorKappa))
        {
            errors["minAnnotatorKappa"] = "must be between -1 and 1";
        }
        return errors;
    }
}
