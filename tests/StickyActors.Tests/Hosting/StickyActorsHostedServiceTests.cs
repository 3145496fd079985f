using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StickyActors.Hosting;
using StickyActors.Kestrel;

namespace StickyActors.Tests.Hosting;

/// <summary>
/// A real master inside a generic host, on loopback port 0. Its "workers" are <c>sleep</c> processes
/// that never register, so accepted connections wait for a worker; stopping the host kills them.
/// </summary>
public sealed class StickyActorsHostedServiceTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly CapturingLoggerProvider _logs = new();

    [Fact]
    public async Task StartAsync_ValidOptions_StartsTheMasterWithTheApplicationsLoggingAndMeters()
    {
        using var app = BuildHost(MasterOptions);

        await app.StartAsync().WaitAsync(s_timeout);
        var sticky = app.Services.GetRequiredService<StickyActorHost>();
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(sticky.ListenEndPoint!).WaitAsync(s_timeout);
            await WaitUntil(async () => (await sticky.GetStatusAsync()).Accepted == 1);
        }

        Assert.Equal(1, AcceptedOnTheApplicationsMeter(app.Services));
        Assert.True(sticky.IsMaster);
        Assert.NotEqual(0, sticky.ListenEndPoint!.Port);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 5005 && e.Message.Contains(sticky.ListenEndPoint.ToString(), StringComparison.Ordinal));
        await WaitUntil(() => Task.FromResult(_logs.Entries.Any(e => e.Message.Contains("accepting on", StringComparison.Ordinal))));
        await app.StopAsync().WaitAsync(s_timeout);
    }

    [Fact]
    public async Task StopAsync_RunningMaster_StopsAcceptingAndKillsItsWorkers()
    {
        using var app = BuildHost(MasterOptions);
        await app.StartAsync().WaitAsync(s_timeout);
        var sticky = app.Services.GetRequiredService<StickyActorHost>();
        var endPoint = sticky.ListenEndPoint!;
        var workerPid = 0;
        await WaitUntil(async () => (workerPid = (await sticky.GetStatusAsync()).Workers[0].Pid) != 0);

        await app.StopAsync().WaitAsync(s_timeout);

        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(endPoint).WaitAsync(s_timeout));
        await WaitUntil(() => Task.FromResult(!Directory.Exists($"/proc/{workerPid}")));
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 5007);
    }

    [Fact]
    public async Task StartAsync_BadOptions_LogsOneCriticalNamingEveryBadKeyAndStopsWithExitCode2()
    {
        using var app = BuildHost(o =>
        {
            MasterOptions(o);
            o.Port = 70000;
            o.Buckets = 0;
        });
        var exitCode = Environment.ExitCode;
        try
        {
            await app.StartAsync().WaitAsync(s_timeout);

            var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
            await WaitUntil(() => Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested));
            Assert.Equal(StickyActorsHostedService.ConfigurationErrorExitCode, Environment.ExitCode);
        }
        finally
        {
            Environment.ExitCode = exitCode;
        }

        var critical = Assert.Single(_logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Equal(5008, critical.EventId.Id);
        Assert.Equal(LogLevel.Critical, critical.Level);
        Assert.Contains("2 configuration problem(s)", critical.Message, StringComparison.Ordinal);
        Assert.Contains("sticky-actors.listen.port", critical.Message, StringComparison.Ordinal);
        Assert.Contains("sticky-actors.routing.buckets", critical.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseStickyActors_InTheMaster_ServesNothingOnTheWebUrlsButAcceptsOnItsOwnPort()
    {
        var webPort = FreePort();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders().AddProvider(_logs);
        builder.Services.AddStickyActors(MasterOptions);
        builder.WebHost.UseStickyActors().UseUrls($"http://127.0.0.1:{webPort}");
        await using var app = builder.Build();
        app.MapGet("/", () => "served by the master");

        await app.StartAsync().WaitAsync(s_timeout);

        Assert.Equal("MasterNoServer", app.Services.GetRequiredService<IServer>().GetType().Name);
        using (var web = new TcpClient())
        {
            await Assert.ThrowsAsync<SocketException>(() => web.ConnectAsync(IPAddress.Loopback, webPort).WaitAsync(s_timeout));
        }

        using (var sticky = new TcpClient())
        {
            await sticky.ConnectAsync(app.Services.GetRequiredService<StickyActorHost>().ListenEndPoint!).WaitAsync(s_timeout);
        }

        await app.StopAsync().WaitAsync(s_timeout);
    }

    private static void MasterOptions(StickyActorsOptions o)
    {
        o.ListenAddress = "127.0.0.1";
        o.Port = 0;
        o.WorkerCount = 1;
        o.WorkerExecutable = "/bin/sleep";
        o.WorkerArguments = ["60"];
        o.WorkerShutdownTimeout = TimeSpan.FromSeconds(5);
    }

    private static long AcceptedOnTheApplicationsMeter(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        long accepted = -1;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "sticky_actors.connections.accepted")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => accepted = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return accepted;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(50);
        }
    }

    private IHost BuildHost(Action<StickyActorsOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(_logs);
        builder.Services.AddStickyActors(configure);
        return builder.Build();
    }
}
