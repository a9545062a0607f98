using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;
using Serilog.Core;
using Serilog.Events;

namespace MultimodalAnnotate.EndToEndTests.Support;

/// <summary>
/// What the app logged and what each browser page saw (console, page errors, failed requests, navigations, the
/// circuit's web socket opening and closing), with the time since the app started. Appended to
/// <c>TestResults/e2e-diagnostics.log</c> when the collection ends, and printed by <c>scripts/test.sh</c> when a
/// browser test failed: a step that times out then shows what the server and the page were doing meanwhile.
/// </summary>
public sealed class BrowserDiagnostics : ILogEventSink
{
    private const int Capacity = 20_000;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _pages;

    public void Emit(LogEvent logEvent)
    {
        var source = logEvent.Properties.TryGetValue("SourceContext", out var s) ? s.ToString().Trim('"') : "";
        Add($"server {logEvent.Level.ToString()[..3].ToUpperInvariant()} {source}: {logEvent.RenderMessage()}"
            + (logEvent.Exception is null ? "" : $" — {logEvent.Exception.GetType().Name}: {logEvent.Exception.Message}"));
    }

    /// <summary>Listens to one page; its lines are tagged with a page number and the user it was signed in as.</summary>
    public void Watch(IPage page, string user)
    {
        var tag = $"page{Interlocked.Increment(ref _pages)} ({user})";
        Add($"{tag} opened");
        page.Console += (_, m) => Add($"{tag} console.{m.Type}: {m.Text}");
        page.PageError += (_, e) => Add($"{tag} page error: {e}");
        page.RequestFailed += (_, r) => Add($"{tag} request failed: {r.Method} {r.Url} ({r.Failure})");
        page.Response += (_, r) =>
        {
            if (r.Status >= 400)
            {
                Add($"{tag} HTTP {r.Status}: {r.Request.Method} {r.Url}");
            }
        };
        page.FrameNavigated += (_, f) =>
        {
            if (f.ParentFrame is null)
            {
                Add($"{tag} navigated to {f.Url}");
            }
        };
        page.WebSocket += (_, ws) =>
        {
            Add($"{tag} web socket opened {ws.Url}");
            ws.Close += (_, _) => Add($"{tag} web socket closed {ws.Url}");
            ws.SocketError += (_, e) => Add($"{tag} web socket error {ws.Url}: {e}");
        };
        page.Close += (_, _) => Add($"{tag} closed");
    }

    public void Add(string line)
    {
        _lines.Enqueue($"{_clock.Elapsed.TotalSeconds,8:0.000} {line}");
        while (_lines.Count > Capacity && _lines.TryDequeue(out _))
        {
        }
    }

    /// <summary>Appends every line kept so far to <paramref name="path"/> as one section, whose lines all start with "[app N]".</summary>
    public void AppendTo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var app = $"[app {Environment.ProcessId}.{Interlocked.Increment(ref s_apps)}]";
        File.AppendAllLines(path, _lines.Select(line => $"{app} {line}"));
    }

    private static int s_apps;
}
