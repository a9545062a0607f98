namespace MultimodalAnnotate.Cli;

/// <summary>The process exit codes of <c>mma</c> (docs/cli.md). Distinct so that pipelines can branch on them.</summary>
public static class ExitCodes
{
    /// <summary>Validation ran; no error-severity finding.</summary>
    public const int Clean = 0;
    /// <summary>Validation ran; at least one error-severity finding.</summary>
    public const int Findings = 1;
    /// <summary>Bad command-line arguments.</summary>
    public const int Usage = 2;
    /// <summary>An input file or folder does not exist or cannot be read.</summary>
    public const int InputNotFound = 3;
    /// <summary>An input file is not well-formed JSON.</summary>
    public const int MalformedJson = 4;
    /// <summary>An input file does not match the interchange JSON Schema.</summary>
    public const int SchemaViolation = 5;
    /// <summary>Input is well-formed but inconsistent: unknown label, dangling reference, duplicate id.</summary>
    public const int SemanticInputError = 6;
    /// <summary>A bug in mma or the engine (an unexpected exception).</summary>
    public const int InternalError = 70;
    /// <summary>Interrupted (Ctrl+C) before the report was written.</summary>
    public const int Interrupted = 130;
}
