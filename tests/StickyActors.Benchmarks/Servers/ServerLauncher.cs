using System.Globalization;
using System.Reflection;

namespace StickyActors.Benchmarks.Servers;

/// <summary>Starts the three compared servers, each on its own free port of 127.0.0.1.</summary>
internal static class ServerLauncher
{
    /// <summary>The Hello sample built beside this program (the path is stamped in at build time).</summary>
    public static string DefaultHelloDll =>
        typeof(ServerLauncher).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "HelloDll")?.Value is { } path
            ? Path.GetFullPath(path)
            : "Hello.dll";

    /// <summary>A: the StickyActors Hello sample, one master with <paramref name="workers"/> workers, steering in the master (the handoff).</summary>
    public static ServerUnderTest StartSticky(string helloDll, int workers, IEnumerable<string>? extraArguments = null, string steering = "master")
    {
        RequireHello(helloDll);
        var port = FreePort.Next();
        var master = ServerProcess.Start("dotnet", [helloDll, "--port", Text(port), "--workers", Text(workers), "--address", "127.0.0.1", "--steering", steering, .. extraArguments ?? []]);
        return new ServerUnderTest("A", "StickyActors, handoff", port, workers, [master], sticky: true);
    }

    /// <summary>AK: the same as A with <c>listen.steering = kernel</c> (the kernel picks each connection's worker).</summary>
    public static ServerUnderTest StartStickyKernel(string helloDll, int workers)
    {
        var server = StartSticky(helloDll, workers, steering: "kernel");
        return new ServerUnderTest("AK", "StickyActors, kernel", server.Port, workers, server.Processes, sticky: true);
    }

    /// <summary>B: <paramref name="workers"/> Kestrel processes sharing one port with SO_REUSEPORT.</summary>
    public static ServerUnderTest StartReusePort(int workers, string? helloDll = null)
    {
        var port = FreePort.Next();
        var processes = new List<ServerProcess>();
        for (var id = 0; id < workers; id++)
        {
            processes.Add(StartServe(port, id, helloDll));
        }

        return new ServerUnderTest("B", "SO_REUSEPORT", port, workers, processes, sticky: false);
    }

    /// <summary>C: one Kestrel process.</summary>
    public static ServerUnderTest StartSingle(string? helloDll = null)
    {
        var port = FreePort.Next();
        return new ServerUnderTest("C", "1 Kestrel", port, 1, [StartServe(port, 0, helloDll)], sticky: false);
    }

    /// <summary>
    /// Starts one plain Kestrel process, the same app as the Hello sample's workers, on the Hello
    /// sample's own runtime configuration (<c>dotnet exec --runtimeconfig</c>: GC mode, tiered PGO and
    /// every other knob as A's workers get them), so that only the process topology differs.
    /// </summary>
    public static ServerProcess StartServe(int port, int id, string? helloDll = null)
    {
        var self = Path.Combine(AppContext.BaseDirectory, "StickyActors.Benchmarks.dll");
        var runtimeConfig = Path.ChangeExtension(helloDll ?? DefaultHelloDll, ".runtimeconfig.json");
        if (!File.Exists(runtimeConfig))
        {
            throw new FileNotFoundException($"The Hello sample's runtime configuration is not at {runtimeConfig}; build samples/Hello or pass --hello PATH.", runtimeConfig);
        }

        return ServerProcess.Start("dotnet", ["exec", "--runtimeconfig", runtimeConfig, self, "serve", "--port", Text(port), "--id", Text(id)]);
    }

    /// <summary>Throws, with the way out, when the Hello sample is not at <paramref name="helloDll"/>.</summary>
    public static void RequireHello(string helloDll)
    {
        if (!File.Exists(helloDll))
        {
            throw new FileNotFoundException($"The Hello sample is not built at {helloDll}; pass --hello PATH.", helloDll);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
