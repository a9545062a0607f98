using MultimodalAnnotate.Web.Features.Jobs;

namespace MultimodalAnnotate.Web.Features.Ingest;

/// <summary>
/// Maps the steps of a job onto its overall progress (0–1). A step that reports its own progress (ffmpeg's out_time,
/// decoded samples) is sampled twice a second while it runs, which also renews the job's lease during long steps.
/// </summary>
internal sealed class JobStages(IJobProgress progress, CancellationToken ct)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>Reports that the job reached <paramref name="fraction"/> and is now doing <paramref name="message"/>.</summary>
    public Task AtAsync(double fraction, string message) => progress.ReportAsync(fraction, message, ct);

    /// <summary>Runs a step that covers [<paramref name="from"/>, <paramref name="to"/>] of the job.</summary>
    public async Task<T> RunAsync<T>(double from, double to, string message, Func<IProgress<double>, Task<T>> step)
    {
        var sink = new LatestValue();
        await progress.ReportAsync(from, message, ct);
        var task = step(sink);
        while (await Task.WhenAny(task, Task.Delay(Interval, ct)) != task)
        {
            await progress.ReportAsync(from + ((to - from) * sink.Value), message, ct);
        }
        var result = await task;
        await progress.ReportAsync(to, message, ct);
        return result;
    }

    /// <summary>Runs a step without a result.</summary>
    public Task RunAsync(double from, double to, string message, Func<IProgress<double>, Task> step) =>
        RunAsync(from, to, message, async p =>
        {
            await step(p);
            return true;
        });

    private sealed class LatestValue : IProgress<double>
    {
        private double _value;

        public double Value => Volatile.Read(ref _value);

        public void Report(double value) => Volatile.Write(ref _value, Math.Clamp(value, 0, 1));
    }
}
