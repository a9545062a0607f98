using System.Runtime.CompilerServices;

namespace MultimodalAnnotate.Validation;

// Fixed-size buffers for locals. Hot methods use these instead of stackalloc: the JIT compiles a method that has both a
// loop and a stackalloc once, fully optimised but without tiering, so it never gets profile-guided code; with an
// inline array the method is tiered like any other.

/// <summary>Eight values held inline (a local buffer).</summary>
[InlineArray(8)]
internal struct Buffer8<T>
{
    private T _element;
}

/// <summary>128 values held inline (a local buffer).</summary>
[InlineArray(128)]
internal struct Buffer128<T>
{
    private T _element;
}
