using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.IntegrationTests.Support;

/// <summary>HTTP clients that call the REST API as a pipeline does: with a personal access token of the given user.</summary>
public static class BearerClients
{
    /// <summary>A client with a bearer token made straight in the store (its SHA-256, as the API stores it).</summary>
    public static async Task<HttpClient> BearerClientAsync(this AppFactory app, string userId)
    {
        var secret = $"mma_test_{Guid.NewGuid():N}";
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.ApiTokens.Add(new ApiToken
            {
                UserId = userId, Name = "test", TokenHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }
}
