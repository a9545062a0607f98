using System.Net.Sockets;
using Npgsql;
using Xunit.Abstractions;

namespace MultimodalAnnotate.IntegrationTests.Infrastructure;

[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresServer server)
{
    [Fact]
    public async Task CreateDatabase_FreshDatabase_StoresAndQueriesRowsThroughNpgsql()
    {
        await using var database = await server.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();

        await using (var create = new NpgsqlCommand(
            "CREATE TABLE labels (id serial PRIMARY KEY, name text NOT NULL, payload jsonb NOT NULL);"
            + "INSERT INTO labels (name, payload) VALUES ('dog', '{\"kind\":\"box2d\"}'), ('cat', '{\"kind\":\"mask\"}');",
            connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var query = new NpgsqlCommand(
            "SELECT current_database(), string_agg(name, ',' ORDER BY name), count(*) FILTER (WHERE payload->>'kind' = 'mask'), "
            + "current_setting('server_version_num')::int / 10000 FROM labels",
            connection);
        await using var reader = await query.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();
        reader.GetString(0).Should().Be(database.Name).And.StartWith("ma_test_");
        reader.GetString(1).Should().Be("cat,dog");
        reader.GetInt64(2).Should().Be(1);
        reader.GetInt32(3).Should().BeGreaterThanOrEqualTo(15, "the product targets PostgreSQL 15 or newer");
    }

    [Fact]
    public async Task CreateDatabase_TwoDatabases_DoNotSeeEachOthersTables()
    {
        await using var first = await server.CreateDatabaseAsync();
        await using var second = await server.CreateDatabaseAsync();
        first.Name.Should().NotBe(second.Name);

        await ExecuteAsync(first.ConnectionString, "CREATE TABLE only_in_first (id int)");

        (await TableCountAsync(first.ConnectionString, "only_in_first")).Should().Be(1);
        (await TableCountAsync(second.ConnectionString, "only_in_first")).Should().Be(0);
    }

    [Fact]
    public async Task DisposeDatabase_WithPooledConnectionStillOpen_DropsTheDatabase()
    {
        var database = await server.CreateDatabaseAsync();
        var leftOpen = new NpgsqlConnection(database.ConnectionString);
        await leftOpen.OpenAsync();
        (await DatabaseExistsAsync(database.Name)).Should().BeTrue();

        await database.DisposeAsync();

        (await DatabaseExistsAsync(database.Name)).Should().BeFalse();
        await leftOpen.DisposeAsync();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> TableCountAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE tablename = @t", connection);
        command.Parameters.AddWithValue("t", table);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<bool> DatabaseExistsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @n", connection);
        command.Parameters.AddWithValue("n", name);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresDatabaseClassFixtureTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task ClassDatabase_OnFirstUse_IsAnEmptyDatabaseOfItsOwn()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT current_database(), (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();
        reader.GetString(0).Should().Be(database.Name).And.MatchRegex("^ma_test_[0-9a-f]{32}$");
        reader.GetInt64(1).Should().Be(0);
    }
}

public sealed class ThrowawayPostgresClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Start_WithoutConfiguredServer_AcceptsConnectionsAndDisposeStopsIt()
    {
        // Always exercises the path `dotnet test` from an IDE takes (no MA_TEST_POSTGRES), even under scripts/test.sh.
        var cluster = await ThrowawayPostgresCluster.StartAsync();
        output.WriteLine($"Throwaway PostgreSQL cluster started in {cluster.StartupTime.TotalMilliseconds:F0} ms on port {cluster.Port}.");
        try
        {
            await using var connection = new NpgsqlConnection(cluster.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_setting('fsync'), current_setting('server_encoding')", connection);
            await using var reader = await command.ExecuteReaderAsync();
            (await reader.ReadAsync()).Should().BeTrue();
            reader.GetString(0).Should().Be("off", "a throwaway test cluster needs no durability");
            reader.GetString(1).Should().Be("UTF8");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await cluster.DisposeAsync();
        }

        var refused = false;
        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync("127.0.0.1", cluster.Port);
        }
        catch (SocketException)
        {
            refused = true;
        }

        refused.Should().BeTrue("the server must be stopped after dispose, port {0} must refuse connections", cluster.Port);
    }
}
