using System.Text.Json;
using MultimodalAnnotate.Cli.Interchange;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Output;

/// <summary>
/// The report as one JSON object for pipelines: <c>{ format, summary, items: [{ id, source, location,
/// entities, entitiesWithErrors, findings: [Finding] }] }</c>, findings in the interchange serialisation.
/// </summary>
internal static class JsonReportWriter
{
    private sealed record Document(string Format, Summary Summary, IReadOnlyList<Item> Items);

    private sealed record Summary(
        int Items, int Findings, int Errors, int Warnings, int Infos, int Entities, int EntitiesWithErrors, double SyncErrorRate);

    private sealed record Item(
        Guid Id, string Source, string Location, int Entities, int EntitiesWithErrors, IReadOnlyList<Finding> Findings);

    public static async Task WriteAsync(ValidationReport report, TextWriter output, CancellationToken ct)
    {
        var s = report.Summary;
        var document = new Document(
            InterchangeJson.FormatId,
            new Summary(s.Items, s.Findings, s.Errors, s.Warnings, s.Infos, s.Entities, s.EntitiesWithErrors, s.SyncErrorRate),
            report.Items
                .Select(i => new Item(i.Source.Item.Id, i.Source.File, i.Source.Location, i.Entities, i.EntitiesWithErrors, i.Findings))
                .ToList());
        await output.WriteAsync(JsonSerializer.Serialize(document, InterchangeJson.Options).AsMemory(), ct);
        await output.WriteLineAsync();
        await output.FlushAsync(ct);
    }
}
