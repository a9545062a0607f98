using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Api.Authentication;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Api.Tokens;

/// <summary>A token as listed: never the secret, which only <see cref="CreatedToken"/> carries, once.</summary>
/// <param name="Id">Token id (used to revoke it).</param>
/// <param name="Name">What the owner called it (e.g. "nightly import").</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ExpiresAt">When it stops working, or null for never.</param>
/// <param name="RevokedAt">When it was revoked, or null.</param>
/// <param name="Active">Neither revoked nor expired.</param>
public sealed record TokenView(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, bool Active);

/// <summary>A new token. <see cref="Token"/> is shown this once; only its hash is stored.</summary>
/// <param name="Id">Token id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Token">The secret to send as <c>Authorization: Bearer &lt;token&gt;</c>.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ExpiresAt">When it stops working, or null for never.</param>
public sealed record CreatedToken(Guid Id, string Name, string Token, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <summary>Body of <c>POST /api/v1/tokens</c>.</summary>
/// <param name="Name">1–100 characters, e.g. "nightly import".</param>
/// <param name="ExpiresAt">Optional expiry, in the future.</param>
public sealed record CreateTokenBody(string? Name, DateTimeOffset? ExpiresAt = null);

/// <summary>Creates, lists and revokes a user's own personal access tokens.</summary>
public sealed class ApiTokens(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public const int MaxNameLength = 100;

    public async Task<WriteResult<CreatedToken>> CreateAsync(CreateTokenBody body, string userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var name = body.Name?.Trim() ?? "";
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (name.Length is 0 or > MaxNameLength)
        {
            errors["name"] = $"a name of 1 to {MaxNameLength} characters is required";
        }
        if (body.ExpiresAt is { } expires && expires <= now)
        {
            errors["expiresAt"] = "must be in the future";
        }
        if (errors.Count > 0)
        {
            return WriteResult<CreatedToken>.Invalid(errors);
        }
        var secret = ApiTokenSecret.Generate();
        var token = new ApiToken { UserId = userId, Name = name, TokenHash = ApiTokenSecret.Hash(secret), CreatedAt = now, ExpiresAt = body.ExpiresAt };
        await using var db = await factory.CreateDbContextAsync(ct);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return WriteResult<CreatedToken>.Ok(new CreatedToken(token.Id, token.Name, secret, token.CreatedAt, token.ExpiresAt));
    }

    public async Task<IReadOnlyList<TokenView>> ListAsync(string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return [.. tokens.OrderByDescending(t => t.CreatedAt).Select(t => View(t, now))];
    }

    /// <summary>The caller's own token, or null (also for somebody else's).</summary>
    public async Task<TokenView?> FindAsync(Guid id, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId, ct);
        return token is null ? null : View(token, clock.GetUtcNow());
    }

    /// <summary>Revokes one of the caller's tokens; revoking twice keeps the first time. False when it is not theirs.</summary>
    public async Task<bool> RevokeAsync(Guid id, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId, ct);
        if (token is null)
        {
            return false;
        }
        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static TokenView View(ApiToken t, DateTimeOffset now) =>
        new(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.RevokedAt is null && (t.ExpiresAt is null || t.ExpiresAt > now));
}
