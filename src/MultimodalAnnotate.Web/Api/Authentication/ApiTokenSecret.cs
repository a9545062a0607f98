using System.Security.Cryptography;
using System.Text;

namespace MultimodalAnnotate.Web.Api.Authentication;

/// <summary>
/// Personal access tokens: 32 random bytes, base64url, prefixed <c>mma_</c> so they are recognisable in logs and
/// secret scanners. Only the SHA-256 of the token is stored; the plain token is shown once, when it is created.
/// </summary>
internal static class ApiTokenSecret
{
    public const string Prefix = "mma_";

    public static string Generate() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes: what <c>ApiTokens.TokenHash</c> holds.</summary>
    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The token of an <c>Authorization: Bearer &lt;token&gt;</c> header, or null.</summary>
    public static string? FromHeader(string? authorization)
    {
        const string bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = authorization[bearer.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
