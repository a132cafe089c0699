namespace Erlmcp.Autoscaler.Deploy.Tests.Infrastructure;

/// <summary>Container image references: pinned means a digest, or a tag other than <c>latest</c>.</summary>
internal static class ImageReference
{
    public static bool IsPinned(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return true;
        }

        // The tag follows the last colon of the last path segment (a colon before a slash is a registry port).
        var name = image[(image.LastIndexOf('/') + 1)..];
        var colon = name.LastIndexOf(':');
        return colon > 0 && colon < name.Length - 1 && name[(colon + 1)..] != "latest";
    }
}
