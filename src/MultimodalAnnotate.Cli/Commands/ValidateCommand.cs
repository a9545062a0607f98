using MultimodalAnnotate.Cli.Formats;
using MultimodalAnnotate.Cli.Interchange;
using MultimodalAnnotate.Cli.Output;
using MultimodalAnnotate.Validation;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Commands;

/// <summary>
/// <c>mma validate</c>: read the project and the items, stop with the input errors if there are any
/// (exit 3–6), otherwise run the engine on every item and print the findings (exit 0 or 1).
/// </summary>
internal static class ValidateCommand
{
    private const int MaxPrintedErrors = 200;

    public static async Task<int> RunAsync(ValidateArguments arguments, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var errors = new List<InputError>();
        ProjectDocument? project = null;
        if (arguments.Project is { } projectPath)
        {
            project = await ProjectReader.ReadAsync(projectPath, errors, ct);
        }

        IReadOnlyList<SourcedItem> items;
        OntologyDefinition? ontology;
        if (arguments.Kitti is { } folder)
        {
            if (!Directory.Exists(folder))
            {
                errors.Add(new(InputErrorKind.NotFound, folder, null, "KITTI folder not found"));
                return await FailAsync(errors, stderr, ct);
            }
            try
            {
                items = KittiObjectFolder.Read(folder)
                    .Select((item, i) => new SourcedItem(InterchangeJson.Normalize(item), folder, JsonPath.Index("$", i)))
                    .ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new(InputErrorKind.NotFound, folder, null, $"cannot be read ({e.Message})"));
                return await FailAsync(errors, stderr, ct);
            }
            catch (Exception e) when (e is FormatException or InvalidDataException)
            {
                errors.Add(new(InputErrorKind.MalformedJson, folder, null, $"malformed KITTI data ({e.Message})"));
                return await FailAsync(errors, stderr, ct);
            }
            ontology = arguments.Project is null ? KittiOntology.Definition : project?.Ontology;
        }
        else
        {
            items = await ItemReader.ReadAsync(arguments.Inputs, arguments.Project, errors, ct);
            ontology = project?.Ontology;
        }

        var labels = ontology is null ? null : new LabelIndex(ontology);
        errors.AddRange(items.AsParallel().AsOrdered().WithCancellation(ct).SelectMany(i => ReferenceChecker.Check(i, labels)));
        errors.AddRange(ReferenceChecker.CheckItemIds(items));
        if (errors.Count > 0 || ontology is null)
        {
            return await FailAsync(errors, stderr, ct);
        }

        ItemValidator validator;
        try
        {
            validator = new ItemValidator(ontology, project?.Policy ?? ValidationPolicy.Default);
        }
        catch (ArgumentException e)
        {
            // The engine's own ontology/policy checks go beyond ours: still an input error, not a crash.
            errors.Add(new(InputErrorKind.Semantic, arguments.Project ?? "KITTI ontology", "$", e.Message));
            return await FailAsync(errors, stderr, ct);
        }
        var report = ValidationRun.Run(items, validator, ct);
        if (arguments.Format == ReportFormat.Json)
        {
            await JsonReportWriter.WriteAsync(report, stdout, ct);
        }
        else
        {
            await TableWriter.WriteAsync(report, stdout, ct);
        }
        return report.Summary.Errors > 0 ? ExitCodes.Findings : ExitCodes.Clean;
    }

    // Input errors are all printed (up to a cap); the exit code is that of the most basic kind found.
    private static async Task<int> FailAsync(List<InputError> errors, TextWriter stderr, CancellationToken ct)
    {
        foreach (var error in errors.Take(MaxPrintedErrors))
        {
            await stderr.WriteLineAsync(error.ToString().AsMemory(), ct);
        }
        if (errors.Count > MaxPrintedErrors)
        {
            await stderr.WriteLineAsync($"... and {errors.Count - MaxPrintedErrors} more input errors".AsMemory(), ct);
        }
        await stderr.WriteLineAsync($"mma: not validated: {Count(errors.Count)} in the input".AsMemory(), ct);
        await stderr.FlushAsync(ct);
        return errors.Min(e => e.ExitCode);
    }

    private static string Count(int n) =>
        n == 1 ? "1 error" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{n} errors");
}
