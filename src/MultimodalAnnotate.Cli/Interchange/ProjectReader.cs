using System.Text.Json;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Interchange;

/// <summary>Reads and checks a project file: JSON, schema, then the ontology's own consistency.</summary>
internal static class ProjectReader
{
    /// <summary>The project, or null after adding errors that say why not.</summary>
    public static async Task<ProjectDocument?> ReadAsync(string path, List<InputError> errors, CancellationToken ct)
    {
        var bytes = await JsonInput.ReadAsync(path, path, errors, ct);
        if (bytes is null)
        {
            return null;
        }
        using var document = JsonInput.Parse(bytes, path, null, errors);
        if (document is null)
        {
            return null;
        }
        var violations = InterchangeSchema.Project.Check(document.RootElement, "$");
        if (violations.Count > 0)
        {
            errors.AddRange(violations.Select(v => new InputError(InputErrorKind.Schema, path, v.Path, v.Message)));
            return null;
        }
        ProjectDocument project;
        try
        {
            project = document.RootElement.Deserialize<ProjectDocument>(InterchangeJson.Options)!;
        }
        catch (JsonException e)
        {
            errors.Add(new(InputErrorKind.Schema, path, e.Path, e.Message));
            return null;
        }
        project = project with
        {
            Ontology = InterchangeJson.Normalize(project.Ontology),
            Policy = project.Policy ?? ValidationPolicy.Default,
        };
        var problems = OntologyChecker.Check(project);
        errors.AddRange(problems.Select(p => new InputError(InputErrorKind.Semantic, path, p.Path, p.Message)));
        return problems.Count == 0 ? project : null;
    }
}
