using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Interchange;

/// <summary>
/// Consistency of a project's ontology and policy beyond the schema: unique names, known parents and disjoint
/// classes, an is-a graph without cycles, known colour parents, known required classes.
/// </summary>
internal static class OntologyChecker
{
    public static IReadOnlyList<PathProblem> Check(ProjectDocument project)
    {
        var problems = new List<PathProblem>();
        var ontology = project.Ontology;
        var classes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ontology.Classes.Count; i++)
        {
            var name = ontology.Classes[i].Name;
            if (!classes.TryAdd(name, i))
            {
                problems.Add(new(JsonPath.Property(ClassPath(i), "name"),
                    $"duplicate class \"{name}\" (also {ClassPath(classes[name])})"));
            }
        }

        for (var i = 0; i < ontology.Classes.Count; i++)
        {
            var definition = ontology.Classes[i];
            for (var j = 0; j < definition.Parents.Count; j++)
            {
                RequireClass(definition.Parents[j], JsonPath.Index(JsonPath.Property(ClassPath(i), "parents"), j));
            }
            foreach (var (list, member) in new[] { (definition.Synonyms, "synonyms"), (definition.Forms, "forms") })
            {
                for (var j = 0; j < list.Count; j++)
                {
                    if (classes.TryGetValue(list[j], out var other) && other != i)
                    {
                        problems.Add(new(JsonPath.Index(JsonPath.Property(ClassPath(i), member), j),
                            $"\"{list[j]}\" is already the name of another class ({ClassPath(other)})"));
                    }
                }
            }
        }
        if (problems.Count == 0)
        {
            FindCycle(ontology, classes, problems);
        }

        for (var i = 0; i < ontology.Disjoint.Count; i++)
        {
            var pairPath = JsonPath.Index("$.ontology.disjoint", i);
            RequireClass(ontology.Disjoint[i].A, JsonPath.Property(pairPath, "a"));
            RequireClass(ontology.Disjoint[i].B, JsonPath.Property(pairPath, "b"));
        }

        var attributes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ontology.Attributes.Count; i++)
        {
            var attribute = ontology.Attributes[i];
            var attributePath = JsonPath.Index("$.ontology.attributes", i);
            if (!attributes.Add(attribute.Name))
            {
                problems.Add(new(JsonPath.Property(attributePath, "name"), $"duplicate attribute \"{attribute.Name}\""));
            }
            if (attribute.Kind == AttributeKind.Enumeration && attribute.Values.Count == 0)
            {
                problems.Add(new(JsonPath.Property(attributePath, "values"),
                    $"enumeration attribute \"{attribute.Name}\" lists no values"));
            }
        }

        var colours = ontology.Colours.Select(c => c.Name).ToList();
        var seenColours = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ontology.Colours.Count; i++)
        {
            var colour = ontology.Colours[i];
            var colourPath = JsonPath.Index("$.ontology.colours", i);
            if (!seenColours.Add(colour.Name))
            {
                problems.Add(new(JsonPath.Property(colourPath, "name"), $"duplicate colour term \"{colour.Name}\""));
            }
            if (colour.Parent is { } parent && !colours.Contains(parent, StringComparer.Ordinal))
            {
                problems.Add(new(JsonPath.Property(colourPath, "parent"),
                    $"unknown colour term \"{parent}\"{Suggestions.DidYouMean(parent, colours)}"));
            }
        }

        var required = project.Policy?.RequiredTextMentionClasses ?? [];
        for (var i = 0; i < required.Count; i++)
        {
            RequireClass(required[i], JsonPath.Index("$.policy.requiredTextMentionClasses", i));
        }
        return problems;

        void RequireClass(string name, string path)
        {
            if (!classes.ContainsKey(name))
            {
                problems.Add(new(path, $"unknown class \"{name}\" (not in the ontology{Suggestions.DidYouMean(name, classes.Keys)})"));
            }
        }
    }

    private static string ClassPath(int index) => JsonPath.Index("$.ontology.classes", index);

    // Depth-first search over is-a edges; reports the first cycle found as a readable chain.
    private static void FindCycle(OntologyDefinition ontology, Dictionary<string, int> classes, List<PathProblem> problems)
    {
        var state = new int[ontology.Classes.Count]; // 0 unvisited, 1 on the stack, 2 done
        var stack = new List<int>();
        for (var start = 0; start < ontology.Classes.Count; start++)
        {
            if (state[start] == 0 && Visit(start))
            {
                return;
            }
        }

        bool Visit(int node)
        {
            state[node] = 1;
            stack.Add(node);
            foreach (var parent in ontology.Classes[node].Parents)
            {
                var next = classes[parent];
                if (state[next] == 1)
                {
                    var chain = stack.Skip(stack.IndexOf(next)).Append(next).Select(n => $"\"{ontology.Classes[n].Name}\"");
                    problems.Add(new(JsonPath.Property(ClassPath(node), "parents"),
                        $"is-a cycle: {string.Join(" is-a ", chain)} (the class hierarchy must be acyclic)"));
                    return true;
                }
                if (state[next] == 0 && Visit(next))
                {
                    return true;
                }
            }
            stack.RemoveAt(stack.Count - 1);
            state[node] = 2;
            return false;
        }
    }
}
