using System.Collections.Concurrent;
using MultimodalAnnotate.Validation;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Web.Features.Validation;

/// <summary>A project's compiled rules: the validator and the names of its ontology classes by id.</summary>
public sealed record CompiledRules(ItemValidator Validator, IReadOnlyDictionary<Guid, string> ClassNames);

/// <summary>
/// One compiled <see cref="ItemValidator"/> per project and rules version: the ontology is compiled once,
/// not on every save. A new rules version (ontology or policy edited) simply misses the cache.
/// </summary>
public sealed class ValidatorCache
{
    private readonly ConcurrentDictionary<(Guid Project, int Version), CompiledRules> _rules = new();

    public async Task<CompiledRules> GetAsync(
        Guid projectId, int rulesVersion, Func<Task<(OntologyDefinition Ontology, IReadOnlyDictionary<Guid, string> ClassNames, ValidationPolicy Policy)>> load)
    {
        if (_rules.TryGetValue((projectId, rulesVersion), out var rules))
        {
            return rules;
        }
        var (ontology, classNames, policy) = await load();
        rules = new CompiledRules(new ItemValidator(ontology, policy), classNames);
        foreach (var stale in _rules.Keys.Where(k => k.Project == projectId && k.Version < rulesVersion))
        {
            _rules.TryRemove(stale, out _);
        }
        return _rules.GetOrAdd((projectId, rulesVersion), rules);
    }
}
