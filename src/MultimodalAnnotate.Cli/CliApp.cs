using MultimodalAnnotate.Cli.Commands;
using MultimodalAnnotate.Cli.Interchange;

namespace MultimodalAnnotate.Cli;

/// <summary>The entry point of <c>mma</c>, callable in-process (tests, hosts) with any writers.</summary>
public static class CliApp
{
    private static readonly string[] Commands = ["validate", "help"];

    /// <summary>Runs <c>mma</c> with <paramref name="args"/>; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            return args switch
            {
                [] => await UsageAsync(stderr, "no command given", cancellationToken),
                ["-h" or "--help" or "help"] => await WriteAsync(stdout, HelpText.Main, ExitCodes.Clean, cancellationToken),
                ["help", "validate"] => await WriteAsync(stdout, HelpText.Validate, ExitCodes.Clean, cancellationToken),
                ["--version"] => await WriteAsync(stdout, HelpText.Version, ExitCodes.Clean, cancellationToken),
                ["validate", .. var rest] => await ValidateAsync(rest, stdout, stderr, cancellationToken),
                [var first, ..] => await UsageAsync(stderr, first.StartsWith('-')
                    ? $"unknown option \"{first}\""
                    : $"unknown command \"{first}\"{Suggestions.DidYouMean(first, Commands)}", cancellationToken),
            };
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            await stderr.WriteLineAsync($"mma: internal error: {e}".AsMemory(), cancellationToken);
            return ExitCodes.InternalError;
        }
    }

    private static async Task<int> ValidateAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var (arguments, error) = ValidateArguments.Parse(args);
        if (arguments is null)
        {
            await stderr.WriteLineAsync($"mma validate: {error}".AsMemory(), ct);
            await stderr.WriteLineAsync("Run \"mma validate --help\" for usage.".AsMemory(), ct);
            return ExitCodes.Usage;
        }
        return arguments.Help
            ? await WriteAsync(stdout, HelpText.Validate, ExitCodes.Clean, ct)
            : await ValidateCommand.RunAsync(arguments, stdout, stderr, ct);
    }

    private static async Task<int> UsageAsync(TextWriter stderr, string message, CancellationToken ct)
    {
        await stderr.WriteLineAsync($"mma: {message}".AsMemory(), ct);
        await stderr.WriteLineAsync("Run \"mma --help\" for usage.".AsMemory(), ct);
        return ExitCodes.Usage;
    }

    private static async Task<int> WriteAsync(TextWriter writer, string text, int exitCode, CancellationToken ct)
    {
        await writer.WriteLineAsync(text.AsMemory(), ct);
        await writer.FlushAsync(ct);
        return exitCode;
    }
}
