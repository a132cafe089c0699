using Erlmcp.Autoscaler.Core.Labels;

namespace Erlmcp.Autoscaler.Server.Metrics;

/// <summary>Label matching for the request path.</summary>
internal static class SelectorMatching
{
    /// <summary>
    /// <see cref="LabelSelector.Matches"/> without its per-call closure: this runs once per pod on every request.
    /// </summary>
    public static bool Matches(LabelSelector selector, IReadOnlyDictionary<string, string> labels)
    {
        if (ReferenceEquals(selector, LabelSelector.Nothing))
        {
            return false;
        }

        var requirements = selector.Requirements;
        for (var i = 0; i < requirements.Count; i++)
        {
            if (!requirements[i].Matches(labels))
            {
                return false;
            }
        }

        return true;
    }
}
