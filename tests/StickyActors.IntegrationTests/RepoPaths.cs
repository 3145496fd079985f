namespace StickyActors.IntegrationTests;

/// <summary>Finds the repository and the built sample programs from the test assembly's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: whichever this test assembly was built as.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string SampleDll(string name) =>
        Path.Combine(Root, "samples", name, "bin", Configuration, "net10.0", name + ".dll");

    /// <summary>A test app built beside the tests, e.g. <c>StickyActors.EchoApp</c>.</summary>
    public static string TestAppDll(string project) =>
        Path.Combine(Root, "tests", project, "bin", Configuration, "net10.0", project + ".dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StickyActors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("StickyActors.sln not found above " + AppContext.BaseDirectory);
    }
}
