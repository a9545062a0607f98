using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>
/// The seeded demo's review history, written through the real use cases so it obeys the workflow: iteration 1 was
/// submitted a week ago, flagged, reviewed (findings confirmed, one waived) and returned to the annotator;
/// iteration 2 came in today cleaner (two items clean, one approved; the kitchen item still being annotated). The
/// dashboard's trend shows on first start, and every queue has something in it.
/// </summary>
public sealed class DemoReviewStory(IDbContextFactory<AppDbContext> factory, ItemValidation validation, TimeProvider clock)
{
    /// <summary>The demo's items by their role in the story.</summary>
    public sealed record Items(Guid Street1, Guid Yard1, Guid Kitchen1, Guid Street2, Guid Yard2, Guid Kitchen2);

    public async Task WriteAsync(Items items, string annotatorId, string reviewerId, DateTimeOffset iteration1Start, CancellationToken ct)
    {
        var time = new StoryClock(iteration1Start.AddDays(1).AddHours(2));
        var submit = new SubmitItem(factory, validation, time);
        var start = new StartReview(factory, time);
        var confirm = new ConfirmFinding(factory, validation, time);
        var waive = new WaiveFinding(factory, validation, time);
        var @return = new ReturnItem(factory, time);
        var approve = new ApproveItem(factory, time);

        async Task<int> Step(Task<WriteResult<ReviewOutcome>> step, TimeSpan then)
        {
            var result = await step;
            time.Advance(then);
            return result.Succeeded ? result.Value!.Version : throw new InvalidOperationException($"demo review step failed: {string.Join("; ", result.Errors.Values)}");
        }
        async Task<int> Decide(Guid item, string rule, int version, string? waiveReason = null)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var finding = await db.Findings.AsNoTracking().Where(f => f.ItemId == item && f.RuleCode == rule && f.Status == FindingStatus.Open)
                .OrderBy(f => f.Message).FirstAsync(ct);
            var result = waiveReason is null
                ? await confirm.ExecuteAsync(new ConfirmFinding.Request(finding.Id, version), reviewerId, ct)
                : await waive.ExecuteAsync(new WaiveFinding.Request(finding.Id, version, waiveReason), reviewerId, ct);
            time.Advance(TimeSpan.FromMinutes(2));
            return result.Succeeded ? result.Value!.ItemVersion : throw new InvalidOperationException($"demo decision failed: {string.Join("; ", result.Errors.Values)}");
        }

        // Iteration 1: everything submitted, flagged, reviewed and returned.
        foreach (var id in new[] { items.Street1, items.Yard1, items.Kitchen1 })
        {
            await Step(submit.ExecuteAsync(new SubmitItem.Request(id, 1), annotatorId, ct), TimeSpan.FromMinutes(20));
        }
        time.Advance(TimeSpan.FromHours(3));
        var v = await Step(start.ExecuteAsync(new StartReview.Request(items.Street1, 2), reviewerId, ct), TimeSpan.FromMinutes(3));
        v = await Decide(items.Street1, "SEM-002", v);
        v = await Decide(items.Street1, "TMP-006", v);
        await Step(@return.ExecuteAsync(new ReturnItem.Request(items.Street1, v,
            "The caption calls the dog a cat, and the car's cuboid sits 1.5 m beside its box: label it on the sweep of the camera's instant."), reviewerId, ct), TimeSpan.FromMinutes(10));

        v = await Step(start.ExecuteAsync(new StartReview.Request(items.Yard1, 2), reviewerId, ct), TimeSpan.FromMinutes(3));
        v = await Decide(items.Yard1, "GRN-001", v, "The dog is audible over the whole clip: the clip-level label is intended, guideline §Linking allows it for ambient sound.");
        v = await Decide(items.Yard1, "TMP-001", v);
        await Step(@return.ExecuteAsync(new ReturnItem.Request(items.Yard1, v,
            "The second caption cue starts 0.7 s after the bark it describes: move the cue to the bark."), reviewerId, ct), TimeSpan.FromMinutes(10));

        v = await Step(start.ExecuteAsync(new StartReview.Request(items.Kitchen1, 2), reviewerId, ct), TimeSpan.FromMinutes(3));
        v = await Decide(items.Kitchen1, "TMP-001", v);
        await Step(@return.ExecuteAsync(new ReturnItem.Request(items.Kitchen1, v,
            "Speaker B's audio segment starts 0.9 s before the transcript turn: align it with the turn."), reviewerId, ct), TimeSpan.FromMinutes(10));

        // Iteration 2, this morning: cleaner work; one item approved, one waiting for review, one still being annotated.
        time.Set(clock.GetUtcNow().AddHours(-2));
        await Step(submit.ExecuteAsync(new SubmitItem.Request(items.Yard2, 1), annotatorId, ct), TimeSpan.FromMinutes(15));
        await Step(submit.ExecuteAsync(new SubmitItem.Request(items.Street2, 1), annotatorId, ct), TimeSpan.FromMinutes(30));
        v = await Step(start.ExecuteAsync(new StartReview.Request(items.Yard2, 2), reviewerId, ct), TimeSpan.FromMinutes(4));
        await Step(approve.ExecuteAsync(new ApproveItem.Request(items.Yard2, v), reviewerId, ct), TimeSpan.Zero);
    }

    /// <summary>A clock the story moves forward by hand, so the history reads like work done over days.</summary>
    private sealed class StoryClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;

        public void Set(DateTimeOffset to) => _now = to;
    }
}
