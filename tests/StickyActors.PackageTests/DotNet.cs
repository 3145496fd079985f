namespace StickyActors.PackageTests;

/// <summary>Runs the <c>dotnet</c> CLI for a test: no build servers or reused MSBuild nodes, so nothing outlives it.</summary>
internal static class DotNet
{
    private static readonly Dictionary<string, string> s_environment = new()
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["UseSharedCompilation"] = "false",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    /// <summary>Starts <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static ChildProcess Start(string workingDirectory, params string[] arguments) =>
        ChildProcess.Start("dotnet " + string.Join(' ', arguments.Take(2)), "dotnet", arguments, s_environment, workingDirectory);

    /// <summary>Runs <c>dotnet</c> to completion and fails the test unless it exits with 0 within <paramref name="timeout"/>.</summary>
    public static async Task RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        await using var child = Start(workingDirectory, arguments);
        if (!await child.WaitForExitAsync(timeout))
        {
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish within {timeout}:\n{child.RecentOutput()}");
        }

        Assert.True(child.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {child.ExitCode}:\n{child.RecentOutput()}");
    }
}
