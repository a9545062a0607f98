using System.Globalization;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Ontology;
using MultimodalAnnotate.Validation.Rules;

namespace MultimodalAnnotate.Validation;

/// <summary>
/// The sync-error engine: validates one item snapshot against the project's ontology and policy and returns its
/// findings (DESIGN.md §3). Pure: no I/O, no clock, no shared mutable state. Thread-safe: compile the ontology and
/// policy once by constructing a validator, then call <see cref="Validate(ItemSnapshot)"/> from any number of threads.
/// </summary>
public sealed class ItemValidator
{
    /// <summary>
    /// The revision of the rules' behaviour. Raise it with every engine change that can give different findings for
    /// the same snapshot, ontology and policy (a rule fixed or added, a threshold's meaning or a message changed). The
    /// store keeps, per project, the revision its findings were computed with and re-validates projects whose
    /// revision is older when the app starts, so findings of an older engine do not stay open (docs/validation-rules.md).
    /// Revision 1: the tenth session's engine (REF-005 reads colours in counts, among the changes before it).
    /// </summary>
    public const int EngineRevision = 1;

    private readonly CompiledPolicy _policy;

    /// <summary>
    /// Compiles the ontology and the policy. Throws <see cref="ArgumentException"/> naming the problem when the ontology
    /// is inconsistent (see <see cref="CompiledOntology.Compile"/>) or the policy names unknown classes, modalities or
    /// granularities.
    /// </summary>
    public ItemValidator(OntologyDefinition ontology, ValidationPolicy policy)
        : this(CompiledOntology.Compile(ontology), policy)
    {
    }

    /// <summary>Uses an already compiled ontology (share one between validators with different policies).</summary>
    public ItemValidator(CompiledOntology ontology, ValidationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(ontology);
        ArgumentNullException.ThrowIfNull(policy);
        Ontology = ontology;
        Policy = policy;
        _policy = new CompiledPolicy(policy, ontology);
    }

    /// <summary>The compiled ontology.</summary>
    public CompiledOntology Ontology { get; }

    /// <summary>The policy in force.</summary>
    public ValidationPolicy Policy { get; }

    /// <summary>
    /// Validates one item: temporal, semantic, missing-reference and granularity rules, in that order; within a rule,
    /// in the order of the item's annotations and entities. Annotations whose asset is missing and entity mentions of
    /// unknown annotations are ignored. Messages use the invariant culture.
    /// </summary>
    public IReadOnlyList<Finding> Validate(ItemSnapshot item) => Validate(item, null);

    /// <summary>
    /// As <see cref="Validate(ItemSnapshot)"/>, reusing what <paramref name="memo"/> kept from the last validation of
    /// the same item for the assets and annotations that did not change since, and keeping this validation's facts
    /// in it for the next. The findings are the same as without a memo.
    /// </summary>
    public IReadOnlyList<Finding> Validate(ItemSnapshot item, ValidationMemo? memo)
    {
        ArgumentNullException.ThrowIfNull(item);
        var culture = CultureInfo.CurrentCulture;
        var switchCulture = !ReferenceEquals(culture, CultureInfo.InvariantCulture);
        if (switchCulture)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        }

        var context = ItemContext.Rent();
        try
        {
            context.Prepare(item, Ontology, _policy, memo?.State);
            var pairs = context.Pairs;
            for (var e = 0; e < context.EntityCount; e++)
            {
                CrossSensor.PairsOf(context, e, pairs);
            }

            TemporalRules.Run(context, pairs);
            SemanticRules.Run(context);
            MissingReferenceRules.Run(context, pairs);
            GranularityRules.Run(context);
            if (memo is not null)
            {
                memo.Count(context.ReusedAssets, context.ReusedAnnotations);
                if (!context.ReusedEverything)
                {
                    // When every fact came from the memo, its state already describes this snapshot's instances.
                    memo.State = context.Capture();
                }
            }

            return context.Findings is { } findings ? findings : [];
        }
        finally
        {
            context.Return();
            if (switchCulture)
            {
                CultureInfo.CurrentCulture = culture;
            }
        }
    }

    /// <summary>
    /// Every 2D↔3D pair of the item (per entity, each 2D mention on a calibrated camera with the entity's cuboid nearest
    /// in time) and how well the cuboid projects onto it. For display and diagnostics; <see cref="Validate(ItemSnapshot)"/> reports the
    /// failing ones.
    /// </summary>
    public IReadOnlyList<ProjectionMatch> MatchProjections(ItemSnapshot item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var context = ItemContext.Rent();
        try
        {
            context.Prepare(item, Ontology, _policy);
            var pairs = new List<CameraPair>();
            for (var e = 0; e < context.EntityCount; e++)
            {
                CrossSensor.PairsOf(context, e, pairs);
            }

            return pairs.Select(p => new ProjectionMatch(
                context.Annotations[p.Box].Id, context.Annotations[p.Cuboid].Id, context.Assets[p.Camera].Asset.Id,
                context.EntityId(p.Entity), p.Projection.InImage.IoU(p.BoxRect), p.Projection.VisibleFraction, p.TimeDifference,
                p.Projection.InImage, p.BoxRect)).ToList();
        }
        finally
        {
            context.Return();
        }
    }

    /// <summary>The derived facts (modality, granularity, time extent) of every annotation of an item.</summary>
    public static IReadOnlyList<AnnotationFacts> Describe(ItemSnapshot item) => AnnotationFacts.DeriveAll(item);
}
