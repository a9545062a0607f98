using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace MultimodalAnnotate.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL server the integration tests run against: the one named by <c>MA_TEST_POSTGRES</c>
/// (set by <c>scripts/test.sh</c>, or by hand), otherwise a <see cref="ThrowawayPostgresCluster"/> started for
/// this test run, so that <c>dotnet test</c> from an IDE works too.
/// </summary>
/// <remarks>
/// Use it as a collection fixture: put the test class in <c>[Collection(PostgresCollection.Name)]</c> and take
/// <see cref="PostgresServer"/> (or a per-class <see cref="PostgresDatabase"/> through
/// <c>IClassFixture&lt;PostgresDatabase&gt;</c>) in the constructor. Every instance in one test process shares one
/// throwaway cluster, started by the first and stopped when the last is disposed.
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>The environment variable naming an existing server (an Npgsql connection string).</summary>
    public const string EnvironmentVariable = "MA_TEST_POSTGRES";

    private static readonly SemaphoreSlim SharedLock = new(1, 1);
    private static ThrowawayPostgresCluster? s_shared;
    private static int s_users;

    private bool _holdsShared;
    private string? _adminConnectionString;

    /// <summary>Superuser connection string to the maintenance database; tests create their own databases.</summary>
    public string AdminConnectionString =>
        _adminConnectionString ?? throw new InvalidOperationException("PostgresServer is not initialised yet.");

    /// <summary>The throwaway cluster this process started, or null when <c>MA_TEST_POSTGRES</c> named a server.</summary>
    public ThrowawayPostgresCluster? OwnCluster => _holdsShared ? s_shared : null;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            _adminConnectionString = given;
        }
        else
        {
            await SharedLock.WaitAsync();
            try
            {
                s_shared ??= await ThrowawayPostgresCluster.StartAsync();
                s_users++;
                _holdsShared = true;
                _adminConnectionString = s_shared.ConnectionString;
            }
            finally
            {
                SharedLock.Release();
            }
        }

        try
        {
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException(
                $"Cannot connect to the test PostgreSQL server ({Describe(_adminConnectionString)}): {ex.Message}", ex);
        }
    }

    /// <summary>Creates an empty database <c>ma_test_&lt;guid&gt;</c>; disposing the result drops it.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = "ma_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"", cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
        return new TestDatabase(this, name, connectionString);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever still uses it.</summary>
    internal async Task DropDatabaseAsync(string name, string connectionString)
    {
        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (!_holdsShared)
        {
            return;
        }

        _holdsShared = false;
        await SharedLock.WaitAsync();
        try
        {
            if (--s_users == 0 && s_shared is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await s_shared.DisposeAsync();
                s_shared = null;
            }
        }
        finally
        {
            SharedLock.Release();
        }
    }

    [SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities",
        Justification = "Only CREATE/DROP DATABASE with names this class generates from a GUID.")]
    private async Task ExecuteAdminAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Describe(string? connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"Host={builder.Host};Port={builder.Port};Username={builder.Username};Database={builder.Database}";
    }
}

/// <summary>The test collection whose classes share one <see cref="PostgresServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>Use as <c>[Collection(PostgresCollection.Name)]</c>.</summary>
    public const string Name = "PostgreSQL";
}
