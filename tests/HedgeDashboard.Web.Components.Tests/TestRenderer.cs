// The test renderer subclasses Blazor's Renderer, which lives in the RenderTree namespace by design.
#pragma warning disable BL0006
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;

namespace HedgeDashboard.Web.Components.Tests;

/// <summary>
/// Blazor's Renderer with a settable <see cref="RendererInfo"/>: runs the full lifecycle (including OnAfterRenderAsync)
/// and keeps the last render tree so tests can read attributes.
/// </summary>
public sealed class TestRenderer(IServiceProvider services, bool interactive)
    : Renderer(services, NullLoggerFactory.Instance)
{
    private readonly Dispatcher _dispatcher = Dispatcher.CreateDefault();

    public override Dispatcher Dispatcher => _dispatcher;

    protected override RendererInfo RendererInfo => new(interactive ? "Server" : "Static", interactive);

    public int Batches { get; private set; }

    public async Task<TComponent> RenderAsync<TComponent>(IDictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        var component = (TComponent)InstantiateComponent(typeof(TComponent));
        var id = AssignRootComponentId(component);
        await Dispatcher.InvokeAsync(() => RenderRootComponentAsync(id, ParameterView.FromDictionary(parameters)));
        return component;
    }

    public Task RerenderAsync(IComponent component, IDictionary<string, object?> parameters) =>
        Dispatcher.InvokeAsync(() => component.SetParametersAsync(ParameterView.FromDictionary(parameters)));

    protected override void HandleException(Exception exception) => throw exception;

    protected override Task UpdateDisplayAsync(in RenderBatch renderBatch)
    {
        Batches++;
        return Task.CompletedTask;
    }

    public static IServiceProvider Services(RecordingJsRuntime js) =>
        new ServiceCollection().AddSingleton<IJSRuntime>(js).BuildServiceProvider();
}

/// <summary>Records every JS call; "import" returns a module that records its calls too.</summary>
public sealed class RecordingJsRuntime : IJSRuntime
{
    public ConcurrentQueue<(string Identifier, object?[] Args)> Calls { get; } = new();

    public RecordingModule Module { get; } = new();

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => InvokeAsync<TValue>(identifier, CancellationToken.None, args);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args)
    {
        Calls.Enqueue((identifier, args ?? []));
        return identifier == "import" ? ValueTask.FromResult((TValue)(object)Module) : ValueTask.FromResult(default(TValue)!);
    }

    public sealed class RecordingModule : IJSObjectReference
    {
        public ConcurrentQueue<(string Identifier, object?[] Args)> Calls { get; } = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => InvokeAsync<TValue>(identifier, CancellationToken.None, args);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args)
        {
            Calls.Enqueue((identifier, args ?? []));
            return ValueTask.FromResult(default(TValue)!);
        }
    }
}
