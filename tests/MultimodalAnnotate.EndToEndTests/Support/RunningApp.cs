using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Serilog.Core;

namespace MultimodalAnnotate.EndToEndTests.Support;

/// <summary>
/// The real app on real Kestrel (embedded SQLite store, seeded demo) plus Debian's Chromium driven by Playwright.
/// One per test collection: starting the app and the browser costs a few seconds.
/// </summary>
public sealed class RunningApp : IAsyncLifetime
{
    public const string Password = "Annotate!2026";

    private readonly string _folder = Directory.CreateTempSubdirectory("ma-e2e-").FullName;
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

    public IServiceProvider Services => _factory!.Services;

    /// <summary>The app's log and every signed-in page's events, for the diagnostics file (see <see cref="BrowserDiagnostics"/>).</summary>
    public BrowserDiagnostics Diagnostics { get; } = new();

    /// <summary>Where screenshots go: <c>artifacts/screenshots</c> at the repository root (the README links them from docs/screenshots).</summary>
    public static string ScreenshotFolder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MultimodalAnnotate.sln")))
            {
                dir = dir.Parent;
            }
            var folder = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "docs", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Database:Provider", "Sqlite");
            b.UseSetting("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(_folder, "e2e.db")}");
            b.UseSetting("Media:Root", Path.Combine(_folder, "media"));
            b.UseSetting("Demo:Seed", "true");
            b.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            // Kept in memory for the diagnostics file only: requests with their times, the circuits' lives.
            b.UseSetting("Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware", "Information");
            b.UseSetting("Serilog:MinimumLevel:Override:Microsoft.AspNetCore.Components.Server.Circuits", "Debug");
            b.UseSetting("Serilog:MinimumLevel:Override:Microsoft.AspNetCore.Components.Server.Circuits.RemoteRenderer", "Information");
            b.UseSetting("Serilog:MinimumLevel:Override:Microsoft.AspNetCore.Components.Server.Circuits.RemoteJSRuntime", "Information");
            b.UseSetting("Serilog:MinimumLevel:Override:MultimodalAnnotate", "Information");
            b.ConfigureServices(services => services.AddSingleton<ILogEventSink>(Diagnostics));
        });
        // A port the OS picks: UseKestrel(0) still binds 5000 under minimal hosting, so two collections (or two
        // worktrees' test runs on one machine) would collide.
        _factory.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (own cookies) signed in as <paramref name="email"/>, on the projects page.</summary>
    public async Task<IPage> SignInAsync(string email, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, BaseURL = BaseUrl });
        // Playwright's 30 s default was exceeded a few times on this 2-vCPU VM when the host took the CPU away (the
        // same steps take 1–3 s otherwise): 60 s keeps a stalled host from failing a run, a broken page still fails.
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        Diagnostics.Watch(page, $"{email}, {test}");
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        return page;
    }

    /// <summary>
    /// Where the diagnostics go: <c>$MA_TEST_DIAGNOSTICS</c> (set by scripts/test.sh) or <c>TestResults/e2e-diagnostics.log</c>
    /// at the repository root. Each app (one per browser collection) appends its own section.
    /// </summary>
    public static string DiagnosticsFile =>
        Environment.GetEnvironmentVariable("MA_TEST_DIAGNOSTICS") is { Length: > 0 } file
            ? file
            : Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(ScreenshotFolder))!, "TestResults", "e2e-diagnostics.log");

    public async Task DisposeAsync()
    {
        Diagnostics.Add("collection finished");
        Diagnostics.AppendTo(DiagnosticsFile);
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is the OS's to clean then.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<RunningApp>
{
    public const string Name = "Browser";
}
