using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MultimodalAnnotate.Web.Data;

/// <summary>Which database the app runs on: the embedded SQLite default, or PostgreSQL in production.</summary>
public enum StoreProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Registers the provider chosen by <c>Database:Provider</c> behind <see cref="AppDbContext"/>.</summary>
public static class StoreRegistration
{
    public const string DefaultSqlite = "Data Source=.data/multimodalannotate.db";

    public static StoreProvider GetStoreProvider(this IConfiguration configuration) =>
        Enum.TryParse<StoreProvider>(configuration["Database:Provider"], ignoreCase: true, out var p) ? p : StoreProvider.Sqlite;

    /// <summary>
    /// Npgsql settings the app relies on unless the connection string sets them: statements run often (every save's
    /// reads and its batch) are prepared on the server after a few uses (<c>Max Auto Prepare</c>), so PostgreSQL
    /// parses and plans them once per connection. Set <c>Max Auto Prepare=0</c> behind a pooler in transaction mode.
    /// </summary>
    internal static string WithPostgresDefaults(string connectionString)
    {
        if (connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)
            || connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 }.ConnectionString;
    }

    public static IHostApplicationBuilder AddStore(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration.GetStoreProvider();
        if (provider == StoreProvider.Postgres)
        {
            var cs = builder.Configuration.GetConnectionString("Postgres")
                ?? throw new InvalidOperationException(
                    "Database:Provider is Postgres but no connection string is set: set ConnectionStrings__Postgres.");
            cs = WithPostgresDefaults(cs);
            builder.Services.AddDbContextFactory<PostgresDbContext>(o => o.UseNpgsql(cs));
            builder.Services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<PostgresDbContext>());
            builder.Services.AddSingleton<IDbContextFactory<AppDbContext>>(sp =>
                new DerivedFactory<PostgresDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresDbContext>>()));
        }
        else
        {
            var cs = builder.Configuration.GetConnectionString("Sqlite") ?? DefaultSqlite;
            EnsureSqliteFolder(cs);
            builder.Services.AddDbContextFactory<SqliteDbContext>(o => o.UseSqlite(cs));
            builder.Services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<SqliteDbContext>());
            builder.Services.AddSingleton<IDbContextFactory<AppDbContext>>(sp =>
                new DerivedFactory<SqliteDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteDbContext>>()));
        }
        return builder;
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var dataSource = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    private sealed class DerivedFactory<T>(IDbContextFactory<T> inner) : IDbContextFactory<AppDbContext>
        where T : AppDbContext
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();
    }
}

/// <summary>Design-time factory for <c>dotnet ef migrations add … --context PostgresDbContext</c>.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresDbContext>
{
    public PostgresDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDbContext>()
            .UseNpgsql("Host=localhost;Database=multimodalannotate_design").Options);
}

/// <summary>Design-time factory for <c>dotnet ef migrations add … --context SqliteDbContext</c>.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDbContext>
{
    public SqliteDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDbContext>().UseSqlite("Data Source=design.db").Options);
}
