namespace Erlmcp.Autoscaler.Server.Security.Tls;

/// <summary>
/// What identifies a file's content cheaply: the path it resolves to, its modification time and its length. Kubernetes
/// updates a mounted Secret by swapping a symlink to a new directory, so the resolved path changes too.
/// </summary>
internal readonly record struct FileVersion(string ResolvedPath, DateTime LastWriteUtc, long Length)
{
    public static FileVersion Of(string path)
    {
        var file = new FileInfo(path);
        var target = file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file;
        return target.Exists ? new(target.FullName, target.LastWriteTimeUtc, target.Length) : new(target.FullName, DateTime.MinValue, -1);
    }
}
