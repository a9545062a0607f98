using MultimodalAnnotate.Cli;

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupt.Cancel();
};
try
{
    return await CliApp.RunAsync(args, Console.Out, Console.Error, interrupt.Token);
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("mma: interrupted");
    return ExitCodes.Interrupted;
}
