using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace MultimodalAnnotate.Web.Infrastructure;

internal static class CurrentUser
{
    /// <summary>The signed-in user's id (Identity's NameIdentifier claim).</summary>
    public static string Id(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No signed-in user.");

    public static async Task<string> UserIdAsync(this Task<AuthenticationState> state) => (await state).User.Id();
}
