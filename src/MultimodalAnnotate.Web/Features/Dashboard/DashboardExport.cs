using System.Globalization;
using System.Text;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Features.Dashboard;

/// <summary>
/// The rows behind the dashboard as CSV (RFC 4180, invariant culture, UTF-8): <c>items.csv</c> (units per item, the
/// rates' rows) and <c>findings.csv</c> (one row per finding, the counts' rows). Same access as the dashboard.
/// </summary>
public static class DashboardExport
{
    public static void MapDashboardExport(this WebApplication app) =>
        app.MapGet("/projects/{projectId:guid}/dashboard/{kind}.csv", async (Guid projectId, string kind, int? iteration, HttpContext http, DashboardQueries queries, CancellationToken ct) =>
        {
            if (kind is not ("items" or "findings"))
            {
                return Results.NotFound();
            }
            var (access, facts) = await queries.LoadAsync(projectId, http.User.Id(), ct);
            if (access != DashboardAccess.Allowed)
            {
                return access == DashboardAccess.Forbidden ? Results.StatusCode(StatusCodes.Status403Forbidden) : Results.NotFound();
            }
            var csv = kind == "items" ? ItemsCsv(facts!, iteration) : FindingsCsv(facts!, iteration);
            var name = $"dashboard-{kind}{(iteration is { } n ? $"-iteration-{n.ToString(CultureInfo.InvariantCulture)}" : "")}.csv";
            return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", name);
        }).WithSummary("CSV export of the dashboard's items or findings (QA leads and admins)").WithTags("Dashboard").Produces(StatusCodes.Status401Unauthorized);

    public static string ItemsCsv(DashboardFacts facts, int? iteration = null)
    {
        var text = new StringBuilder();
        Line(text, "item_id", "item", "batch", "iteration", "status", "annotator", "units_in_scope", "units_with_error", "sync_error_rate");
        foreach (var i in facts.Items.Where(i => iteration is null || i.Iteration == iteration).OrderBy(i => i.Iteration).ThenBy(i => i.BatchName, StringComparer.Ordinal).ThenBy(i => i.ItemName, StringComparer.Ordinal))
        {
            Line(text, i.ItemId.ToString(), i.ItemName, i.BatchName, N(i.Iteration), i.Status.ToString(), i.Annotator, N(i.UnitsInScope), N(i.UnitsWithError),
                i.SyncErrorRate?.ToString("0.####", CultureInfo.InvariantCulture) ?? "");
        }
        return text.ToString();
    }

    public static string FindingsCsv(DashboardFacts facts, int? iteration = null)
    {
        var text = new StringBuilder();
        Line(text, "finding_id", "item_id", "item", "batch", "iteration", "annotator", "type", "rule", "severity", "status", "confirmed", "modality_pair", "message", "waiver_reason");
        foreach (var f in facts.Findings.Where(f => iteration is null || f.Iteration == iteration).OrderBy(f => f.Iteration).ThenBy(f => f.ItemName, StringComparer.Ordinal).ThenBy(f => f.RuleCode, StringComparer.Ordinal))
        {
            Line(text, f.FindingId.ToString(), f.ItemId.ToString(), f.ItemName, f.BatchName, N(f.Iteration), f.Annotator, f.Type.ToString(), f.RuleCode,
                f.Severity.ToString(), f.Status.ToString(), f.Confirmed ? "true" : "false", f.ModalityPair, f.Message, f.WaiverReason ?? "");
        }
        return text.ToString();
    }

    /// <summary>
    /// One CSV field: quoted when it holds a comma, quote or line break (quotes doubled). Text a spreadsheet would run
    /// as a formula (starting with = + - @) gets a leading apostrophe: item names and messages come from users.
    /// </summary>
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, params string[] fields) =>
        text.Append(string.Join(',', fields.Select(Field))).Append("\r\n");
}
