using Bunit;
using MudBlazor.Services;

namespace MultimodalAnnotate.Web.Tests.Workspace;

/// <summary>A bUnit context with MudBlazor's services and loose JS interop, disposed asynchronously (MudBlazor registers IAsyncDisposable services).</summary>
public abstract class ComponentTestContext : IAsyncLifetime
{
    protected BunitContext Ctx { get; } = new();

    public Task InitializeAsync()
    {
        Ctx.Services.AddMudServices();
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Ctx.DisposeAsync();
}
