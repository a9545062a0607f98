using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MultimodalAnnotate.IntegrationTests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster in a fresh temporary folder, started from the local server binaries
/// (<c>/usr/lib/postgresql/15/bin</c>, or <c>MA_PG_BIN</c>) on a free loopback port, the same way
/// <c>scripts/test.sh</c> does it. PostgreSQL refuses to run as root, so as root the binaries run as the
/// <c>postgres</c> OS user through <c>runuser</c>. A watchdog process stops the cluster if the test process
/// dies without disposing it, so no server outlives a crashed or killed test run.
/// </summary>
public sealed class ThrowawayPostgresCluster : IAsyncDisposable
{
    private const string DefaultBinFolder = "/usr/lib/postgresql/15/bin";

    private readonly string _binFolder;
    private readonly string _dataFolder;
    private int? _watchdogPid;

    private ThrowawayPostgresCluster(string binFolder, string dataFolder, int port, TimeSpan startupTime)
    {
        _binFolder = binFolder;
        _dataFolder = dataFolder;
        Port = port;
        StartupTime = startupTime;
    }

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>How long initdb plus start took.</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>Superuser connection string to the <c>postgres</c> maintenance database.</summary>
    public string ConnectionString =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres");

    private static bool RunAsPostgresUser => Environment.IsPrivilegedProcess;

    /// <summary>Creates, starts and returns a new cluster; throws with PostgreSQL's own messages when it cannot.</summary>
    public static async Task<ThrowawayPostgresCluster> StartAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var bin = FindBinFolder();
        var data = Directory.CreateTempSubdirectory("ma-test-pg.").FullName;
        try
        {
            if (RunAsPostgresUser)
            {
                await RunAsync("chown", ["postgres:", data], asPostgres: false, cancellationToken);
            }

            await RunAsync(
                Path.Combine(bin, "initdb"),
                ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"],
                RunAsPostgresUser,
                cancellationToken);

            var log = Path.Combine(data, "postgres.log");
            Exception? lastError = null;
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var port = FreeLoopbackPort();
                var options = string.Create(
                    CultureInfo.InvariantCulture,
                    $"-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300");
                try
                {
                    await RunAsync(
                        Path.Combine(bin, "pg_ctl"),
                        ["-D", data, "-l", log, "-w", "-t", "60", "-o", options, "start"],
                        RunAsPostgresUser,
                        cancellationToken);
                }
                catch (InvalidOperationException ex)
                {
                    // Most likely another process took the port between our probe and the server's bind.
                    lastError = new InvalidOperationException($"{ex.Message}\n--- {log} ---\n{ReadTail(log)}", ex);
                    continue;
                }

                var cluster = new ThrowawayPostgresCluster(bin, data, port, stopwatch.Elapsed);
                await cluster.StartWatchdogAsync(cancellationToken);
                return cluster;
            }

            throw lastError ?? new InvalidOperationException("PostgreSQL did not start.");
        }
        catch
        {
            TryDelete(data);
            throw;
        }
    }

    /// <summary>Stops the server (fast shutdown) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(
                Path.Combine(_binFolder, "pg_ctl"),
                ["-D", _dataFolder, "-m", "fast", "-w", "-t", "30", "stop"],
                RunAsPostgresUser,
                CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Already stopped (or never fully started): nothing left to stop, the folder still goes.
        }

        if (_watchdogPid is { } pid)
        {
            try
            {
                using var watchdog = Process.GetProcessById(pid);
                watchdog.Kill();
            }
            catch (ArgumentException)
            {
                // The watchdog has already exited.
            }
            catch (InvalidOperationException)
            {
                // The watchdog has already exited.
            }
        }

        TryDelete(_dataFolder);
    }

    private static string FindBinFolder()
    {
        var configured = Environment.GetEnvironmentVariable("MA_PG_BIN");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "initdb"))
                ? configured
                : throw new InvalidOperationException($"MA_PG_BIN is '{configured}' but it holds no initdb.");
        }

        if (File.Exists(Path.Combine(DefaultBinFolder, "initdb")))
        {
            return DefaultBinFolder;
        }

        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(folder => Path.Combine(folder, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(
            "No PostgreSQL server binaries found under /usr/lib/postgresql/*/bin. Install them with "
            + "'apt-get install -y postgresql-15', or point MA_TEST_POSTGRES at a running server "
            + "(e.g. 'Host=127.0.0.1;Port=5432;Username=postgres;Password=...;Database=postgres'), or run scripts/test.sh.");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// Starts a detached shell that waits for this test process to end and then stops the cluster:
    /// a safety net for runs that are killed (Ctrl-C, hang timeout) before fixtures are disposed.
    /// </summary>
    private async Task StartWatchdogAsync(CancellationToken cancellationToken)
    {
        // setsid: its own session, so a Ctrl-C sent to the test run's process group does not kill the watchdog too.
        const string Script =
            "setsid bash -c 'pid=$1; shift; data=$1; shift; "
            + "while kill -0 \"$pid\" 2>/dev/null; do sleep 1; done; \"$@\" -D \"$data\" -m immediate stop; rm -rf \"$data\"' "
            + "ma-pg-watchdog \"$@\" </dev/null >/dev/null 2>&1 & echo $!";
        List<string> arguments =
        [
            "-c", Script, "ma-pg-watchdog",
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture), _dataFolder,
        ];
        if (RunAsPostgresUser)
        {
            arguments.AddRange(["runuser", "-u", "postgres", "--"]);
        }

        arguments.Add(Path.Combine(_binFolder, "pg_ctl"));
        var output = await RunAsync("bash", arguments, asPostgres: false, cancellationToken);
        _watchdogPid = int.TryParse(output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static async Task<string> RunAsync(string fileName, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo
        {
            FileName = asPostgres ? "runuser" : fileName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/", // the postgres user may not be able to enter our working directory
        };
        if (asPostgres)
        {
            foreach (var argument in (string[])["-u", "postgres", "--", fileName])
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', arguments)}' exited with code {process.ExitCode}:\n{output}{errors}");
        }

        return output;
    }

    private static string ReadTail(string path)
    {
        try
        {
            return string.Join('\n', File.ReadLines(path).TakeLast(10));
        }
        catch (IOException)
        {
            return "(no log)";
        }
        catch (UnauthorizedAccessException)
        {
            return "(log not readable)";
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover folder in /tmp is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort, as above.
        }
    }
}
