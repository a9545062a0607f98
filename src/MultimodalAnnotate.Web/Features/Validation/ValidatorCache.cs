using System.Collections.Concurrent;
using MultimodalAnnotate.Validation;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Web.Features.Validation;

/// <summary>
/// One compiled <see cref="ItemValidator"/> per project and rules version: the ontology is compiled once,
/// not on every save. A new rules version (ontology or policy edited) simply misses the cache.
/// </summary>
public sealed class ValidatorCache
{
    private readonly ConcurrentDictionary<(Guid Project, int Version), ItemValidator> _validators = new();

    public async Task<ItemValidator> GetAsync(Guid projectId, int rulesVersion, Func<Task<(OntologyDefinition, ValidationPolicy)>> load)
    {
        if (_validators.TryGetValue((projectId, rulesVersion), out var validator))
        {
            return validator;
        }
        var (ontology, policy) = await load();
        validator = new ItemValidator(ontology, policy);
        foreach (var stale in _validators.Keys.Where(k => k.Project == projectId && k.Version < rulesVersion))
        {
            _validators.TryRemove(stale, out _);
        }
        return _validators.GetOrAdd((projectId, rulesVersion), validator);
    }
}
