using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Jobs;
using Npgsql;

namespace MultimodalAnnotate.Benchmarks.Store;

/// <summary>
/// A throwaway database on the server named by MA_BENCH_POSTGRES (scripts/bench.sh starts one with durable
/// settings), migrated, with the store and the annotation use cases as the app registers them. Dropped on dispose.
/// </summary>
internal sealed class BenchmarkStore : IDisposable
{
    private readonly string _admin;
    private readonly string _database = "ma_bench_" + Guid.NewGuid().ToString("N");

    /// <summary>Creates the database and the services; dispose the result to drop it.</summary>
    public static BenchmarkStore Create(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        new(settings, services);

    private BenchmarkStore(IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        _admin = Environment.GetEnvironmentVariable("MA_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("Set MA_BENCH_POSTGRES to a PostgreSQL connection string (scripts/bench.sh does).");
        using (var connection = new NpgsqlConnection(_admin))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            create.ExecuteNonQuery();
        }
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        // Logging every SQL command to the console would be measured with the work.
        builder.Logging.ClearProviders();
        builder.AddStore();
        builder.AddAnnotationUseCases();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<JobSignal>();
        builder.Services.AddSingleton<JobQueue>();
        services?.Invoke(builder.Services);
        Services = builder.Services.BuildServiceProvider();
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.Migrate();
    }

    public ServiceProvider Services { get; }

    public void Dispose()
    {
        Services.Dispose();
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
