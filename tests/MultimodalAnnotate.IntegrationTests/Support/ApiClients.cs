using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.IntegrationTests.Support;

/// <summary>What the API tests share: bearer clients, JSON bodies, members made in the store, a 400's field errors.</summary>
internal static class ApiClients
{
    /// <summary>A JSON body in the API's spelling.</summary>
    public static StringContent Json<T>(T body) => new(JsonSerializer.Serialize(body, ModelJson.Options), Encoding.UTF8, "application/json");

    /// <summary>The SHA-256 of a token, as the API stores it.</summary>
    public static string Sha256(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A client with a bearer token made straight in the store.</summary>
    public static async Task<HttpClient> BearerClientAsync(AppFactory app, string userId, DateTimeOffset? expiresAt = null, DateTimeOffset? revokedAt = null)
    {
        var secret = $"mma_test_{Guid.NewGuid():N}";
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.ApiTokens.Add(new ApiToken { UserId = userId, Name = "test", TokenHash = Sha256(secret), CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = expiresAt, RevokedAt = revokedAt });
            return await db.SaveChangesAsync();
        });
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    /// <summary>A new user with <paramref name="role"/> in the project; returns the user's id.</summary>
    public static Task<string> NewMemberAsync(AppFactory app, Guid projectId, string name, ProjectRole role) => app.WithScopeAsync(async s =>
    {
        var user = new ApplicationUser { UserName = $"{name}-{Guid.NewGuid():N}@test.local", Email = $"{name}-{Guid.NewGuid():N}@test.local", DisplayName = name };
        (await s.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, "Test!pass1")).Succeeded.Should().BeTrue();
        var db = s.GetRequiredService<AppDbContext>();
        db.ProjectMembers.Add(new ProjectMember { ProjectId = projectId, UserId = user.Id, Role = role, AddedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return user.Id;
    });

    /// <summary>A 400's field errors (failing the test on any other status), messages of one field joined by "; ".</summary>
    public static async Task<Dictionary<string, string>> ErrorsAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return problem["errors"]!.AsObject().ToDictionary(e => e.Key, e => string.Join("; ", e.Value!.AsArray().Select(m => m!.GetValue<string>())), StringComparer.Ordinal);
    }
}
