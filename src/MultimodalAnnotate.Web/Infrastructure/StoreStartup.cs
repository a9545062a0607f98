using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Demo;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Infrastructure;

internal static class StoreStartup
{
    /// <summary>
    /// Start-up: the embedded default (SQLite) is migrated automatically; PostgreSQL only when
    /// <c>Database:MigrateOnStartup</c> is true, otherwise by the explicit <c>migrate</c> command (ADR-002).
    /// Then the demo project is seeded into an empty store, and projects validated by an older engine revision are
    /// queued for re-validation (<see cref="EngineRevisionCheck"/>).
    /// </summary>
    public static async Task PrepareStoreAsync(this WebApplication app)
    {
        var configuration = app.Configuration;
        var migrate = configuration.GetStoreProvider() == StoreProvider.Sqlite
            || configuration.GetValue<bool>("Database:MigrateOnStartup");
        var migrated = true;
        if (migrate)
        {
            migrated = await app.MigrateStoreAsync();
        }
        else
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            try
            {
                var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
                if (pending.Count > 0)
                {
                    app.Logger.LogError(
                        "The PostgreSQL database has {Count} pending migrations; run `dotnet MultimodalAnnotate.Web.dll migrate`. /health reports 503 until then",
                        pending.Count);
                    return;
                }
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
            {
                app.Logger.LogError(ex, "The database is unreachable at start-up; /health reports 503");
                return;
            }
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(CancellationToken.None);
        }

        if (!migrated)
        {
            return;
        }

        try
        {
            // Findings computed by an older engine are re-validated in the background (the job runner picks the jobs up).
            await app.Services.GetRequiredService<EngineRevisionCheck>().QueueStaleProjectsAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            // An unreachable store (EF wraps its transient errors in InvalidOperationException) must not stop the app:
            // /health reports it.
            app.Logger.LogError(ex, "Checking the projects' engine revision failed; their findings are re-validated at the next start-up or policy change");
        }
    }

    public static async Task<bool> MigrateStoreAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            await db.Database.MigrateAsync();
            var provider = app.Configuration.GetStoreProvider();
            if (provider == StoreProvider.Sqlite)
            {
                // Write-ahead logging (kept in the file): pages and API reads never wait for a job's write
                // transaction, nor writers for readers. In the default rollback journal they could queue for seconds.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
            app.Logger.LogInformation("Store migrated ({Provider}): {Count} migrations applied", provider, pending.Count);
            return true;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
        {
            app.Logger.LogError(ex, "Migrating the store failed");
            return false;
        }
    }
}
