using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MultimodalAnnotate.Web.Data;

namespace MultimodalAnnotate.Web.Api.Authentication;

/// <summary>Scheme names of the API's authentication.</summary>
public static class ApiAuthenticationSchemes
{
    /// <summary><c>Authorization: Bearer &lt;token&gt;</c> checked against the stored token hashes.</summary>
    public const string Token = "ApiToken";

    /// <summary>The default scheme: the token scheme when an API request carries a bearer token, otherwise Identity's cookie.</summary>
    public const string CookieOrToken = "CookieOrApiToken";

    /// <summary>Claim holding the id of the token a request was authenticated with.</summary>
    public const string TokenIdClaim = "ma:token_id";

    /// <summary>
    /// Picks the scheme. Pages always use the cookie. On API paths a bearer token wins; without one the cookie is used
    /// when the browser sent it, and otherwise the token scheme, so an anonymous call hears <c>WWW-Authenticate: Bearer</c>.
    /// </summary>
    internal static string Select(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return IdentityConstants.ApplicationScheme;
        }
        if (ApiTokenSecret.FromHeader(context.Request.Headers.Authorization) is not null)
        {
            return Token;
        }
        var cookie = context.RequestServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme).Cookie.Name;
        return cookie is not null && context.Request.Cookies.ContainsKey(cookie) ? IdentityConstants.ApplicationScheme : Token;
    }
}

/// <summary>
/// Authenticates a pipeline by its personal access token: the token's SHA-256 must match a stored token that is
/// neither revoked nor expired. The principal carries the owner's <see cref="ClaimTypes.NameIdentifier"/>, so every
/// use case and <c>ProjectAccess</c> treat the pipeline exactly like its owner signed in.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<AppDbContext> factory,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ApiTokenSecret.FromHeader(Request.Headers.Authorization);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }
        var hash = ApiTokenSecret.Hash(token);
        await using var db = await factory.CreateDbContextAsync(Context.RequestAborted);
        var found = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { t.Id, t.UserId, t.ExpiresAt, t.RevokedAt, u.UserName })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (found is null)
        {
            return AuthenticateResult.Fail("unknown token");
        }
        if (found.RevokedAt is not null)
        {
            return AuthenticateResult.Fail("the token was revoked");
        }
        if (found.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
        {
            return AuthenticateResult.Fail("the token has expired");
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, found.UserId),
                new Claim(ClaimTypes.Name, found.UserName ?? found.UserId),
                new Claim(ApiAuthenticationSchemes.TokenIdClaim, found.Id.ToString()),
            ],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    /// <summary>401 with a <c>WWW-Authenticate</c> that says why (RFC 6750), never a redirect.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = result.Failure is { } failure
            ? $"Bearer error=\"invalid_token\", error_description=\"{failure.Message}\""
            : "Bearer";
    }
}
