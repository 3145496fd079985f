using System.Reflection;

namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>
/// Where the repository's files are, found by walking up from the test assembly to the directory
/// holding StickyActors.sln: the built Chat sample, the Node scripts and their node_modules.
/// </summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    /// <summary>The Chat sample built in the same configuration as these tests.</summary>
    public static string ChatDll
    {
        get
        {
            var path = Path.Combine(Root, "samples", "Chat", "bin", Metadata("Configuration"), Metadata("TargetFramework"), "Chat.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The Chat sample is not built at {path}.", path);
        }
    }

    /// <summary>This project's source directory: its Node scripts and node_modules (from setup.sh).</summary>
    public static string TestProject => Path.Combine(Root, "tests", "StickyActors.SignalRTests");

    /// <summary>A Node script under browser/, after checking that setup.sh installed playwright-core.</summary>
    public static string BrowserScript(string name)
    {
        var playwright = Path.Combine(TestProject, "node_modules", "playwright-core", "package.json");
        if (!File.Exists(playwright))
        {
            throw new FileNotFoundException($"playwright-core is not installed; run {Path.Combine(TestProject, "setup.sh")}.", playwright);
        }

        return Path.Combine(TestProject, "browser", name);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "StickyActors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No StickyActors.sln above {AppContext.BaseDirectory}.");
    }

    private static string Metadata(string key) =>
        typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"No {key} metadata.");
}
