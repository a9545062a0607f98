using Npgsql;
using MultimodalAnnotate.Web.Data;

namespace MultimodalAnnotate.Web.Tests.Data;

public sealed class StoreRegistrationTests
{
    [Fact]
    public void AConnectionStringWithoutAutoPrepare_GetsStatementsPreparedAfterAFewUses()
    {
        var result = new NpgsqlConnectionStringBuilder(StoreRegistration.WithPostgresDefaults("Host=db;Port=5433;Username=ma;Password=s;Database=x"));

        result.MaxAutoPrepare.Should().Be(64);
        (result.Host, result.Port, result.Username, result.Password, result.Database).Should().Be(("db", 5433, "ma", "s", "x"));
    }

    [Theory]
    [InlineData("Host=db;Database=x;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=x;max auto prepare=10", 10)]
    [InlineData("Host=db;Database=x;MaxAutoPrepare=5", 5)]
    public void AnAutoPrepareSettingInTheConnectionString_IsKept(string connectionString, int expected)
    {
        new NpgsqlConnectionStringBuilder(StoreRegistration.WithPostgresDefaults(connectionString)).MaxAutoPrepare.Should().Be(expected);
    }
}
