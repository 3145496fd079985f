using Microsoft.Extensions.Hosting;
using StickyActors.Worker;

namespace StickyActors.Kestrel;

/// <summary>Stops the worker's host when the master drains the worker or is lost.</summary>
internal sealed class StopOnDrain(StickyWorker worker, IHostApplicationLifetime lifetime) : IHostedService
{
    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = worker.Stopping.Register(lifetime.StopApplication);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _registration.DisposeAsync().AsTask();
}
