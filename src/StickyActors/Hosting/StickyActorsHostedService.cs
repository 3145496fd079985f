using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StickyActors.Configuration;
using StickyActors.Logging;

namespace StickyActors.Hosting;

/// <summary>
/// Starts the <see cref="StickyActorHost"/> with the application. In the master the application's
/// lifetime drives it: stopping the application drains the workers. In a worker, a drain by the
/// master (or losing the master) stops the application. Invalid configuration stops the
/// application with one message naming every problem and exit code 2; a crash loop that stops the
/// master (<c>workers.crash-loop.on-limit = stop-master</c>) stops it with exit code 69.
/// </summary>
internal sealed class StickyActorsHostedService(IServiceProvider services, IHostApplicationLifetime lifetime, ILoggerFactory loggerFactory) : IHostedService
{
    /// <summary>The exit code of an application whose StickyActors configuration is invalid.</summary>
    public const int ConfigurationErrorExitCode = 2;

    private readonly ILogger _logger = loggerFactory.CreateLogger("StickyActors.Hosting");
    private StickyActorHost? _host;
    private CancellationTokenRegistration _stopOnDrain;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _host = services.GetRequiredService<StickyActorHost>();
        }
        catch (StickyActorsConfigurationException e)
        {
            // One message and a non-zero exit code: no exception for the host to log again, no abort.
            HostLog.ConfigurationInvalid(_logger, e.Problems.Count, string.Join("; ", e.Problems));
            Environment.ExitCode = ConfigurationErrorExitCode;
            lifetime.StopApplication();
            return Task.CompletedTask;
        }

        if (_host.IsMaster)
        {
            HostLog.MasterStarted(_logger, Environment.ProcessId, _host.ListenEndPoint?.ToString() ?? string.Empty, _host.Settings.Workers.Count);

            // The master stopped on its own: it handed its socket to a new master, or a crash loop with
            // on-limit = stop-master ended it (then the application exits with its code).
            _ = _host.Stopped.ContinueWith(
                stopped =>
                {
                    if (stopped.Result != 0)
                    {
                        Environment.ExitCode = stopped.Result;
                    }

                    lifetime.StopApplication();
                },
                TaskScheduler.Default);
        }
        else
        {
            HostLog.WorkerStarted(_logger, _host.WorkerId, Environment.ProcessId);
            _stopOnDrain = _host.Worker.Stopping.Register(lifetime.StopApplication);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopOnDrain.DisposeAsync().ConfigureAwait(false);
        if (_host is null)
        {
            return;
        }

        if (_host.IsMaster)
        {
            HostLog.MasterStopping(_logger, _host.Settings.Workers.ShutdownTimeout.TotalSeconds);
        }

        await _host.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
