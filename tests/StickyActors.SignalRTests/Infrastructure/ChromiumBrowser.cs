namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>
/// Debian's headless Chromium, started here (so the test owns its pid) with a fresh profile and the
/// DevTools endpoint on loopback port 0; the Node scripts attach to it with playwright-core's
/// <c>connectOverCDP</c>. Dispose stops the browser (SIGTERM, then a kill of its process tree) and deletes the profile.
/// </summary>
internal sealed class ChromiumBrowser : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";
    private const string DevToolsLine = "DevTools listening on ";

    private readonly ChildProcess _process;
    private readonly DirectoryInfo _profile;

    private ChromiumBrowser(ChildProcess process, DirectoryInfo profile, string webSocketUrl)
    {
        _process = process;
        _profile = profile;
        WebSocketUrl = webSocketUrl;
    }

    /// <summary>The browser's DevTools web socket, <c>ws://127.0.0.1:PORT/devtools/browser/…</c>.</summary>
    public string WebSocketUrl { get; }

    public static async Task<ChromiumBrowser> LaunchAsync(TimeSpan timeout)
    {
        if (!File.Exists(Executable))
        {
            throw new FileNotFoundException($"No {Executable}; run {Path.Combine(RepoPaths.TestProject, "setup.sh")}.", Executable);
        }

        var profile = Directory.CreateTempSubdirectory("stickyactors-chromium-");
        ChildProcess? process = null;
        try
        {
            process = ChildProcess.Start("chromium", Executable,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank",
            ]);
            var line = await process.WaitForLineAsync(l => l.StartsWith(DevToolsLine, StringComparison.Ordinal), timeout);
            return new ChromiumBrowser(process, profile, line[DevToolsLine.Length..].Trim());
        }
        catch
        {
            process?.KillTree();
            profile.Delete(recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // SIGTERM lets Chromium stop and reap its own helpers; a tree kill follows if it hangs.
        await _process.StopAsync(TimeSpan.FromSeconds(5));
        await _process.DisposeAsync();
        _profile.Delete(recursive: true);
    }
}
