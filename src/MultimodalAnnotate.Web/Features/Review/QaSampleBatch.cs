using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>
/// A QA lead draws a random sample of a batch's approved items for QA: ⌈rate × approved⌉ of them (at least one while
/// the rate is above zero), with the rate from <see cref="ProjectSettings.QaSampleRate"/>. Sampled items move to
/// QaSampled; the rest stay approved. Drawing again samples from the approved items still left.
/// </summary>
public sealed class QaSampleBatch(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    /// <param name="BatchId">The batch to sample.</param>
    /// <param name="Seed">Seed of the random draw, for a reproducible sample; null draws afresh.</param>
    public sealed record Request(Guid BatchId, int? Seed = null);

    public sealed record Result(Guid BatchId, int Approved, double Rate, IReadOnlyList<Guid> SampledItemIds);

    public async Task<WriteResult<Result>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var batch = await db.Batches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == request.BatchId, ct);
        var roles = batch is null ? new HashSet<ProjectRole>() : await ProjectAccess.RolesAsync(db, userId, batch.ProjectId, ct);
        if (batch is null || roles.Count == 0)
        {
            return ReviewSteps.NotFound<Result>("batch", request.BatchId);
        }
        if (!roles.Overlaps(ReviewWorkflow.QaLeads))
        {
            return ReviewSteps.Forbidden<Result>($"Only a {ReviewSteps.RoleNames(ReviewWorkflow.QaLeads)} of this project can draw a QA sample.");
        }
        var settings = await db.Projects.AsNoTracking().Where(p => p.Id == batch.ProjectId).Select(p => p.Settings).FirstAsync(ct);
        var rate = Math.Clamp(settings.QaSampleRate, 0, 1);
        var approved = await db.Items.Where(i => i.BatchId == batch.Id && i.Status == ItemStatus.Approved).OrderBy(i => i.Id).ToListAsync(ct);
        if (approved.Count == 0)
        {
            return WriteResult<Result>.Invalid("batch", $"batch \"{batch.Name}\" (iteration {batch.Iteration}) has no approved items left to sample");
        }
        if (rate <= 0)
        {
            return WriteResult<Result>.Invalid("qaSampleRate", "the project's QA sample rate is 0 %: set it above zero to sample");
        }
        var count = SampleSize(approved.Count, rate);
        var random = request.Seed is { } seed ? new Random(seed) : Random.Shared;
        var sample = approved.OrderBy(_ => random.Next()).Take(count).ToList();

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var comment = string.Create(CultureInfo.InvariantCulture, $"sampled {count} of {approved.Count} approved items at {rate:P0}");
        foreach (var item in sample)
        {
            ReviewSteps.Move(db, item, ReviewAction.QaSample, ItemStatus.QaSampled, comment, userId, now);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            return WriteResult<Result>.Conflict("an approved item of the batch changed while sampling; nothing was sampled, draw again", null);
        }
        await tx.CommitAsync(ct);
        return WriteResult<Result>.Ok(new Result(batch.Id, approved.Count, rate, [.. sample.Select(i => i.Id)]));
    }

    /// <summary>⌈rate × approved⌉, at least one and at most all.</summary>
    public static int SampleSize(int approved, double rate) =>
        approved == 0 || rate <= 0 ? 0 : Math.Clamp((int)Math.Ceiling((approved * rate) - 1e-9), 1, approved);
}
