using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MultimodalAnnotate.Web.Data;

namespace MultimodalAnnotate.Web.Infrastructure;

internal static class Health
{
    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        return builder;
    }

    /// <summary><c>/health</c>: 200 with the store's state when healthy, 503 when the database is unreachable or not migrated.</summary>
    public static void MapHealth(this WebApplication app) =>
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = async (context, report) =>
            {
                context.Response.ContentType = "application/json";
                var body = new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(
                        e => e.Key,
                        e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
                };
                await JsonSerializer.SerializeAsync(context.Response.Body, body, JsonSerializerOptions.Web, context.RequestAborted);
            },
        }).AllowAnonymous();
}

internal sealed class StoreHealthCheck(IDbContextFactory<AppDbContext> factory, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var provider = configuration.GetStoreProvider().ToString();
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy($"{provider} database is unreachable",
                    data: new Dictionary<string, object> { ["provider"] = provider });
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            var data = new Dictionary<string, object>
            {
                ["provider"] = provider,
                ["pendingMigrations"] = pending.Count,
                ["projects"] = pending.Count == 0 ? await db.Projects.CountAsync(cancellationToken) : 0,
            };
            return pending.Count == 0
                ? HealthCheckResult.Healthy($"{provider} database reachable and migrated", data)
                : HealthCheckResult.Unhealthy($"{provider} database has {pending.Count} pending migrations: run the migrate command", data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{provider} database is unreachable: {ex.GetBaseException().Message}",
                data: new Dictionary<string, object> { ["provider"] = provider });
        }
    }
}
