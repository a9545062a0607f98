using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>Checks a label, its attributes and a geometry against the project's ontology and the asset.</summary>
internal static class AnnotationInputCheck
{
    public static async Task<(OntologyClass? Class, Dictionary<string, string> Errors)> CheckAsync(
        AppDbContext db, Guid projectId, Asset asset, string label, IReadOnlyDictionary<string, string> attributes,
        Geometry? geometry, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var classes = await db.OntologyClasses.AsNoTracking().Where(c => c.ProjectId == projectId).ToListAsync(ct);
        var cls = classes.FirstOrDefault(c => string.Equals(c.Name, label?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (cls is null)
        {
            var suggestion = Closest(label ?? "", classes.Select(c => c.Name));
            errors["label"] = $"unknown label \"{label}\": not in the project's ontology"
                + (suggestion is null ? "" : $" (did you mean \"{suggestion}\"?)");
        }

        if (attributes.Count > 0)
        {
            var definitions = await db.AttributeDefinitions.AsNoTracking().Where(a => a.ProjectId == projectId).ToListAsync(ct);
            var colours = await db.ColourTerms.AsNoTracking().Where(c => c.ProjectId == projectId).Select(c => c.Name).ToListAsync(ct);
            foreach (var (name, value) in attributes)
            {
                var def = definitions.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
                var error = def is null
                    ? $"unknown attribute \"{name}\""
                    : CheckValue(def, value, colours);
                if (error is not null)
                {
                    errors[$"attributes.{name}"] = error;
                }
            }
        }

        if (geometry is null)
        {
            errors["geometry"] = "a geometry is required";
        }
        else if (GeometryCheck.Check(asset, geometry) is { } geometryError)
        {
            errors["geometry"] = geometryError;
        }
        return (cls, errors);
    }

    /// <summary>Checks a value as the engine reads it (SEM-009, SEM-011): trimmed, case-insensitive.</summary>
    private static string? CheckValue(AttributeDefinitionEntity def, string value, IReadOnlyList<string> colours) => CheckTrimmed(def, value.Trim(), colours);

    private static string? CheckTrimmed(AttributeDefinitionEntity def, string value, IReadOnlyList<string> colours) => def.Kind switch
    {
        AttributeKind.Enumeration when !def.Values.Contains(value, StringComparer.OrdinalIgnoreCase) =>
            $"\"{value}\" is not one of {string.Join(", ", def.Values)}",
        AttributeKind.Colour when !colours.Contains(value, StringComparer.OrdinalIgnoreCase)
            && !(value.StartsWith('#') && MultimodalAnnotate.Validation.Ontology.ColourScience.TryParseHex(value, out _)) =>
            $"\"{value}\" is neither a colour of the project's colour taxonomy nor #rrggbb",
        AttributeKind.Number when !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) =>
            $"\"{value}\" is not a number",
        // 1/0 as well, as datasets write flags (COCO's iscrowd) and as the engine's SEM-011 accepts them.
        AttributeKind.Boolean when value is not ("0" or "1") && !bool.TryParse(value, out _) => $"\"{value}\" is not true or false (or 1/0)",
        _ => null,
    };

    /// <summary>The class name with the smallest edit distance, when it is close enough to be a typo.</summary>
    internal static string? Closest(string label, IEnumerable<string> names)
    {
        var best = names
            .Select(n => (Name: n, Distance: Levenshtein(label.ToLowerInvariant(), n.ToLowerInvariant())))
            .OrderBy(x => x.Distance)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, label.Length / 3) ? best.Name : null;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
