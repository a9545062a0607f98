using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.IntegrationTests.Support;
using MultimodalAnnotate.Web.Data;

namespace MultimodalAnnotate.IntegrationTests.Store;

[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresServer server)
{
    [Fact]
    public async Task Postgres_EmptyDatabase_MigratesWithNoPendingModelChanges()
    {
        await using var database = await server.CreateDatabaseAsync();
        await using var app = AppFactory.Postgres(database.ConnectionString);
        _ = app.Services;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        db.Should().BeOfType<PostgresDbContext>();
        (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
        db.Database.HasPendingModelChanges().Should().BeFalse("the PostgreSQL migrations must match the model");
        (await db.Database.GetAppliedMigrationsAsync()).Should().NotBeEmpty();
        (await db.Projects.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Sqlite_EmptyFile_MigratesWithNoPendingModelChanges()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ma-sqlite-").FullName, "store.db");
        await using var app = AppFactory.Sqlite(path);
        _ = app.Services;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        db.Should().BeOfType<SqliteDbContext>();
        (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
        db.Database.HasPendingModelChanges().Should().BeFalse("the SQLite migrations must match the model");
        File.Exists(path).Should().BeTrue();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode";
        (await pragma.ExecuteScalarAsync()).Should().Be("wal", "readers must not wait for a job's write transaction");
    }

    [Fact]
    public async Task Postgres_JsonColumns_AreJsonb()
    {
        await using var database = await server.CreateDatabaseAsync();
        await using var app = AppFactory.Postgres(database.ConnectionString);
        _ = app.Services;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var types = await db.Database.SqlQueryRaw<string>(
            "SELECT data_type AS \"Value\" FROM information_schema.columns WHERE table_name = 'Annotations' AND column_name IN ('Geometry', 'Attributes')").ToListAsync();
        types.Should().Equal("jsonb", "jsonb");
    }
}
