using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Components.Account;

internal static class AccountEndpoints
{
    /// <summary>Sign-out is a POST (with antiforgery) so a link in someone else's page cannot sign a user out.</summary>
    public static void MapAccountEndpoints(this WebApplication app) =>
        app.MapPost("/Account/Logout", async (
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        }).ExcludeFromDescription();
}
