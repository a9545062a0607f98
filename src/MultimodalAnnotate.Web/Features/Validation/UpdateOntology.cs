using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Jobs;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Features.Validation;

/// <summary>
/// Replaces a project's ontology (project admins only): classes with their parents, synonyms and forms, disjoint
/// pairs, attribute definitions and the colour taxonomy, in the interchange format's shape. Classes are matched by
/// name (case-insensitive), so existing classes keep their identity, display colour and hotkey and every annotation
/// stays attached; a class that annotations still carry cannot be removed. Bumps the rules version, records the
/// change and queues a background re-validation of every item so findings follow the new ontology.
/// </summary>
public sealed class UpdateOntology(IDbContextFactory<AppDbContext> factory, JobQueue jobs, TimeProvider clock)
{
    /// <summary><paramref name="Renames"/>: existing class name → its name in <paramref name="Ontology"/> (the class keeps its annotations).</summary>
    public sealed record Request(Guid ProjectId, OntologyDefinition Ontology, int ExpectedRulesVersion, IReadOnlyDictionary<string, string>? Renames = null);

    public sealed record Result(int RulesVersion, Guid JobId, IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Renamed);

    /// <summary>Display colours for classes added without one, in turn.</summary>
    private static readonly string[] Palette =
        ["#e53935", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41", "#3949ab", "#c0ca33", "#d81b60", "#00acc1", "#546e7a"];

    public async Task<WriteResult<Result>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // The project row is locked for the whole change (PostgreSQL; SQLite has one writer anyway): two admins saving
        // at once replace the ontology one after the other, and the second sees the first's rules version (409)
        // instead of both rewriting the same rows.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var projects = db.IsPostgres ? db.Projects.FromSql($"SELECT * FROM \"Projects\" WHERE \"Id\" = {request.ProjectId} FOR UPDATE") : db.Projects;
        var project = await projects.FirstOrDefaultAsync(p => p.Id == request.ProjectId, ct);
        var roles = project is null ? new HashSet<ProjectRole>() : await ProjectAccess.RolesAsync(db, userId, project.Id, ct);
        if (project is null || roles.Count == 0)
        {
            return WriteResult<Result>.NotFound($"project {request.ProjectId} does not exist");
        }
        if (!roles.Contains(ProjectRole.Admin))
        {
            return WriteResult<Result>.Forbidden();
        }
        if (project.RulesVersion != request.ExpectedRulesVersion)
        {
            return WriteResult<Result>.Conflict(
                $"the project's rules were changed by someone else (you edited version {request.ExpectedRulesVersion}, it is now version {project.RulesVersion})",
                null);
        }

        var ontology = Normalise(request.Ontology);
        var classes = await db.OntologyClasses.Where(c => c.ProjectId == project.Id).Include(c => c.ParentLinks).ToListAsync(ct);
        // Duplicate names are refused by Check; keep the first so that the in-use check below still runs.
        var wanted = ontology.Classes.DistinctBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var renames = CheckRenames(request.Renames, classes, wanted, errors);
        // The policy names classes too (required text mentions, visual sources, required links): a rename follows there.
        var policy = RenameInPolicy(project.Policy, renames);
        foreach (var (field, message) in Check(ontology, policy))
        {
            errors[field] = message;
        }
        string NewNameOf(OntologyClass c) => renames.TryGetValue(c.Name, out var to) ? to : c.Name;
        var removed = classes.Where(c => !wanted.ContainsKey(NewNameOf(c))).ToList();
        if (removed.Count > 0)
        {
            var removedIds = removed.Select(c => c.Id).ToList();
            var used = await db.Annotations.Where(a => removedIds.Contains(a.ClassId))
                .GroupBy(a => a.ClassId).Select(g => new { ClassId = g.Key, Count = g.Count() }).ToListAsync(ct);
            if (used.Count > 0)
            {
                errors["ontology.classes"] = string.Join("; ", used
                    .Select(u => (Name: removed.First(c => c.Id == u.ClassId).Name, u.Count))
                    .OrderBy(u => u.Name, StringComparer.Ordinal)
                    .Select(u => $"class '{u.Name}' is left out but {u.Count} annotation{(u.Count == 1 ? " carries" : "s carry")} it: relabel or delete {(u.Count == 1 ? "it" : "them")} first"));
            }
        }
        if (errors.Count > 0)
        {
            return WriteResult<Result>.Invalid(errors);
        }

        var before = System.Text.Json.JsonSerializer.Serialize(await SnapshotLoader.LoadOntologyAsync(db, project.Id, ct), ModelJson.Options);
        var byName = classes.Where(c => !removed.Contains(c)).ToDictionary(NewNameOf, StringComparer.OrdinalIgnoreCase);
        var added = new List<string>();
        foreach (var definition in ontology.Classes)
        {
            if (byName.TryGetValue(definition.Name, out var existing))
            {
                existing.Name = definition.Name;
                existing.Synonyms = [.. definition.Synonyms];
                existing.Forms = [.. definition.Forms];
            }
            else
            {
                var created = new OntologyClass
                {
                    ProjectId = project.Id,
                    Name = definition.Name,
                    Colour = Palette[(classes.Count + added.Count) % Palette.Length],
                    Synonyms = [.. definition.Synonyms],
                    Forms = [.. definition.Forms],
                };
                db.OntologyClasses.Add(created);
                byName[definition.Name] = created;
                added.Add(definition.Name);
            }
        }

        // Is-a edges: kept where unchanged, so that no edge is deleted and inserted again under the same key.
        foreach (var definition in ontology.Classes)
        {
            var child = byName[definition.Name];
            var parentIds = definition.Parents.Select(p => byName[p].Id).ToHashSet();
            foreach (var link in child.ParentLinks.Where(l => !parentIds.Contains(l.ParentId)).ToList())
            {
                child.ParentLinks.Remove(link);
                db.OntologyClassParents.Remove(link);
            }
            foreach (var parentId in parentIds.Where(id => child.ParentLinks.All(l => l.ParentId != id)))
            {
                child.ParentLinks.Add(new OntologyClassParent { ChildId = child.Id, ParentId = parentId });
            }
        }
        var removedIdSet = removed.Select(c => c.Id).ToHashSet();
        db.OntologyClassParents.RemoveRange(await db.OntologyClassParents.Where(l => removedIdSet.Contains(l.ChildId) || removedIdSet.Contains(l.ParentId)).ToListAsync(ct));
        db.OntologyClasses.RemoveRange(removed);

        db.OntologyDisjointness.RemoveRange(await db.OntologyDisjointness.Where(d => d.ProjectId == project.Id).ToListAsync(ct));
        db.OntologyDisjointness.AddRange(ontology.Disjoint.Select(d => new OntologyDisjointness { ProjectId = project.Id, ClassAId = byName[d.A].Id, ClassBId = byName[d.B].Id }));
        db.AttributeDefinitions.RemoveRange(await db.AttributeDefinitions.Where(a => a.ProjectId == project.Id).ToListAsync(ct));
        db.AttributeDefinitions.AddRange(ontology.Attributes.Select(a => new AttributeDefinitionEntity { ProjectId = project.Id, Name = a.Name, Kind = a.Kind, Values = [.. a.Values] }));
        db.ColourTerms.RemoveRange(await db.ColourTerms.Where(c => c.ProjectId == project.Id).ToListAsync(ct));
        db.ColourTerms.AddRange(ontology.Colours.Select(c => new ColourTermEntity { ProjectId = project.Id, Name = c.Name, Parent = c.Parent, Rgb = c.Rgb }));

        if (!ReferenceEquals(policy, project.Policy))
        {
            project.Policy = policy;
        }
        project.RulesVersion++;
        HistoryRecorder.Record(db, project.Id, null, "ontology", project.Id, "updated", userId, clock.GetUtcNow(), before,
            System.Text.Json.JsonSerializer.Serialize(ontology, ModelJson.Options));
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WriteResult<Result>.Conflict("the project's rules were changed by someone else while saving", null);
        }
        var job = await jobs.EnqueueAsync(RevalidateProjectJob.JobKind, project.Id, ct: ct);
        return WriteResult<Result>.Ok(new Result(project.RulesVersion, job, added, [.. removed.Select(c => c.Name).Order(StringComparer.Ordinal)],
            [.. renames.Select(r => $"{r.Key} → {r.Value}").Order(StringComparer.Ordinal)]));
    }

    /// <summary>The renames (case-insensitive keys), each checked: an existing class to a class of the new ontology that is not another existing class.</summary>
    private static Dictionary<string, string> CheckRenames(
        IReadOnlyDictionary<string, string>? requested, List<OntologyClass> classes, Dictionary<string, OntologyClassDefinition> wanted, Dictionary<string, string> errors)
    {
        var renames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var existing = classes.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var targets = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (rawFrom, rawTo) in requested ?? new Dictionary<string, string>())
        {
            var from = (rawFrom ?? "").Trim();
            var to = (rawTo ?? "").Trim();
            var field = $"renames.{from}";
            if (!existing.TryGetValue(from, out var cls))
            {
                errors[field] = $"there is no class '{from}' to rename";
            }
            else if (!wanted.TryGetValue(to, out var target))
            {
                errors[field] = $"'{to}' is not a class of the new ontology";
            }
            else if (existing.ContainsKey(to) && !string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
            {
                errors[field] = $"class '{to}' exists already: two classes cannot be merged by a rename (relabel the annotations instead)";
            }
            else if (!targets.Add(to))
            {
                errors[field] = $"another class is renamed to '{to}' too";
            }
            else
            {
                renames[cls.Name] = target.Name;
            }
        }
        return renames;
    }

    /// <summary>The policy with renamed classes' new names; the same instance when no class it names was renamed.</summary>
    internal static ValidationPolicy RenameInPolicy(ValidationPolicy policy, IReadOnlyDictionary<string, string> renames)
    {
        if (renames.Count == 0)
        {
            return policy;
        }
        var changed = false;
        string Rename(string name)
        {
            if (renames.TryGetValue(name.Trim(), out var to))
            {
                changed = true;
                return to;
            }
            return name;
        }
        string RenameLink(string rule)
        {
            // "Modality:class->Modality"
            var arrow = rule.IndexOf("->", StringComparison.Ordinal);
            var colon = arrow < 0 ? -1 : rule.LastIndexOf(':', arrow);
            return colon < 0 ? rule : string.Concat(rule.AsSpan(0, colon + 1), Rename(rule[(colon + 1)..arrow]), rule.AsSpan(arrow));
        }
        var renamed = policy with
        {
            RequiredTextMentionClasses = [.. policy.RequiredTextMentionClasses.Select(Rename)],
            VisualSourceClasses = [.. policy.VisualSourceClasses.Select(Rename)],
            RequiredLinks = [.. policy.RequiredLinks.Select(RenameLink)],
        };
        return changed ? renamed : policy;
    }

    /// <summary>Trims names and drops empty list entries, so that " dog " and "dog" are one class.</summary>
    private static OntologyDefinition Normalise(OntologyDefinition o) => new(
        [.. (o.Classes ?? []).Select(c => new OntologyClassDefinition(
            (c.Name ?? "").Trim(), Clean(c.Parents), Clean(c.Synonyms), Clean(c.Forms)))],
        [.. (o.Disjoint ?? []).Select(d => new DisjointPair((d.A ?? "").Trim(), (d.B ?? "").Trim()))],
        [.. (o.Attributes ?? []).Select(a => new AttributeDefinition((a.Name ?? "").Trim(), a.Kind, Clean(a.Values)))],
        [.. (o.Colours ?? []).Select(c => new ColourTerm((c.Name ?? "").Trim(), string.IsNullOrWhiteSpace(c.Parent) ? null : c.Parent.Trim(), (c.Rgb ?? "").Trim()))]);

    private static List<string> Clean(IReadOnlyList<string>? values) =>
        [.. (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim())];

    /// <summary>
    /// What the engine would refuse (unknown parents, cycles, names defined twice, unknown classes in disjoint pairs,
    /// bad colours; a policy that names a class the ontology no longer has) plus what the store needs (attribute
    /// names unique, enumerations with values), each naming the field.
    /// </summary>
    internal static Dictionary<string, string> Check(OntologyDefinition ontology, ValidationPolicy policy)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ontology.Classes.Count == 0)
        {
            errors["ontology.classes"] = "an ontology needs at least one class";
        }
        var attributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < ontology.Attributes.Count; i++)
        {
            var a = ontology.Attributes[i];
            if (a.Name.Length == 0)
            {
                errors[$"ontology.attributes[{i}].name"] = "an attribute needs a name";
            }
            else if (!attributes.Add(a.Name))
            {
                errors[$"ontology.attributes[{i}].name"] = $"attribute '{a.Name}' is defined twice";
            }
            if (!Enum.IsDefined(a.Kind))
            {
                errors[$"ontology.attributes[{i}].kind"] = "must be enumeration, colour, text, number or boolean";
            }
            else if (a.Kind == AttributeKind.Enumeration && a.Values.Count == 0)
            {
                errors[$"ontology.attributes[{i}].values"] = $"enumeration '{a.Name}' needs at least one value";
            }
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        MultimodalAnnotate.Validation.Ontology.CompiledOntology compiled;
        try
        {
            compiled = MultimodalAnnotate.Validation.Ontology.CompiledOntology.Compile(ontology);
        }
        catch (ArgumentException ex)
        {
            errors["ontology"] = MessageOf(ex);
            return errors;
        }
        try
        {
            _ = new ItemValidator(compiled, policy);
        }
        catch (ArgumentException ex)
        {
            errors["policy"] = $"the project's validation policy does not fit this ontology: {MessageOf(ex)} Change the policy first.";
        }
        return errors;
    }

    private static string MessageOf(ArgumentException ex) =>
        ex.ParamName is { } name ? ex.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : ex.Message;
}
