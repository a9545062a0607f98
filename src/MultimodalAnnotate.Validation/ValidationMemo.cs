using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Ontology;
using MultimodalAnnotate.Validation.Rules;
using MultimodalAnnotate.Validation.Timing;

namespace MultimodalAnnotate.Validation;

/// <summary>
/// What the engine derived from one item, kept for the next validation of a later version of the same item so that
/// only what changed is derived again (the save path: an annotator edits one annotation of an item whose other
/// annotations and assets stay as they were). Pass the same memo to every
/// <see cref="ItemValidator.Validate(ItemSnapshot, ValidationMemo?)"/> of one item.
/// </summary>
/// <remarks>
/// Reuse is decided by reference: an asset list, or an annotation at the same position, that is the very instance
/// validated last time (snapshots are immutable records, so an edit produces a new instance) keeps its derived facts —
/// the text's class terms and counts, segment and camera lookups, and per annotation its class, asset, granularity,
/// time extent, resolved colours and which attribute values its definitions do not allow. Everything else is derived as without a memo, and every rule still runs over the whole item,
/// so the findings are the same as without one. A memo compiled under another ontology or policy is ignored.
/// Thread-safe: each validation reads one consistent state and publishes a new one. Do not change a snapshot's
/// lists or dictionaries in place after validating it with a memo.
/// </remarks>
public sealed class ValidationMemo
{
    private MemoState? _state;

    internal MemoState? State
    {
        get => Volatile.Read(ref _state);
        set => Volatile.Write(ref _state, value);
    }

    /// <summary>Validations that reused the item's assets (their text analysis) from the memo.</summary>
    public long AssetReuses => Interlocked.Read(ref _assetReuses);

    /// <summary>Annotations whose derived facts were reused, over every validation with this memo.</summary>
    public long AnnotationReuses => Interlocked.Read(ref _annotationReuses);

    private long _assetReuses;
    private long _annotationReuses;

    internal void Count(bool assets, int annotations)
    {
        if (assets)
        {
            Interlocked.Increment(ref _assetReuses);
        }

        if (annotations > 0)
        {
            Interlocked.Add(ref _annotationReuses, annotations);
        }
    }
}

/// <summary>One item's derived facts as of one validation (immutable once published).</summary>
internal sealed class MemoState
{
    public required CompiledOntology Ontology { get; init; }

    public required CompiledPolicy Policy { get; init; }

    public required IReadOnlyList<AssetSnapshot> AssetList { get; init; }

    public required AssetInfo[] Assets { get; init; }

    public required TermMatch[] Terms { get; init; }

    public required bool HasTextAsset { get; init; }

    public required AnnotationSnapshot[] Annotations { get; init; }

    public required int[] AssetOf { get; init; }

    public required int[] ClassOf { get; init; }

    public required Granularity[] GranularityOf { get; init; }

    public required TimeExtent[] Extent { get; init; }

    public required bool[] HasExtent { get; init; }

    /// <summary>Per annotation, the attributes SEM-011 found invalid (bit k: <see cref="CompiledPolicy.CheckedAttributes"/>[k]).</summary>
    public required int[] InvalidAttributes { get; init; }

    /// <summary>Resolved colour attributes as <see cref="ItemContext.ColourValue"/> and friends: slot k × annotations + a.</summary>
    public required int ColourSlots { get; init; }

    public required string?[] ColourValue { get; init; }

    public required int[] ColourTerm { get; init; }

    public required LabColour[] ColourLab { get; init; }
}
