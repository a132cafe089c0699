using System.Globalization;

namespace Erlmcp.Autoscaler.Server.Coordinator;

/// <summary>A StatefulSet names its pods <c>{statefulSet}-{ordinal}</c>; this turns one into the other.</summary>
public static class StatefulSetPodNames
{
    public static string Name(string statefulSet, int ordinal) => $"{statefulSet}-{ordinal.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The ordinal of <paramref name="podName"/>, or null when it is not a pod name of that StatefulSet.</summary>
    public static int? Ordinal(string statefulSet, string podName)
    {
        ArgumentNullException.ThrowIfNull(statefulSet);
        ArgumentNullException.ThrowIfNull(podName);
        if (podName.Length <= statefulSet.Length + 1 || !podName.StartsWith(statefulSet, StringComparison.Ordinal) || podName[statefulSet.Length] != '-')
        {
            return null;
        }

        var digits = podName.AsSpan(statefulSet.Length + 1);
        // The controller writes ordinals without sign or leading zeros: "erlmcp-01" is some other pod.
        var canonical = digits.Length == 1 || digits[0] != '0';
        return canonical && digits.IndexOfAnyExceptInRange('0', '9') < 0 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
            ? ordinal
            : null;
    }
}
