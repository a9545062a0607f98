namespace MultimodalAnnotate.IntegrationTests.Infrastructure;

/// <summary>An empty database of its own on the test server; disposing it drops the database.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly PostgresServer _server;
    private bool _dropped;

    internal TestDatabase(PostgresServer server, string name, string connectionString)
    {
        _server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The database name, <c>ma_test_&lt;guid&gt;</c>.</summary>
    public string Name { get; }

    /// <summary>An Npgsql connection string to this database (as superuser).</summary>
    public string ConnectionString { get; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_dropped)
        {
            return;
        }

        _dropped = true;
        await _server.DropDatabaseAsync(Name, ConnectionString);
    }
}

/// <summary>
/// A class fixture that hands one test class a fresh database for all its tests and drops it after the
/// class's last test: <c>public sealed class MyTests(PostgresDatabase db) : IClassFixture&lt;PostgresDatabase&gt;</c>,
/// best together with <c>[Collection(PostgresCollection.Name)]</c> so that all such classes share one server.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private readonly PostgresServer _server = new();
    private TestDatabase? _database;

    /// <summary>The database name, <c>ma_test_&lt;guid&gt;</c>.</summary>
    public string Name => Database.Name;

    /// <summary>An Npgsql connection string to this class's database.</summary>
    public string ConnectionString => Database.ConnectionString;

    /// <summary>The server the database lives on (to create more databases if a test needs them).</summary>
    public PostgresServer Server => _server;

    private TestDatabase Database =>
        _database ?? throw new InvalidOperationException("PostgresDatabase is not initialised yet.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _database = await _server.CreateDatabaseAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        await _server.DisposeAsync();
    }
}
