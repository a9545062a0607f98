using System.Globalization;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Admin;

/// <summary>
/// The admin page's line about the project's latest re-validation: its state and, when the app queued it after an
/// upgrade of the validation engine, that reason (an admin who changed nothing should not wonder why it ran).
/// </summary>
public static class RevalidationText
{
    public static string Describe(JobStatus status, double progress, string? message, DateTimeOffset? finishedAt, bool afterEngineUpgrade)
    {
        var why = afterEngineUpgrade ? " after the validation engine was upgraded" : "";
        return status switch
        {
            JobStatus.Queued => $"Re-validation of every item{why} is queued.",
            JobStatus.Running => $"Re-validating every item{why}: {progress.ToString("P0", CultureInfo.InvariantCulture)}{(message is { Length: > 0 } m ? $" ({m})" : "")}.",
            JobStatus.Succeeded => afterEngineUpgrade
                ? $"Every item was re-validated with the upgraded validation engine{At(finishedAt)}."
                : $"Every item was re-validated against the current rules{At(finishedAt)}.",
            _ => $"Re-validation{why} failed{(message is { Length: > 0 } e ? $": {e}" : "")}. Findings may be out of date; save the rules again to retry.",
        };
    }

    private static string At(DateTimeOffset? finishedAt) =>
        finishedAt is { } at ? string.Create(CultureInfo.InvariantCulture, $" ({at.ToUniversalTime():yyyy-MM-dd HH:mm} UTC)") : "";
}
