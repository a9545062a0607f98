using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MultimodalAnnotate.IntegrationTests.Support;

/// <summary>
/// The real application (real DI, real store) on a test database: PostgreSQL given a connection string,
/// or SQLite given a file path. Migrations run at start-up; the demo seed runs only when asked for.
/// </summary>
public sealed class AppFactory(string provider, string connectionString, bool seedDemo = false) : WebApplicationFactory<Program>
{
    public string MediaRoot { get; } = Directory.CreateTempSubdirectory("ma-media-").FullName;

    /// <summary>A test database this factory owns and drops when disposed.</summary>
    public IAsyncDisposable? OwnedDatabase { get; init; }

    /// <summary>The store's connection string: another app on it plays another node of the same deployment.</summary>
    public string ConnectionString => connectionString;

    private readonly Dictionary<string, string> _settings = [];

    /// <summary>Sets a configuration value for this app (before its first use).</summary>
    public AppFactory WithSetting(string key, string value)
    {
        _settings[key] = value;
        return this;
    }

    public static AppFactory Postgres(string connectionString, bool seedDemo = false) => new("Postgres", connectionString, seedDemo);

    /// <summary>An app on a fresh database of its own, dropped with the app.</summary>
    public static async Task<AppFactory> PostgresAsync(Infrastructure.PostgresServer server, bool seedDemo = false)
    {
        var database = await server.CreateDatabaseAsync();
        return new AppFactory("Postgres", database.ConnectionString, seedDemo) { OwnedDatabase = database };
    }

    public static AppFactory Sqlite(string path, bool seedDemo = false) => new("Sqlite", $"Data Source={path}", seedDemo);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", provider);
        builder.UseSetting($"ConnectionStrings:{provider}", connectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Demo:Seed", seedDemo ? "true" : "false");
        builder.UseSetting("Media:Root", MediaRoot);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Runs <paramref name="action"/> with services from a fresh scope.</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (OwnedDatabase is not null)
        {
            await OwnedDatabase.DisposeAsync();
        }
        try
        {
            Directory.Delete(MediaRoot, recursive: true);
        }
        catch (IOException)
        {
            // A media file still open by a finishing request: the temp folder is cleaned by the OS later.
        }
    }
}
