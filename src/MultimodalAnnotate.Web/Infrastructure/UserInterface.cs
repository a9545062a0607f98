using MudBlazor.Services;
using MultimodalAnnotate.Web.Components;
using Serilog;

namespace MultimodalAnnotate.Web.Infrastructure;

internal static class UserInterface
{
    public static IHostApplicationBuilder AddUserInterface(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }

    public static void UseRequestPipeline(this WebApplication app)
    {
        // API callers get a problem+json 500 for an unexpected failure, in every environment: re-executing the error
        // page for them answered HTML to a GET and, for a PUT or POST (no such page), an empty 500.
        app.UseWhen(IsApi, api => api.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteApiErrorAsync }));
        if (!app.Environment.IsDevelopment())
        {
            app.UseWhen(ctx => !IsApi(ctx), pages => pages.UseExceptionHandler("/Error", createScopeForErrors: true));
            app.UseHsts();
        }
        app.UseSerilogRequestLogging();
        // Friendly pages for browsers only: API callers and health probes get the bare status code.
        app.UseWhen(
            ctx => !ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                && !ctx.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }

    private static bool IsApi(HttpContext ctx) => ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>The exception was logged by the handler; the caller gets its trace id to quote, never the exception's text.</summary>
    private static Task WriteApiErrorAsync(HttpContext ctx)
    {
        ctx.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return Results.Problem(
            title: "Unexpected server error",
            detail: "The request failed on the server and was logged; a write that failed saved nothing. Retry later, or quote the trace id when reporting it.",
            statusCode: StatusCodes.Status500InternalServerError,
            extensions: new Dictionary<string, object?> { ["traceId"] = System.Diagnostics.Activity.Current?.Id ?? ctx.TraceIdentifier }).ExecuteAsync(ctx);
    }

    public static void MapUserInterface(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
