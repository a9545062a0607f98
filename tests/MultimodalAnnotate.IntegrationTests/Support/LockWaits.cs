using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.Web.Data;

namespace MultimodalAnnotate.IntegrationTests.Support;

/// <summary>For tests that make one transaction wait for another's row lock before letting the first commit.</summary>
public static class LockWaits
{
    /// <summary>Waits until some backend of the app's database waits for a lock; throws naming <paramref name="what"/> after 20 s.</summary>
    public static async Task WaitForALockWaitAsync(this AppFactory app, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var waiting = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Database
                .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                .SingleAsync());
            if (waiting > 0)
            {
                return;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"nothing waited for {what}");
    }
}
