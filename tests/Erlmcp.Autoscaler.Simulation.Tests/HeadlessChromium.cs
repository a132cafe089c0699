using System.Diagnostics;

namespace Erlmcp.Autoscaler.Simulation.Tests;

/// <summary>A report as a browser sees it: chromium, headless, on a fresh profile.</summary>
internal static class HeadlessChromium
{
    /// <summary>Runs headless chromium with <paramref name="arguments"/> on the page at <paramref name="path"/>; returns what it printed.</summary>
    public static string Run(string path, params string[] arguments)
    {
        var profile = TestFiles.Directory();
        var start = new ProcessStartInfo("chromium")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", .. arguments, new Uri(path).AbsoluteUri])
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("chromium is not on PATH: scripts/setup.sh installs it (apt-get install -y chromium)", e);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium {string.Join(' ', arguments)} did not finish in 60 s");
            }

            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {error.Result}");
            return output;
        }
    }
}
