namespace MultimodalAnnotate.Validation.Ontology;

/// <summary>How two ontology classes relate, seen from the first one.</summary>
public enum ClassRelation
{
    /// <summary>The same class (possibly named through a synonym).</summary>
    Same,
    /// <summary>The first class is an ancestor of the second (<c>animal</c> vs <c>dog</c>).</summary>
    Ancestor,
    /// <summary>The first class is a descendant of the second (<c>puppy</c> vs <c>dog</c>).</summary>
    Descendant,
    /// <summary>Neither is an ancestor of the other, but they share a descendant (<c>pet</c> vs <c>dog</c> when <c>puppy</c> is-a both).</summary>
    Overlapping,
    /// <summary>Declared disjoint, directly or through ancestors (<c>dog</c> ⟂ <c>cat</c>).</summary>
    Disjoint,
    /// <summary>No is-a connection at all.</summary>
    Unrelated,
}

/// <summary>Helpers on <see cref="ClassRelation"/>.</summary>
public static class ClassRelationExtensions
{
    /// <summary>True for relations that cannot describe one real-world thing (disjoint or unrelated).</summary>
    public static bool IsConflict(this ClassRelation relation) =>
        relation is ClassRelation.Disjoint or ClassRelation.Unrelated;

    /// <summary>Orders relations from harmless (0) to conflicting (2): same → 0; ancestor, descendant, overlapping → 1; disjoint, unrelated → 2.</summary>
    public static int Badness(this ClassRelation relation) => relation switch
    {
        ClassRelation.Same => 0,
        ClassRelation.Ancestor or ClassRelation.Descendant or ClassRelation.Overlapping => 1,
        _ => 2,
    };
}
