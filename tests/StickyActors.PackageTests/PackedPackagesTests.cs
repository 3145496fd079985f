using System.Globalization;
using System.Text.RegularExpressions;

namespace StickyActors.PackageTests;

/// <summary>
/// Packs StickyActors, StickyActors.Kestrel and StickyActors.SignalR, builds a fresh app from those
/// packages (the HelloHosting sample's Program.cs, and a call of the SignalR backplane's API) and
/// serves one request through a master and one worker.
/// </summary>
public sealed partial class PackedPackagesTests : IDisposable
{
    private static readonly TimeSpan s_stepTimeout = TimeSpan.FromMinutes(5);
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("sticky-packages-");
    private readonly string _version = "0.0.0-packtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    [Fact]
    [Trait("Category", "Package")]
    public async Task PackedPackages_FreshAppWithOneWorker_AnswersFromWorkerZero()
    {
        var repo = RepoRoot();
        var feed = Path.Combine(_temp.FullName, "feed");
        var app = Directory.CreateDirectory(Path.Combine(_temp.FullName, "app")).FullName;

        await DotNet.RunAsync(repo, s_stepTimeout, "pack", "src/StickyActors.Packages.slnf", "-c", "Release", "-o", feed, $"-p:Version={_version}", "--disable-build-servers",
            // Its own bin and obj, so packing never rewrites the outputs other test projects run from.
            "--artifacts-path", Path.Combine(_temp.FullName, "artifacts"));
        Assert.True(File.Exists(Path.Combine(feed, $"StickyActors.{_version}.snupkg")));
        Assert.True(File.Exists(Path.Combine(feed, $"StickyActors.Kestrel.{_version}.snupkg")));
        Assert.True(File.Exists(Path.Combine(feed, $"StickyActors.SignalR.{_version}.snupkg")));
        WriteApp(app, feed, _version, File.ReadAllText(Path.Combine(repo, "samples", "HelloHosting", "Program.cs")));
        await DotNet.RunAsync(app, s_stepTimeout, "build", "-c", "Release", "--disable-build-servers");

        // Disposing the master kills it and every process it started (found in the process tree while it ran).
        await using var master = DotNet.Start(
            app, Path.Combine(app, "bin", "Release", "net10.0", "PackedHello.dll"),
            "--StickyActors:ListenAddress=127.0.0.1", "--StickyActors:Port=0", "--StickyActors:WorkerCount=1");
        var port = int.Parse(ListeningPort().Match(await master.WaitForLineAsync(ListeningPort().IsMatch, TimeSpan.FromMinutes(1))).Groups[1].Value, CultureInfo.InvariantCulture);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"));

        Assert.Equal("worker: 0", body);
        Assert.NotEmpty(master.Descendants);
    }

    public void Dispose()
    {
        _temp.Delete(recursive: true);
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "stickyactors", "stickyactors.kestrel", "stickyactors.signalr" })
        {
            var extracted = new DirectoryInfo(Path.Combine(packages, id, _version));
            if (extracted.Exists)
            {
                extracted.Delete(recursive: true);
            }
        }
    }

    private static void WriteApp(string app, string feed, string version, string program)
    {
        File.WriteAllText(Path.Combine(app, "PackedHello.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="StickyActors.Kestrel" Version="{version}" />
                <!-- Restored and compiled against too: its dependencies must resolve from the packages alone. -->
                <PackageReference Include="StickyActors.SignalR" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <!-- No <clear />: the packed folder comes on top of the machine's own feeds, and every
                   dependency the repository's build already restored comes from its package cache. -->
              <packageSources>
                <add key="packed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), program);

        // Compiled, not run: the backplane's public API comes from the packed StickyActors.SignalR.
        File.WriteAllText(Path.Combine(app, "Backplane.cs"), """
            using StickyActors.SignalR;

            internal static class Backplane
            {
                public static void Add(IServiceCollection services) => services.AddSignalR().AddStickyActorsBackplane();
            }
            """);
    }

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "StickyActors.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("StickyActors.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningPort();
}
