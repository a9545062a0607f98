using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MultimodalAnnotate.IntegrationTests.Support;

namespace MultimodalAnnotate.IntegrationTests.Api;

/// <summary>What a pipeline gets when the server itself fails: problem details it can parse, never an HTML page or an empty body.</summary>
public sealed class ApiErrorTests
{
    [Fact]
    public async Task StoreUnreachable_ReadsAndWritesAnswerProblemJson500WithATraceIdAndNoInternals()
    {
        // Nothing listens on port 9: every query fails, starting with the bearer token's lookup.
        await using var app = AppFactory.Postgres("Host=127.0.0.1;Port=9;Username=nobody;Password=s3cret-pw;Database=none;Timeout=2")
            .WithSetting("Database:MigrateOnStartup", "false")
            .WithSetting("Jobs:Enabled", "false");
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "mma_test_unreachable");

        var read = await client.GetAsync("/api/v1/projects");
        var write = await client.PutAsync($"/api/v1/annotations/{Guid.NewGuid()}",
            new StringContent("""{"version":1,"label":"dog"}""", Encoding.UTF8, "application/json"));

        foreach (var response in new[] { read, write })
        {
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.InternalServerError, text);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            var problem = JsonNode.Parse(text)!;
            problem["title"]!.GetValue<string>().Should().Be("Unexpected server error");
            problem["status"]!.GetValue<int>().Should().Be(500);
            problem["traceId"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
            text.Should().NotContainAny(["Npgsql", "Exception", "Port=9", "s3cret-pw"], "the caller learns nothing of the server's internals or secrets");
        }
    }
}
