using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Admin;

namespace MultimodalAnnotate.Web.Tests.Admin;

/// <summary>The admin page's re-validation line says the state, and why when the app queued it after an engine upgrade.</summary>
public sealed class RevalidationTextTests
{
    private static readonly DateTimeOffset Finished = new(2026, 11, 25, 16, 8, 0, TimeSpan.FromHours(1));

    [Theory]
    [InlineData(JobStatus.Queued, "Re-validation of every item after the validation engine was upgraded is queued.")]
    [InlineData(JobStatus.Running, "Re-validating every item after the validation engine was upgraded: 40 % (4 of 10 items re-validated).")]
    [InlineData(JobStatus.Succeeded, "Every item was re-validated with the upgraded validation engine (2026-11-25 15:08 UTC).")]
    [InlineData(JobStatus.Failed, "Re-validation after the validation engine was upgraded failed: boom. Findings may be out of date; save the rules again to retry.")]
    public void AfterAnEngineUpgrade_TheLineSaysSo(JobStatus status, string expected)
    {
        RevalidationText.Describe(status, 0.4, status == JobStatus.Failed ? "boom" : "4 of 10 items re-validated", Finished, afterEngineUpgrade: true)
            .Should().Be(expected);
    }

    [Theory]
    [InlineData(JobStatus.Queued, "Re-validation of every item is queued.")]
    [InlineData(JobStatus.Running, "Re-validating every item: 40 % (4 of 10 items re-validated).")]
    [InlineData(JobStatus.Succeeded, "Every item was re-validated against the current rules (2026-11-25 15:08 UTC).")]
    public void AfterARulesChange_TheLineNamesNoUpgrade(JobStatus status, string expected)
    {
        RevalidationText.Describe(status, 0.4, "4 of 10 items re-validated", Finished, afterEngineUpgrade: false).Should().Be(expected);
    }
}
